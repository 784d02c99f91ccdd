public import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
public import StrataCore
import StrataDiagnostics
import StrataSQL
import Synchronization

/// A PostgreSQL warehouse (and Postgres-wire engines), reached through postgres-nio.
///
/// Replacements never leave a gap: a table is built under a scratch name and renamed into place in a
/// transaction; a view is replaced in place when its columns allow, otherwise swapped in a transaction that
/// also recreates the views that depend on it.
///
/// Parallel runs never deadlock on catalog locks because the catalog-changing statements (view DDL and table
/// swaps, each a few milliseconds) run one at a time, while the slow part, computing tables' rows, runs in
/// parallel outside that lock. A swap locks the relations it touches outermost view first, the order readers'
/// queries lock them in, so readers and swaps cannot wait on each other in a cycle either.
public final class PostgresAdapter: DatabaseAdapter {
    /// Seed column types as dbt-postgres declares them.
    public static let engineTraits = EngineTraits(
        name: "postgres",
        seedTypes: [
            .integer: "integer", .number: "double precision", .date: "date", .timestamp: "timestamp without time zone",
            .boolean: "boolean", .text: "text",
        ])

    public var traits: EngineTraits { Self.engineTraits }

    let pool: ConnectionPool
    let settings: PostgresConnectionConfig
    /// Serializes catalog-changing statements (see the type's documentation).
    let ddlLock = AsyncLock()
    /// The connection opened beside the first one for the run lock, if the caller asked for it.
    let reservedLockConnection = Mutex<Task<PooledConnection?, Never>?>(nil)
    /// Transactions the server aborted as deadlocked (with sessions outside Strata) and that were retried.
    let deadlockRetries = Mutex(0)
    static let logger: Logger = {
        var logger = Logger(label: "strata.postgres")
        logger.logLevel = .critical
        return logger
    }()

    /// Every session of the pool is read-only (and runs as the read role, if any) from its start: reads need
    /// no transaction of their own.
    let readOnlySessions: Bool

    private init(pool: ConnectionPool, settings: PostgresConnectionConfig, readOnlySessions: Bool = false) {
        self.pool = pool
        self.settings = settings
        self.readOnlySessions = readOnlySessions
    }

