public import Foundation
public import StrataCore
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import Synchronization
import VaporCSQLite
import StrataDiagnostics
import StrataSQL

/// The embedded warehouse: one SQLite file, schemas mapped onto table names (see `SchemaMapping`).
///
/// Writers are serialized by an async lock on one connection (SQLite allows a single writer anyway), and every
/// replacement happens inside one transaction, so readers on other connections see the old object until the new
/// one is complete, and a failing statement leaves the old object in place.
public final class SQLiteAdapter: DatabaseAdapter {
    /// Type names for seed columns.
    public static let engineTraits = EngineTraits(
        name: "sqlite",
        // The declared types dbt-sqlite gives seed columns, so both tools build identical tables.
        seedTypes: [.integer: "INT", .number: "REAL", .date: "TEXT", .timestamp: "TEXT", .boolean: "INT", .text: "TEXT"])

    public var traits: EngineTraits { Self.engineTraits }

    /// Path of the database file.
    public let path: String
    let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncLock()
    /// Statements under way, so `cancelRunning` can say how many it stopped.
    private let running = Atomic<Int>(0)

    private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection) {
        self.path = path
        self.writer = writer
        self.reader = reader
    }

    /// Opens (creating if needed) a database file.
    /// - Parameter path: the file path; its folder is created if missing.
    /// - Returns: a ready adapter.
    /// - Throws: `DatabaseError` when the file cannot be opened.
    public static func open(path: String) async throws -> SQLiteAdapter {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: quietLogger)
            try await configure(writer)
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: quietLogger)
            try await configure(reader)
            return SQLiteAdapter(path: path, writer: writer, reader: reader)
        } catch {
            throw Self.databaseError(error, sql: nil)
        }
    }

    private static let quietLogger: Logger = {
        var logger = Logger(label: "strata.sqlite")
        logger.logLevel = .critical
        return logger
    }()

    private static func configure(_ connection: SQLiteConnection) async throws {
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=60000", "PRAGMA legacy_alter_table=ON"] {
            _ = try await connection.query(pragma)
        }
        try await connection.install(customFunction: md5)
    }

    /// PostgreSQL's `md5(text)`, which dbt's snapshots and surrogate-key macros call; usable in views too.
    private static let md5 = SQLiteCustomFunction("md5", argumentCount: 1, pure: true, indirect: true) { arguments in
        switch arguments[0] {
        case .null: return nil
        case .blob(let buffer): return MD5.hex(Array(buffer.readableBytesView))
        case .text(let text): return MD5.hex(text)
        case .integer(let integer): return MD5.hex(String(integer))
        case .float(let double): return MD5.hex(String(double))
        }
    }

    /// Interrupts the statements running on both connections (`sqlite3_interrupt`); they fail with SQLITE_INTERRUPT
    /// and their transactions roll back. SQLiteNIO keeps its `sqlite3*` handle internal, so it is read by
    /// reflection; should that ever stop working, a run simply waits for its statement instead.
    public func cancelRunning() async -> Int {
        let underWay = running.load(ordering: .relaxed)
        guard underWay > 0 else { return 0 }
        var interrupted = false
        for connection in [writer, reader] {
            guard let handle = Self.rawHandle(of: connection) else { continue }
            sqlite_nio_sqlite3_interrupt(handle)
            interrupted = true
        }
        return interrupted ? underWay : 0
    }

    /// Runs one statement, counted as under way while it runs.
    private func counted<T>(_ body: () async throws -> T) async rethrows -> T {
        running.add(1, ordering: .relaxed)
        defer { running.subtract(1, ordering: .relaxed) }
        return try await body()
    }

    private static func rawHandle(of connection: SQLiteConnection) -> OpaquePointer? {
        guard let handle = Mirror(reflecting: connection).children.first(where: { $0.label == "handle" })?.value,
              let raw = Mirror(reflecting: handle).children.first(where: { $0.label == "raw" })?.value as? OpaquePointer?
        else { return nil }
        return raw
    }

    public func createSchemas(_ schemas: Set<String>) async throws {
        // Schemas are part of each table's name; there is nothing to create.
    }

    public func materialize(_ request: MaterializationRequest) async throws -> AdapterResponse {
        let target = SchemaMapping.quoted(request.relation)
        let select = SchemaMapping.rewrite(request.sql)
        var statements: [String] = []
        switch request.kind {
        case .table:
            statements.append("CREATE TABLE \(target) AS \(select)")
            statements += Self.indexStatements(request.physical.indexes, on: request.relation)
        case .materializedView:
            // SQLite has no materialized views: the snapshot is a table, and its live twin a view, replaced together.
            let twin = SchemaMapping.quoted(request.relation.realTimeTwin)
            statements.append("CREATE TABLE \(target) AS \(select)")
            statements += Self.indexStatements(request.physical.indexes, on: request.relation)
            statements += ["DROP VIEW IF EXISTS \(twin)", "CREATE VIEW \(twin) AS \(select)", "SELECT * FROM \(twin) LIMIT 0"]
        default:
            statements.append("CREATE VIEW \(target) AS \(select)")
            // SQLite resolves a view's columns only when it is read: read it once so a broken view fails now,
            // inside the transaction, instead of being left behind.
            statements.append("SELECT * FROM \(target) LIMIT 0")
        }
        try await replace(request.relation, with: statements, then: request.stateStatements)
        return AdapterResponse(message: request.kind == .view ? "CREATE VIEW" : "CREATE TABLE")
    }

    /// `CREATE INDEX` statements for configured indexes (the access method type does not exist in SQLite and is
    /// ignored). Index names share one namespace per file, like tables, so they carry the schema as tables do.
    static func indexStatements(_ indexes: [PhysicalConfig.Index], on relation: Relation) -> [String] {
        indexes.map { index in
            let name = SchemaMapping.physicalName(schema: relation.schema, identifier: index.name(on: relation.identifier))
            return "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(Relation.quote(name)) ON \(SchemaMapping.quoted(relation)) (\(index.columns.joined(separator: ", ")))"
        }
    }

    public func loadSeed(
        _ relation: Relation, table: SeedTable, physical: PhysicalConfig, stateStatements: @escaping @Sendable () -> [String]
    ) async throws -> AdapterResponse {
        let target = SchemaMapping.quoted(relation)
        let columns = table.columns.map { column in
            "\(table.sqlName(of: column)) \(column.override ?? traits.seedTypes[column.inferred] ?? "TEXT")"
        }
        let booleanColumns = Set(table.columns.indices.filter { table.columns[$0].inferred == .boolean && table.columns[$0].override == nil })
        try await writeTransaction {
            for statement in try await dropStatements(for: relation) { try await run(statement, on: writer) }
            try await run("CREATE TABLE \(target) (\(columns.joined(separator: ", ")))", on: writer)
            try await insertRows(table, into: target, booleanColumns: booleanColumns)
            for statement in Self.indexStatements(physical.indexes, on: relation) + stateStatements() { try await run(statement, on: writer) }
        }
        return AdapterResponse(message: "INSERT \(table.rowCount)", rowsAffected: table.rowCount)
    }

    private func insertRows(_ table: SeedTable, into target: String, booleanColumns: Set<Int>) async throws {
        let width = max(1, table.columns.count)
        let batchSize = max(1, min(1000, 30_000 / width))
        let rowPlaceholder = "(" + Array(repeating: "?", count: width).joined(separator: ",") + ")"
        var cursor = table.makeCursor()
        var done = false
        while !done {
            var binds: [SQLiteData] = []
            binds.reserveCapacity(batchSize * width)
            var count = 0
            while count < batchSize, cursor.next() {
                count += 1
                for index in 0..<table.columns.count {
                    guard let field = cursor.string(at: index) else { binds.append(.null); continue }
                    if booleanColumns.contains(index) {
                        binds.append(.integer(field.lowercased() == "true" ? 1 : 0))
                    } else {
                        binds.append(.text(field))
                    }
                }
            }
            done = count < batchSize
            guard count > 0 else { break }
            let placeholders = Array(repeating: rowPlaceholder, count: count).joined(separator: ",")
            let sql = "INSERT INTO \(target) VALUES \(placeholders)"
            do {
                _ = try await writer.query(sql, binds)
            } catch {
                throw Self.databaseError(error, sql: "INSERT INTO \(target) VALUES ...")
            }
        }
    }

    public func query(_ sql: String, limit: Int?) async throws -> QueryResult {
        let rewritten = SchemaMapping.rewrite(sql)
        let columns = (try? await describe(rewritten)) ?? []
        let rows: [SQLiteRow]
        do {
            rows = try await counted { try await reader.query(rewritten) }
        } catch {
            throw Self.databaseError(error, sql: rewritten)
        }
        var names = columns
        if names.isEmpty, let first = rows.first {
            names = first.columns.map { ColumnDescription(name: $0.name, dataType: "") }
        }
        let values = rows.prefix(limit ?? Int.max).map { row in row.columns.map { Self.value($0.data) } }
        return QueryResult(columns: names, rows: Array(values))
    }

    /// Column names and declared types of a query, read through a temporary view (works for empty results too).
    /// Each call names its own view: concurrent queries share the reader connection, and with one name a query
    /// could read the columns of another's view.
    private func describe(_ sql: String) async throws -> [ColumnDescription] {
        let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
        let name = "__strata_describe_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let view = "\"\(name)\""
        _ = try await reader.query("CREATE TEMP VIEW \(view) AS \(trimmed)")
        let info = try? await reader.query("SELECT name, type FROM pragma_table_info('\(name)')")
        // Dropped before the query itself runs: changing the schema under a running statement aborts it.
        _ = try await reader.query("DROP VIEW IF EXISTS temp.\(view)")
        return (info ?? []).map { ColumnDescription(name: $0.column("name")?.string ?? "", dataType: $0.column("type")?.string ?? "") }
    }

    public func streamQuery(
        _ sql: String, binds: [QueryValue], batchSize: Int, readRole: String?,
        consume: @Sendable ([[QueryValue]]) async throws -> Void
    ) async throws {
        let rewritten = SchemaMapping.rewrite(sql)
        // A connection of its own on a thread of its own: SQLite hands rows to a callback on the connection's
        // thread, which waits while the caller is busy with a batch; on a shared thread that wait would stall
        // every other query.
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: thread, logger: Self.quietLogger,
                on: MultiThreadedEventLoopGroup.singleton.any())
            try await Self.configure(connection)
            // A read-only connection: even a statement that slipped past the caller's checks cannot write.
            _ = try await connection.query("PRAGMA query_only = ON")
        } catch {
            try? await thread.shutdownGracefully()
            throw Self.databaseError(error, sql: rewritten)
        }
        let handoff = RowHandoff(batchSize: batchSize)
        let bound = binds.map(Self.sqliteData)
        let producer = Task {
            defer { handoff.finish() }
            try await connection.query(rewritten, bound) { row in
                handoff.add(row.columns.map { Self.value($0.data) })
            }
        }
        var failure: (any Error)?
        do {
            for await batch in handoff.batches {
                try await consume(batch)
                handoff.taken()
            }
        } catch {
            failure = error
            handoff.cancel()
            if let handle = Self.rawHandle(of: connection) { sqlite_nio_sqlite3_interrupt(handle) }
        }
        let produced = await producer.result
        try? await connection.close()
        try? await thread.shutdownGracefully()
        if let failure { throw failure }
        if case .failure(let error) = produced { throw Self.databaseError(error, sql: rewritten) }
    }

    /// A page is read on the shared reader connection: a connection of its own per request would cost more than
    /// the page.
    public func readRows(_ sql: String, binds: [QueryValue], readRole: String?) async throws -> [[QueryValue]] {
        let rewritten = SchemaMapping.rewrite(sql)
        let rows = try await self.rows(rewritten, binds.map(Self.sqliteData), on: reader)
        return rows.map { row in row.columns.map { Self.value($0.data) } }
    }

    static func sqliteData(_ value: QueryValue) -> SQLiteData {
        switch value {
        case .null: return .null
        case .integer(let number): return .integer(Int(number))
        case .double(let number): return .float(number)
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .text(let text), .decimal(let text): return .text(text)
        case .blob(let bytes): return .blob(ByteBuffer(bytes: bytes))
        }
    }

    public func execute(_ sql: String) async throws -> AdapterResponse {
        // SQLite prepares one statement at a time: a script runs statement by statement.
        let bytes = Array(sql.utf8)
        let statements = StatementSplitter.split(sql, dialect: .sqlite)
            .map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";"))).isEmpty }
        try await writeLock.withLock {
            for statement in statements.isEmpty ? [sql] : statements { try await run(SchemaMapping.rewrite(statement), on: writer) }
        }
        return AdapterResponse(message: "OK")
    }

    public func relationKind(_ relation: Relation) async throws -> RelationKind? {
        try await kind(of: relation, on: reader)
    }

    /// What holds a relation's name, asked on a given connection.
    private func kind(of relation: Relation, on connection: SQLiteConnection) async throws -> RelationKind? {
        let name = SchemaMapping.physicalName(schema: relation.schema, identifier: relation.identifier)
        let rows = try await rows("SELECT type FROM sqlite_master WHERE name = ? COLLATE NOCASE", [.text(name)], on: connection)
        switch rows.first?.column("type")?.string {
        case "table": return .table
        case "view": return .view
        default: return nil
        }
    }

    private func rows(_ sql: String, _ binds: [SQLiteData], on connection: SQLiteConnection) async throws -> [SQLiteRow] {
        do {
            return try await counted { try await connection.query(sql, binds) }
        } catch {
            throw Self.databaseError(error, sql: sql)
        }
    }

    public func columns(of relation: Relation) async throws -> [ColumnDescription] {
        let name = SchemaMapping.physicalName(schema: relation.schema, identifier: relation.identifier)
        let rows = try await rows("SELECT name, type FROM pragma_table_info(?)", [.text(name)], on: reader)
        return rows.map { ColumnDescription(name: $0.column("name")?.string ?? "", dataType: $0.column("type")?.string ?? "") }
    }

    public func quotedName(_ relation: Relation) -> String { SchemaMapping.quoted(relation) }

    public func listRelations(inSchemas schemas: Set<String>) async throws -> [Relation: RelationKind] {
        let rows = try await rows("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')", [], on: reader)
        var relations: [Relation: RelationKind] = [:]
        for row in rows {
            guard let name = row.column("name")?.string, let relation = SchemaMapping.relation(physicalName: name),
                schemas.contains(relation.schema)
            else { continue }
            relations[relation] = row.column("type")?.string == "view" ? .view : .table
        }
        return relations
    }

    public func drop(_ relation: Relation, stateStatements: [String]) async throws {
        try await writeTransaction {
            for statement in try await dropStatements(for: relation) + stateStatements { try await run(statement, on: writer) }
        }
    }

    public func withRolledBackTransaction<T: Sendable>(_ body: @Sendable (any DryRunTransaction) async throws -> T) async throws -> T {
        try await writeTransaction(commits: false) { try await body(SQLiteDryRun(adapter: self)) }
    }

    /// Creates a request's object on the writer, inside the dry run's transaction, under a savepoint.
    fileprivate func dryRunMaterialize(_ request: MaterializationRequest) async throws {
        let target = SchemaMapping.quoted(request.relation)
        let select = SchemaMapping.rewrite(request.sql)
        var statements = try await dropStatements(for: request.relation)
        switch request.kind {
        case .table:
            // The rows are not needed to prove the SQL works; an empty table keeps the column names and types.
            statements.append("CREATE TABLE \(target) AS SELECT * FROM (\(select)) LIMIT 0")
        default:
            statements.append("CREATE VIEW \(target) AS \(select)")
            statements.append("SELECT * FROM \(target) LIMIT 0")
        }
        try await run("SAVEPOINT strata_dry_run", on: writer)
        do {
            for statement in statements { try await run(statement, on: writer) }
            try await run("RELEASE strata_dry_run", on: writer)
        } catch {
            try? await run("ROLLBACK TO strata_dry_run", on: writer)
            try? await run("RELEASE strata_dry_run", on: writer)
            throw error
        }
    }

    public func close() async {
        try? await writer.close()
        try? await reader.close()
    }

    /// Statements that drop whatever currently holds a relation's name; asked on the writer connection, which
    /// already knows the current schema (another connection would re-read the whole schema after every change).
    func dropStatements(for relation: Relation) async throws -> [String] {
        let target = SchemaMapping.quoted(relation)
        switch try await kind(of: relation, on: writer) {
        case .table: return ["DROP TABLE \(target)"]
        case .view: return ["DROP VIEW \(target)"]
        default: return []
        }
    }

    /// Drops the relation's current object and runs `statements`, then the state's, in one transaction, under
    /// the write lock.
    private func replace(_ relation: Relation, with statements: [String], then stateStatements: @Sendable () -> [String] = { [] }) async throws {
        try await writeTransaction {
            for statement in try await dropStatements(for: relation) + statements { try await run(statement, on: writer) }
            for statement in stateStatements() { try await run(statement, on: writer) }
        }
    }

    /// Runs `body` in one transaction on the writer, under the write lock; it commits when `body` returns (unless
    /// `commits` is false) and rolls back when it throws.
    func writeTransaction<T: Sendable>(commits: Bool = true, _ body: () async throws -> T) async throws -> T {
        try await writeLock.withLock {
            try await run("BEGIN IMMEDIATE", on: writer)
            do {
                let result = try await body()
                try await run(commits ? "COMMIT" : "ROLLBACK", on: writer)
                return result
            } catch {
                try? await run("ROLLBACK", on: writer)
                throw error
            }
        }
    }

    func run(_ sql: String, on connection: SQLiteConnection) async throws {
        do {
            _ = try await counted { try await connection.query(sql) }
        } catch {
            throw Self.databaseError(error, sql: sql)
        }
    }

    public func withTransaction<T: Sendable>(_ body: @Sendable (any WarehouseTransaction) async throws -> T) async throws -> T {
        try await writeTransaction { try await body(SQLiteTransaction(adapter: self)) }
    }

    /// The writer's view inside `withTransaction`: SQL is rewritten to physical names as everywhere else.
    private struct SQLiteTransaction: WarehouseTransaction {
        let adapter: SQLiteAdapter

        func execute(_ sql: String) async throws { try await adapter.run(SchemaMapping.rewrite(sql), on: adapter.writer) }

        func query(_ sql: String) async throws -> QueryResult {
            let rewritten = SchemaMapping.rewrite(sql)
            let rows = try await adapter.rows(rewritten, [], on: adapter.writer)
            let columns = rows.first?.columns.map { ColumnDescription(name: $0.name, dataType: "") } ?? []
            return QueryResult(columns: columns, rows: rows.map { row in row.columns.map { SQLiteAdapter.value($0.data) } })
        }

        func columns(of relation: Relation) async throws -> [ColumnDescription] {
            let name = SchemaMapping.physicalName(schema: relation.schema, identifier: relation.identifier)
            return try await tableInfo(name, schema: "main")
        }

        func createTemporaryTable(_ name: String, as sql: String) async throws -> TemporaryTable {
            let quoted = "temp.\(Relation.quote(name))"
            // A temporary table outlives the transaction on this connection: clear any left by an interrupted run.
            try await adapter.run("DROP TABLE IF EXISTS \(quoted)", on: adapter.writer)
            try await adapter.run("CREATE TEMP TABLE \(Relation.quote(name)) AS \(SchemaMapping.rewrite(sql))", on: adapter.writer)
            return TemporaryTable(quotedName: quoted, columns: try await tableInfo(name, schema: "temp"))
        }

        func uniqueIndexes(on relation: Relation) async throws -> [[String]] {
            let name = SchemaMapping.physicalName(schema: relation.schema, identifier: relation.identifier)
            let indexes = try await adapter.rows("SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1 AND partial = 0", [.text(name)], on: adapter.writer)
            var keys: [[String]] = []
            for index in indexes {
                guard let indexName = index.column("name")?.string else { continue }
                let columns = try await adapter.rows("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(indexName)], on: adapter.writer)
                keys.append(columns.compactMap { $0.column("name")?.string })
            }
            return keys
        }

        private func tableInfo(_ name: String, schema: String) async throws -> [ColumnDescription] {
            let rows = try await adapter.rows("SELECT name, type FROM pragma_table_info(?, ?)", [.text(name), .text(schema)], on: adapter.writer)
            return rows.map { ColumnDescription(name: $0.column("name")?.string ?? "", dataType: $0.column("type")?.string ?? "") }
        }
    }

    /// The dry run's view of the adapter, valid only inside `withRolledBackTransaction`.
    private struct SQLiteDryRun: DryRunTransaction {
        let adapter: SQLiteAdapter

        func materialize(_ request: MaterializationRequest) async throws { try await adapter.dryRunMaterialize(request) }
    }

    static func databaseError(_ error: any Error, sql: String?) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        if let error = error as? SQLiteError {
            return DatabaseError(message: error.message, code: "SQLITE_\(String(describing: error.reason).uppercased())", sql: sql)
        }
        return DatabaseError(message: "\(error)", sql: sql)
    }

    static func value(_ data: SQLiteData) -> QueryValue {
        switch data {
        case .integer(let i): return .integer(Int64(i))
        case .float(let d): return .double(d)
        case .text(let s): return .text(s)
        case .blob(let buffer): return .blob(Array(buffer.readableBytesView))
        case .null: return .null
        }
    }
}