    /// Connects a pool for reads only, as the data API uses: each session starts with
    /// `default_transaction_read_only` on and, when given, as `role`, so a page costs one round trip.
    /// - Throws: `DatabaseError` when the server cannot be reached, refuses the login or the role.
    public static func openReadOnly(
        _ config: PostgresConnectionConfig, connections: Int, role: String?, applicationName: String = "strata serve",
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> PostgresAdapter {
        var config = config
        if config.password?.isEmpty ?? true {
            config.password = PgPass.password(for: config, environment: environment)
        }
        var session: [(name: String, value: String)] = [("default_transaction_read_only", "on")]
        if let role { session.append(("role", role)) }
        let pool = ConnectionPool(
            configuration: try connectionConfiguration(config), capacity: connections, applicationName: applicationName,
            sessionSettings: session)
        let adapter = PostgresAdapter(pool: pool, settings: config, readOnlySessions: true)
        try await pool.withConnection { _ in }
        return adapter
    }

    /// Connects to a server and checks that the connection works.
    /// - Parameters:
    ///   - config: where and as whom to connect; a missing password is looked up in `~/.pgpass` (or `PGPASSFILE`).
    ///   - connections: the most connections open at once (the run's thread count plus one for run-time queries).
    ///   - applicationName: shown in `pg_stat_activity`, e.g. `strata build`.
    /// - Returns: a ready adapter.
    /// - Throws: `DatabaseError` when the server cannot be reached or refuses the login.
    ///   - reservingLockConnection: also open, at the same time, the connection `acquireRunLock` will hold, so a
    ///     run does not wait for two connections one after the other.
    public static func open(
        _ config: PostgresConnectionConfig, connections: Int, applicationName: String = "strata",
        environment: [String: String] = ProcessInfo.processInfo.environment, reservingLockConnection: Bool = false
    ) async throws -> PostgresAdapter {
        var config = config
        if config.password?.isEmpty ?? true {
            config.password = PgPass.password(for: config, environment: environment)
        }
        let configuration = try connectionConfiguration(config)
        let pool = ConnectionPool(configuration: configuration, capacity: connections, applicationName: applicationName)
        let adapter = PostgresAdapter(pool: pool, settings: config)
        let reserved = reservingLockConnection ? Task { try? await pool.connect() } : nil
        do {
            // Opening the first connection is the check: its session setup is already a round trip that fails on
            // a bad login, database or role, so a `SELECT 1` after it would only add another.
            try await pool.withConnection { _ in }
        } catch {
            if let connection = await reserved?.value { try? await connection.connection.close() }
            throw error
        }
        adapter.reservedLockConnection.withLock { $0 = reserved }
        return adapter
    }

    static func connectionConfiguration(_ config: PostgresConnectionConfig) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            var client = TLSConfiguration.makeClientConfiguration()
            // Modes that verify nothing need no trust store; loading the system's costs milliseconds per run.
            var unverified = client
            unverified.certificateVerification = .none
            unverified.trustRoots = .certificates([])
            switch config.sslMode.lowercased() {
            case "disable":
                tls = .disable
            case "allow", "prefer", "":
                tls = .prefer(try NIOSSLContext(configuration: unverified))
            case "require":
                tls = .require(try NIOSSLContext(configuration: unverified))
            case "verify-ca":
                client.certificateVerification = .noHostnameVerification
                tls = .require(try NIOSSLContext(configuration: client))
            case "verify-full":
                client.certificateVerification = .fullVerification
                tls = .require(try NIOSSLContext(configuration: client))
            default:
                throw DatabaseError(
                    message: "unknown sslmode '\(config.sslMode)'", hint: "use disable, allow, prefer, require, verify-ca or verify-full")
            }
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw DatabaseError(message: "cannot set up TLS: \(error)")
        }
        var configuration = PostgresConnection.Configuration(
            host: config.host, port: config.port, username: config.user, password: config.password, database: config.database, tls: tls)
        configuration.options.connectTimeout = .seconds(15)
        return configuration
    }

    // MARK: - DatabaseAdapter

    public func createSchemas(_ schemas: Set<String>) async throws {
        guard !schemas.isEmpty else { return }
        try await pool.withConnection { leased in
            let existing = Set(try await self.rows("SELECT nspname FROM pg_namespace", on: leased.connection).compactMap { $0.first?.text })
            for schema in schemas.sorted() where !existing.contains(schema) {
                try await self.run("CREATE SCHEMA IF NOT EXISTS \(Relation.quote(schema))", on: leased.connection)
            }
        }
    }

    public func materialize(_ request: MaterializationRequest) async throws -> AdapterResponse {
        var message = request.kind == .table ? "SELECT" : "CREATE VIEW"
        try await retryingDeadlocks {
            switch request.kind {
            case .table: try await self.buildTable(request)
            case .materializedView: message = try await self.buildMaterializedView(request)
            default: try await self.buildView(request)
            }
        }
        return AdapterResponse(message: message)
    }

    public func loadSeed(
        _ relation: Relation, table: SeedTable, physical: PhysicalConfig, stateStatements: @escaping @Sendable () -> [String]
    ) async throws -> AdapterResponse {
        let scratch = ScratchNames(relation)
        let columns = table.columns.map { column in
            "\(table.sqlName(of: column)) \(column.override ?? traits.seedTypes[column.inferred] ?? "text")"
        }
        try await pool.withConnection { leased in
            let connection = leased.connection
            try await self.run("DROP TABLE IF EXISTS \(scratch.new.quoted)", on: connection)
            try await self.transaction(on: connection) {
                try await self.run("CREATE TABLE \(scratch.new.quoted) (\(columns.joined(separator: ", ")))", on: connection)
                try await CopyWriter.copy(table, into: scratch.new, on: connection, logger: Self.logger)
                try await self.createIndexes(physical.indexes, on: scratch.new, named: relation.identifier, connection: connection)
            }
        }
        do {
            try await retryingDeadlocks {
                try await self.swap(
                    into: relation, from: scratch, newKind: .table, definition: nil, physical: physical, stateStatements: stateStatements)
            }
        } catch {
            await dropQuietly(scratch.new, kind: .table)
            throw error
        }
        return AdapterResponse(message: "COPY \(table.rowCount)", rowsAffected: table.rowCount)
    }

    /// Runs every statement of `sql` on one connection and returns the last one's rows (the extended protocol
    /// postgres-nio speaks takes one statement at a time).
    public func query(_ sql: String, limit: Int?) async throws -> QueryResult {
        let statements = Self.statements(sql)
        return try await pool.withConnection { leased in
            for statement in statements.dropLast() { try await self.run(statement, on: leased.connection) }
            return try await self.query(statements.last ?? sql, limit: limit, on: leased.connection)
        }
    }

    public func streamQuery(
        _ sql: String, binds: [QueryValue], batchSize: Int, readRole: String?,
        consume: @Sendable ([[QueryValue]]) async throws -> Void
    ) async throws {
        var bindings = PostgresBindings()
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .double(let number): bindings.append(number)
            case .bool(let flag): bindings.append(flag)
            case .text(let text), .decimal(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        do {
            try await pool.withConnection { leased in
                // A read-only transaction: even a statement that slipped past the caller's checks cannot write.
                // Read-only sessions are that already (and run as their role).
                let ownTransaction = !self.readOnlySessions
                if ownTransaction {
                    var begin = "START TRANSACTION READ ONLY"
                    if let readRole { begin += "; SET LOCAL ROLE \(Relation.quote(readRole))" }
                    for statement in Self.statements(begin) { try await self.run(statement, on: leased.connection) }
                }
                do {
                    try Self.checkOpen(leased.connection, sql: sql)
                    var batch: [[QueryValue]] = []
                    batch.reserveCapacity(batchSize)
                    let rows: PostgresRowSequence
                    do {
                        rows = try await leased.connection.query(query, logger: Self.logger)
                    } catch {
                        throw PostgresErrors.databaseError(error, sql: sql)
                    }
                    var iterator = rows.makeAsyncIterator()
                    while true {
                        let next: PostgresRow?
                        do { next = try await iterator.next() } catch { throw PostgresErrors.databaseError(error, sql: sql) }
                        guard let row = next else { break }
                        batch.append(row.map(BinaryValues.value))
                        if batch.count >= batchSize {
                            do { try await consume(batch) } catch { throw AbandonedResult(underlying: error) }
                            batch.removeAll(keepingCapacity: true)
                        }
                    }
                    if !batch.isEmpty {
                        do { try await consume(batch) } catch { throw AbandonedResult(underlying: error) }
                    }
                    if ownTransaction { try await self.run("COMMIT", on: leased.connection) }
                } catch let error as AbandonedResult {
                    throw error
                } catch {
                    if ownTransaction { try? await self.run("ROLLBACK", on: leased.connection) }
                    throw error
                }
            }
        } catch let abandoned as AbandonedResult {
            throw abandoned.underlying
        }
    }

    public func execute(_ sql: String) async throws -> AdapterResponse {
        let statements = Self.statements(sql)
        try await pool.withConnection { leased in
            for statement in statements { try await self.run(statement, on: leased.connection) }
        }
        return AdapterResponse(message: "OK")
    }

    /// The non-empty statements of a script; a single statement comes back as it was written, so server
    /// positions still refer to the caller's text.
    static func statements(_ sql: String) -> [String] {
        let spans = StatementSplitter.split(sql, dialect: .postgres)
        let bytes = Array(sql.utf8)
        let statements = spans.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";"))).isEmpty }
        return statements.count <= 1 ? [sql] : statements
    }

    public func relationKind(_ relation: Relation) async throws -> RelationKind? {
        try await pool.withConnection { leased in try await self.existing(relation, on: leased.connection)?.kind }
    }

    public func columns(of relation: Relation) async throws -> [ColumnDescription] {
        try await pool.withConnection { leased in try await self.columns(of: relation, on: leased.connection) }
    }

    public func cancelRunning() async -> Int { await pool.cancelRunning() }

    public func close() async {
        if let reserved = reservedLockConnection.withLock({ $0.take() }), let connection = await reserved.value {
            try? await connection.connection.close()
        }
        await pool.close()
    }

    // MARK: - Tables and views

    private func buildTable(_ request: MaterializationRequest) async throws {
        let scratch = ScratchNames(request.relation)
        let prefix = "CREATE TABLE \(scratch.new.quoted) AS "
        try await pool.withConnection { leased in
            try await self.run("DROP TABLE IF EXISTS \(scratch.new.quoted)", on: leased.connection)
            do {
                try await self.run(prefix + request.sql, on: leased.connection)
            } catch let error as DatabaseError {
                throw PostgresErrors.rebased(error, prefix: prefix, body: request.sql)
            }
            try await self.createIndexes(request.physical.indexes, on: scratch.new, named: request.relation.identifier, connection: leased.connection)
        }
        do {
            try await swap(
                into: request.relation, from: scratch, newKind: .table, definition: nil, rebuiltLater: request.rebuiltLater,
                physical: request.physical, stateStatements: request.stateStatements)
        } catch {
            await dropQuietly(scratch.new, kind: .table)
            throw error
        }
    }

    private func buildView(_ request: MaterializationRequest) async throws {
        let target = request.relation.quoted
        let current = try await pool.withConnection { leased in try await self.existing(request.relation, on: leased.connection) }
        if current == nil || current?.kind == .view {
            let prefix = current == nil ? "CREATE VIEW \(target) AS " : "CREATE OR REPLACE VIEW \(target) AS "
            let stateStatements = request.stateStatements()
            @Sendable func createView(on connection: PostgresConnection) async throws {
                try await ddlLock.withLock {
                    do {
                        try await self.run(prefix + request.sql, on: connection)
                    } catch let error as DatabaseError {
                        throw PostgresErrors.rebased(error, prefix: prefix, body: request.sql)
                    }
                    try await self.applyGrantsAndComments(request.physical, to: request.relation, kind: .view, on: connection)
                }
            }
            do {
                try await pool.withConnection { leased in
                    let connection = leased.connection
                    guard !stateStatements.isEmpty || !request.physical.isEmpty else { return try await createView(on: connection) }
                    // The state row (this node's only) is written before the catalog lock is taken, so the
                    // serialized part stays the one DDL statement. Waiting for the lock while holding a connection
                    // cannot starve the lock's holder: each build holds at most one, and the pool has one spare.
                    try await self.transaction(on: connection) {
                        for statement in stateStatements { try await self.run(statement, on: connection) }
                        try await createView(on: connection)
                    }
                }
                return
            } catch let error as DatabaseError where Self.columnsChanged(error) && current != nil {
                // The new definition drops, renames or retypes columns: swap it in with its dependents below.
            }
        }
        try await swap(
            into: request.relation, from: ScratchNames(request.relation), newKind: .view, definition: request.sql,
            rebuiltLater: request.rebuiltLater, physical: request.physical, stateStatements: request.stateStatements)
    }

    /// `CREATE OR REPLACE VIEW` refuses to drop, rename or retype columns with these states.
    private static func columnsChanged(_ error: DatabaseError) -> Bool {
        error.code == "42P16" || error.code == "42804"
    }

    /// Replaces whatever holds `relation`'s name by a new table or materialized view (already built as
    /// `scratch.new`, with its indexes) or view (`definition`), in one transaction that also recreates every view
    /// depending on the old object, applies `physical`'s grants and comments, runs `finishing` (a materialized
    /// view's live twin) and records the state.
    func swap(
        into relation: Relation, from scratch: ScratchNames, newKind: RelationKind, definition: String?,
        rebuiltLater: Set<Relation> = [], physical: PhysicalConfig = .none,
        finishing: @Sendable (PostgresConnection) async throws -> Void = { _ in },
        stateStatements: @Sendable () -> [String] = { [] }
    ) async throws {
        try await ddlLock.withLock {
            try await self.pool.withConnection { leased in
                let connection = leased.connection
                try await self.transaction(on: connection) {
                    let current = try await self.existing(relation, on: connection)
                    if let current, newKind == .table, current.kind == .table,
                        try await self.refillsInPlace(relation, current: current, from: scratch.new, indexes: physical.indexes, on: connection)
                    {
                        try await self.applyGrantsAndComments(physical, to: relation, kind: .table, on: connection)
                        try await finishing(connection)
                        for statement in stateStatements() { try await self.run(statement, on: connection) }
                        return
                    }
                    var dependents: [DependentView] = []
                    if let current {
                        dependents = try await DependentView.capture(dependingOn: current.oid, on: connection, adapter: self)
                        // Outermost view first, then the relation itself (by the rename): the order in which
                        // readers' queries lock them, so a reader and a swap can never wait on each other in a cycle.
                        try await DependentView.drop(dependents, on: connection, adapter: self)
                        try await self.run("ALTER \(current.kind.keyword) \(relation.quoted) RENAME TO \(Relation.quote(scratch.old.identifier))", on: connection)
                    }
                    switch newKind {
                    case .table, .materializedView:
                        try await self.run(
                            "ALTER \(newKind.keyword) \(scratch.new.quoted) RENAME TO \(Relation.quote(relation.identifier))", on: connection)
                    default:
                        let prefix = "CREATE VIEW \(relation.quoted) AS "
                        do {
                            try await self.run(prefix + (definition ?? ""), on: connection)
                        } catch let error as DatabaseError {
                            throw PostgresErrors.rebased(error, prefix: prefix, body: definition ?? "")
                        }
                    }
                    if let current {
                        try await self.run("DROP \(current.kind.keyword) \(scratch.old.quoted) CASCADE", on: connection)
                        if current.kind == .materializedView, newKind != .materializedView {
                            try await self.dropTwinQuietly(of: relation, on: connection)
                        }
                        try await DependentView.recreate(dependents, replacing: relation, rebuiltLater: rebuiltLater, on: connection, adapter: self)
                    }
                    try await self.applyGrantsAndComments(physical, to: relation, kind: newKind, on: connection)
                    try await finishing(connection)
                    for statement in stateStatements() { try await self.run(statement, on: connection) }
                }
            }
        }
    }

    /// A table that views depend on and whose columns stay the same is refilled rather than replaced: emptied and
    /// filled from the scratch table in this transaction. Its dependents then stay valid and untouched, where a
    /// swap would recreate every view downstream (hundreds, on a re-run of a large project) for each table.
    /// The table keeps its indexes when refilled, so it is only refilled when the indexes Strata made on it are
    /// the configured ones (indexes made by hand do not count).
    /// - Returns: whether the table was refilled (otherwise the caller swaps).
    private func refillsInPlace(
        _ relation: Relation, current: ExistingRelation, from scratch: Relation, indexes: [PhysicalConfig.Index],
        on connection: PostgresConnection
    ) async throws -> Bool {
        let madeByStrata = try await configuredIndexes(onOID: current.oid, connection: connection)
        guard Set(madeByStrata.map(\.hash)) == Set(indexes.map(\.definitionHash)), madeByStrata.count == indexes.count else { return false }
        let oid = String(current.oid)
        let signature = "string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)"
        let rows = try await rows(
            """
            SELECT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                           WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                             AND d.refobjid = \(unescaped: oid) AND r.ev_class <> \(unescaped: oid)),
                   (SELECT \(unescaped: signature) FROM pg_attribute a WHERE a.attrelid = \(unescaped: oid) AND a.attnum > 0 AND NOT a.attisdropped)
                 = (SELECT \(unescaped: signature) FROM pg_attribute a
                    WHERE a.attrelid = to_regclass(\(scratch.quoted)) AND a.attnum > 0 AND NOT a.attisdropped)
            """, on: connection)
        guard rows.first?.map({ $0 == .bool(true) }) == [true, true] else { return false }
        try await run("TRUNCATE \(relation.quoted)", on: connection)
        try await run("INSERT INTO \(relation.quoted) SELECT * FROM \(scratch.quoted)", on: connection)
        try await run("DROP TABLE \(scratch.quoted)", on: connection)
        return true
    }

    /// Deadlocks with sessions outside Strata are resolved by the server aborting one side; ours retries.
    private func retryingDeadlocks(_ body: () async throws -> Void) async throws {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as DatabaseError where (error.code == "40P01" || error.code == "40001") && attempt < 3 {
                attempt += 1
                deadlockRetries.withLock { $0 += 1 }
                try? await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }

    private func dropQuietly(_ relation: Relation, kind: RelationKind) async {
        _ = try? await pool.withConnection { leased in
            try await self.run("DROP \(kind.keyword) IF EXISTS \(relation.quoted)", on: leased.connection)
        }
    }

    // MARK: - Statements

    struct ExistingRelation {
        var oid: UInt32
        var kind: RelationKind
    }

    func existing(_ relation: Relation, on connection: PostgresConnection) async throws -> ExistingRelation? {
        let rows = try await rows(
            """
            SELECT c.oid, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(relation.schema) AND c.relname = \(relation.identifier)
            """, on: connection)
        guard let row = rows.first, case .integer(let oid) = row[0], let kind = row[1].text else { return nil }
        switch kind {
        case "r", "p": return ExistingRelation(oid: UInt32(oid), kind: .table)
        case "v": return ExistingRelation(oid: UInt32(oid), kind: .view)
        case "m": return ExistingRelation(oid: UInt32(oid), kind: .materializedView)
        case "f": return ExistingRelation(oid: UInt32(oid), kind: .external)
        default: return nil
        }
    }

    func transaction(on connection: PostgresConnection, _ body: () async throws -> Void) async throws {
        try await run("BEGIN", on: connection)
        do {
            try await body()
            try await run("COMMIT", on: connection)
        } catch {
            try? await run("ROLLBACK", on: connection)
            throw error
        }
    }

    func run(_ sql: String, on connection: PostgresConnection) async throws {
        try Self.checkOpen(connection, sql: sql)
        do {
            // Draining the rows is what waits for the statement to complete (and surfaces its error).
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger) {}
        } catch {
            throw PostgresErrors.databaseError(error, sql: sql)
        }
    }

    func rows(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [[QueryValue]] {
        try Self.checkOpen(connection, sql: query.sql)
        do {
            return try await connection.query(query, logger: Self.logger).collect().map { row in row.map(BinaryValues.value) }
        } catch {
            throw PostgresErrors.databaseError(error, sql: query.sql)
        }
    }

    /// - Parameter describesEmptyResults: read the columns of an empty result through a temporary view in a
    ///   transaction of its own; never inside an open transaction, which its rollback would end.
    /// Fails at once on a connection the server has closed: postgres-nio may never answer a statement sent on
    /// one (seen when a session is terminated between two statements).
    static func checkOpen(_ connection: PostgresConnection, sql: String) throws {
        guard connection.isClosed else { return }
        throw DatabaseError(message: "the connection to PostgreSQL was lost (the session was closed)", sql: sql, connectionLost: true)
    }

    func query(_ sql: String, limit: Int?, describesEmptyResults: Bool = true, on connection: PostgresConnection) async throws -> QueryResult {
        try Self.checkOpen(connection, sql: sql)
        var columns: [ColumnDescription] = []
        var rows: [[QueryValue]] = []
        do {
            let sequence = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
            for try await row in sequence {
                if columns.isEmpty {
                    columns = row.map { ColumnDescription(name: $0.columnName, dataType: BinaryValues.typeName($0.dataType.rawValue)) }
                }
                if let limit, rows.count >= limit { continue }
                rows.append(row.map(BinaryValues.value))
            }
        } catch {
            throw PostgresErrors.databaseError(error, sql: sql)
        }
        if columns.isEmpty, describesEmptyResults { columns = (try? await describe(sql, on: connection)) ?? [] }
        return QueryResult(columns: columns, rows: rows)
    }

    /// Column names and types of a query that returned no rows, read through a temporary view that is
    /// rolled back.
    private func describe(_ sql: String, on connection: PostgresConnection) async throws -> [ColumnDescription] {
        let head = sql.drop { $0.isWhitespace || $0 == "(" }.prefix(6).lowercased()
        guard head.hasPrefix("select") || head.hasPrefix("with") || head.hasPrefix("values") || head.hasPrefix("table") else { return [] }
        let body = sql.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
        var columns: [ColumnDescription] = []
        try await run("BEGIN", on: connection)
        do {
            try await run("CREATE TEMP VIEW strata_describe AS \(body)", on: connection)
            let rows = try await rows(
                """
                SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                WHERE a.attrelid = 'pg_temp.strata_describe'::regclass AND a.attnum > 0 ORDER BY a.attnum
                """, on: connection)
            columns = rows.map { ColumnDescription(name: $0[0].text ?? "", dataType: $0[1].text ?? "") }
        } catch {}
        try? await run("ROLLBACK", on: connection)
        return columns
    }
}

extension RelationKind {
    /// The word DDL uses for this kind of relation.
    var keyword: String {
        switch self {
        case .table: return "TABLE"
        case .view: return "VIEW"
        case .materializedView: return "MATERIALIZED VIEW"
        case .external: return "FOREIGN TABLE"
        }
    }
}

/// Names for the new object while it is built and the old one while it is swapped out, within PostgreSQL's
/// 63-byte identifier limit.
struct ScratchNames {
    let new: Relation
    let old: Relation

    init(_ relation: Relation) {
        new = Relation(schema: relation.schema, identifier: Self.name(relation.identifier, suffix: "__strata_new"))
        old = Relation(schema: relation.schema, identifier: Self.name(relation.identifier, suffix: "__strata_old"))
    }

    static func name(_ identifier: String, suffix: String) -> String {
        let full = identifier + suffix
        guard full.utf8.count > 63 else { return full }
        let hash = String(UInt32(truncatingIfNeeded: identifier.hashValueStable), radix: 16)
        var prefix = identifier
        while (prefix + "_" + hash + suffix).utf8.count > 63 { prefix.removeLast() }
        return prefix + "_" + hash + suffix
    }
}

extension String {
    /// FNV-1a: stable across runs, unlike `hashValue`.
    var hashValueStable: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