/// Hands rows from SQLite's row callback (on the connection's own thread) to an async reader a batch at a time.
/// The callback waits while a batch is with the reader, so at most two batches exist at once whatever the result's
/// size.
private final class RowHandoff: @unchecked Sendable {
    let batches: AsyncStream<[[QueryValue]]>
    private let continuation: AsyncStream<[[QueryValue]]>.Continuation
    private let batchSize: Int
    private let readerDone = DispatchSemaphore(value: 0)
    // Touched only from the producing thread, except `cancelled`, which is guarded.
    private var pending: [[QueryValue]] = []
    private let state = Mutex(false)

    init(batchSize: Int) {
        self.batchSize = max(1, batchSize)
        (batches, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    func add(_ row: [QueryValue]) {
        if state.withLock({ $0 }) { return }
        pending.append(row)
        guard pending.count >= batchSize else { return }
        continuation.yield(pending)
        pending = []
        readerDone.wait()
    }

    /// The reader finished with a batch.
    func taken() { readerDone.signal() }

    func finish() {
        if !pending.isEmpty, !state.withLock({ $0 }) { continuation.yield(pending) }
        pending = []
        continuation.finish()
    }

    /// The reader gave up: the callback stops waiting and drops further rows.
    func cancel() {
        state.withLock { $0 = true }
        readerDone.signal()
    }
}

