import Foundation

/// What kind of object a relation is in the warehouse.
public enum RelationKind: String, Sendable, Hashable, Codable {
    case table, view, materializedView = "materialized_view", external
}

/// A relation as the warehouse's catalog describes it.
public struct CatalogRelation: Sendable, Hashable {
    /// Table, view, ...
    public var kind: RelationKind
    /// Its columns, in order.
    public var columns: [ColumnDescription]

    /// Creates a catalog entry.
    public init(kind: RelationKind, columns: [ColumnDescription]) {
        self.kind = kind
        self.columns = columns
    }
}

/// A column as the warehouse reports it.
public struct ColumnDescription: Sendable, Hashable {
    /// Column name.
    public var name: String
    /// The database's type name.
    public var dataType: String

    /// Creates a column description.
    public init(name: String, dataType: String) {
        self.name = name
        self.dataType = dataType
    }
}

/// Rows returned by a query, as text (nil for NULL) with column names and database type names.
public struct QueryResult: Sendable {
    /// Column names and types in select order.
    public var columns: [ColumnDescription]
    /// Rows; each has `columns.count` values.
    public var rows: [[QueryValue]]

    /// Creates a result.
    public init(columns: [ColumnDescription], rows: [[QueryValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// One value of a query result.
public enum QueryValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case double(Double)
    /// An exact decimal (PostgreSQL `numeric`), kept as the server printed it so `12.50` stays `12.50`.
    case decimal(String)
    case text(String)
    case bool(Bool)
    case blob([UInt8])

    /// The value as text, as `strata query` prints it.
    public var text: String? {
        switch self {
        case .null: return nil
        case .integer(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(d)
        case .text(let s), .decimal(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .blob(let bytes): return "\\x" + bytes.map { String(format: "%02x", $0) }.joined()
        }
    }
}

/// What a model becomes in the warehouse.
public struct MaterializationRequest: Sendable {
    /// The relation to create or replace.
    public var relation: Relation
    /// `view`, `table` or `materializedView` (which also gets a live twin view, see `Relation.realTimeTwin`).
    public var kind: RelationKind
    /// The compiled SELECT.
    public var sql: String
    /// The node being built, for messages.
    public var nodeID: String
    /// Relations this run rebuilds after this one: a dependent view among them that cannot survive the
    /// replacement may be dropped, because it is about to be recreated from its new definition.
    public var rebuiltLater: Set<Relation>
    /// Statements recording the new object in the warehouse state, run in the transaction that makes the object
    /// visible (so the state never describes an object that is not there). Called at commit time, so what they
    /// record (duration, build time) is as late as possible.
    public var stateStatements: @Sendable () -> [String]
    /// Indexes (created on the new object before it becomes visible), grants and comments (applied in the
    /// transaction that makes it visible).
    public var physical: PhysicalConfig

    /// Creates a request.
    public init(
        relation: Relation, kind: RelationKind, sql: String, nodeID: String, rebuiltLater: Set<Relation> = [],
        physical: PhysicalConfig = .none, stateStatements: @escaping @Sendable () -> [String] = { [] }
    ) {
        self.relation = relation
        self.kind = kind
        self.sql = sql
        self.nodeID = nodeID
        self.rebuiltLater = rebuiltLater
        self.physical = physical
        self.stateStatements = stateStatements
    }
}

/// A transaction that is always rolled back, for `--dry-run`: objects are created in it to prove that their SQL
/// and everything downstream of it work together, and vanish at the end.
public protocol DryRunTransaction: Sendable {
    /// Creates (or replaces) the request's object inside the transaction, without computing table rows where the
    /// engine can avoid it. On failure the transaction continues as it was before the call.
    /// - Throws: `DatabaseError` carrying the statement that failed.
    func materialize(_ request: MaterializationRequest) async throws
}

/// One connection inside one open transaction that commits when the caller's body returns and rolls back when it
/// throws: for work that reads the warehouse between statements (incremental merges, snapshots) and must still
/// land all at once or not at all.
public protocol WarehouseTransaction: Sendable {
    /// Runs one statement (schema-qualified names in it are written as for `query`).
    /// - Throws: `DatabaseError` carrying the statement that failed.
    func execute(_ sql: String) async throws

    /// Runs a query and returns its rows.
    /// - Throws: `DatabaseError`.
    func query(_ sql: String) async throws -> QueryResult

    /// The columns of an existing relation, seen from inside the transaction; empty when it does not exist.
    /// - Throws: `DatabaseError`.
    func columns(of relation: Relation) async throws -> [ColumnDescription]

    /// Creates a temporary table from a query (gone when the transaction ends) and returns its columns.
    /// - Returns: the table's quoted name, for SQL, its columns, and its row count when the engine reports it.
    /// - Throws: `DatabaseError` pointing into `sql` when the query fails.
    func createTemporaryTable(_ name: String, as sql: String) async throws -> TemporaryTable

    /// The column lists of the unique indexes on a relation (for `INSERT ... ON CONFLICT`).
    /// - Throws: `DatabaseError`.
    func uniqueIndexes(on relation: Relation) async throws -> [[String]]

    /// What an incremental merge reads before it writes: creates the temporary table `name` from `sql`, and reads
    /// its columns, the columns of `target` and, when `uniqueKeys`, the target's unique indexes — together, where
    /// the engine allows, since each read is a round trip inside the model's transaction.
    /// - Throws: `DatabaseError` pointing into `sql` when the query fails.
    func stageIncoming(_ name: String, as sql: String, into target: Relation, uniqueKeys: Bool) async throws -> StagedIncoming
}

/// The rows a merge brings in and the table they go into.
public struct StagedIncoming: Sendable {
    public var incoming: TemporaryTable
    public var targetColumns: [ColumnDescription]
    public var uniqueIndexes: [[String]]

    public init(incoming: TemporaryTable, targetColumns: [ColumnDescription], uniqueIndexes: [[String]]) {
        self.incoming = incoming
        self.targetColumns = targetColumns
        self.uniqueIndexes = uniqueIndexes
    }
}

extension WarehouseTransaction {
    public func stageIncoming(_ name: String, as sql: String, into target: Relation, uniqueKeys: Bool) async throws -> StagedIncoming {
        let incoming = try await createTemporaryTable(name, as: sql)
        return StagedIncoming(
            incoming: incoming, targetColumns: try await columns(of: target), uniqueIndexes: uniqueKeys ? try await uniqueIndexes(on: target) : [])
    }
}

/// A temporary table made inside a `WarehouseTransaction`.
public struct TemporaryTable: Sendable {
    /// How SQL names it.
    public var quotedName: String
    public var columns: [ColumnDescription]
    /// Rows it holds, when creating it told (PostgreSQL's command tag does).
    public var rowCount: Int?
    /// Whether committing drops it (PostgreSQL's `ON COMMIT DROP`); otherwise the caller drops it.
    public var dropsAtCommit: Bool

    public init(quotedName: String, columns: [ColumnDescription], rowCount: Int? = nil, dropsAtCommit: Bool = false) {
        self.quotedName = quotedName
        self.columns = columns
        self.rowCount = rowCount
        self.dropsAtCommit = dropsAtCommit
    }
}

/// What the warehouse said about a statement.
public struct AdapterResponse: Sendable, Hashable {
    /// Short status, e.g. `CREATE VIEW`, `SELECT 42`, `INSERT 1000`.
    public var message: String
    /// Rows written, or -1 when not known.
    public var rowsAffected: Int

    /// Creates a response.
    public init(message: String, rowsAffected: Int = -1) {
        self.message = message
        self.rowsAffected = rowsAffected
    }
}

/// A failure reported by the database, with every field the server gave.
public struct DatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server's message.
    public var message: String
    /// SQLSTATE (PostgreSQL) or the SQLite result code name.
    public var code: String?
    /// Server-provided detail.
    public var detail: String?
    /// Server-provided hint.
    public var hint: String?
    /// 1-based character position in `sql` where the server located the error.
    public var position: Int?
    /// The statement that failed, as sent.
    public var sql: String?
    /// Whether the connection itself was lost (as opposed to a statement failing).
    public var connectionLost: Bool

    /// Creates an error.
    public init(
        message: String, code: String? = nil, detail: String? = nil, hint: String? = nil, position: Int? = nil,
        sql: String? = nil, connectionLost: Bool = false
    ) {
        self.message = message
        self.code = code
        self.detail = detail
        self.hint = hint
        self.position = position
        self.sql = sql
        self.connectionLost = connectionLost
    }

    public var description: String { message }
}

/// Type names a warehouse uses for seed columns, and other per-engine facts Core needs while compiling.
public struct EngineTraits: Sendable {
    /// `sqlite` or `postgres`: the adapter type name used by `target.type` and `adapter.dispatch`.
    public var name: String
    /// The declared type for each inferred seed type.
    public var seedTypes: [SeedColumnType: String]
    /// Whether DDL is transactional (both supported engines: yes).
    public var transactionalDDL: Bool

    /// Creates traits.
    public init(name: String, seedTypes: [SeedColumnType: String], transactionalDDL: Bool = true) {
        self.name = name
        self.seedTypes = seedTypes
        self.transactionalDDL = transactionalDDL
    }
}

/// A warehouse connection pool. Core declares it; each engine target implements it.
public protocol DatabaseAdapter: Sendable {
    /// Per-engine facts.
    var traits: EngineTraits { get }

    /// Creates schemas that do not exist yet.
    /// - Throws: `DatabaseError`.
    func createSchemas(_ schemas: Set<String>) async throws

    /// Creates or atomically replaces a view or table; on failure the previous object stays as it was.
    /// - Throws: `DatabaseError` carrying the statement that failed.
    func materialize(_ request: MaterializationRequest) async throws -> AdapterResponse

    /// Replaces a table with the contents of a seed, atomically; `stateStatements` run in the same transaction.
    /// - Parameters:
    ///   - physical: indexes created on the new table before it replaces the old one; grants and comments
    ///     applied in the same transaction.
    /// - Throws: `DatabaseError`.
    func loadSeed(
        _ relation: Relation, table: SeedTable, physical: PhysicalConfig, stateStatements: @escaping @Sendable () -> [String]
    ) async throws -> AdapterResponse

    /// Brings an existing object's grants, comments and configured indexes in line with `config`, for builds
    /// that change an object without going through `materialize` (an incremental merge).
    /// - Parameters:
    ///   - config: what the node configures.
    ///   - relation: the object.
    ///   - kind: what the object is.
    /// - Throws: `DatabaseError`.
    func applyPhysicalConfig(_ config: PhysicalConfig, to relation: Relation, kind: RelationKind) async throws

    /// How SQL on this engine names a relation (SQLite keeps schemas inside table names).
    func quotedName(_ relation: Relation) -> String

    /// Every table and view in the given schemas, with its kind.
    /// - Throws: `DatabaseError`.
    func listRelations(inSchemas schemas: Set<String>) async throws -> [Relation: RelationKind]

    /// Drops a relation if it exists, refusing (with the engine's error) when other objects depend on it;
    /// `stateStatements` run in the same transaction.
    /// - Throws: `DatabaseError`.
    func drop(_ relation: Relation, stateStatements: [String]) async throws

    /// Runs `body` in one transaction on one connection and rolls everything back at the end.
    /// - Throws: whatever `body` throws, or `DatabaseError` when the transaction cannot be opened.
    func withRolledBackTransaction<T: Sendable>(_ body: @Sendable (any DryRunTransaction) async throws -> T) async throws -> T

    /// Runs `body` in one transaction on one connection (under the engine's write lock where it has one);
    /// commits when `body` returns, rolls back when it throws.
    /// - Throws: whatever `body` throws, or `DatabaseError` when the transaction cannot be opened or committed.
    func withTransaction<T: Sendable>(_ body: @Sendable (any WarehouseTransaction) async throws -> T) async throws -> T

    /// Runs a query and returns its rows (at most `limit` when given).
    /// - Throws: `DatabaseError`.
    func query(_ sql: String, limit: Int?) async throws -> QueryResult

    /// Runs one read-only SELECT whose placeholders (`$1`, `$2`, ... on PostgreSQL, `?1`, `?2`, ... on SQLite) are
    /// bound to `binds` — values never become SQL text — and hands the rows over in batches of at most `batchSize`,
    /// fetching the next batch only once `consume` has returned, so a result of any size streams in constant memory.
    /// - Parameters:
    ///   - readRole: a role to read as where the engine has roles (PostgreSQL `SET ROLE`, reset afterwards).
    /// - Throws: `DatabaseError`, or whatever `consume` throws (the query is then abandoned).
    func streamQuery(
        _ sql: String, binds: [QueryValue], batchSize: Int, readRole: String?,
        consume: @Sendable ([[QueryValue]]) async throws -> Void
    ) async throws

    /// Runs one read-only SELECT with bound placeholders (as `streamQuery`) whose result is small enough to hold,
    /// such as one page of the data API, the cheapest way the engine allows.
    /// - Throws: `DatabaseError`.
    func readRows(_ sql: String, binds: [QueryValue], readRole: String?) async throws -> [[QueryValue]]

    /// Runs statements that return no rows (hooks, maintenance).
    /// - Throws: `DatabaseError`.
    func execute(_ sql: String) async throws -> AdapterResponse

    /// The kind of an existing relation, or nil when it does not exist.
    /// - Throws: `DatabaseError`.
    func relationKind(_ relation: Relation) async throws -> RelationKind?

    /// The columns of an existing relation.
    /// - Throws: `DatabaseError`.
    func columns(of relation: Relation) async throws -> [ColumnDescription]

    /// Every table and view in the given schemas with its kind and columns, in one pass where the engine can.
    /// - Throws: `DatabaseError`.
    func catalog(inSchemas schemas: Set<String>) async throws -> [Relation: CatalogRelation]

    /// Takes the warehouse's run lock for `name` (project and target), so concurrent runs cannot interleave DDL.
    /// - Parameters:
    ///   - name: what the lock protects, shown to waiting runs.
    ///   - application: who we are, shown to other runs waiting for us.
    ///   - policy: wait for a holder, or fail at once.
    /// - Returns: the held lock.
    /// - Throws: `RunLockBusy` under `.failImmediately`, `DatabaseError` when the lock cannot be taken.
    func acquireRunLock(name: String, application: String, policy: RunLockPolicy) async throws -> any RunLock

    /// Makes federated sources readable: creates (or updates) the foreign server and user mapping of each and
    /// imports its tables that are missing, or all of them again when `refresh` is set (to pick up remote
    /// schema changes).
    /// - Returns: one line per source saying what was done.
    /// - Throws: `DatabaseError`; engines without foreign data wrappers refuse.
    func prepareFederatedSources(_ sources: [FederatedSource], refresh: Bool) async throws -> [String]

    /// Facts about the warehouse for `strata debug`: engine version and settings, as label/value pairs.
    /// - Throws: `DatabaseError` when the warehouse cannot be asked.
    func serverInfo() async throws -> [(String, String)]

    /// Asks the server to stop the statements running now (on Ctrl-C); they fail and roll back.
    /// - Returns: how many statements were asked to stop.
    func cancelRunning() async -> Int

    /// Closes every connection.
    func close() async
}

extension DatabaseAdapter {
    /// Lists the relations, then asks for each one's columns: fine where a query costs no round trip.
    public func catalog(inSchemas schemas: Set<String>) async throws -> [Relation: CatalogRelation] {
        var result: [Relation: CatalogRelation] = [:]
        for (relation, kind) in try await listRelations(inSchemas: schemas) {
            result[relation] = CatalogRelation(kind: kind, columns: try await columns(of: relation))
        }
        return result
    }

    /// Replaces a table with the contents of a seed, recording nothing in the warehouse state.
    public func loadSeed(_ relation: Relation, table: SeedTable) async throws -> AdapterResponse {
        try await loadSeed(relation, table: table, physical: .none, stateStatements: { [] })
    }

    /// Replaces a table with the contents of a seed, with no physical configuration.
    public func loadSeed(
        _ relation: Relation, table: SeedTable, stateStatements: @escaping @Sendable () -> [String]
    ) async throws -> AdapterResponse {
        try await loadSeed(relation, table: table, physical: .none, stateStatements: stateStatements)
    }

    /// Engines without grants, comments or index management have nothing to apply after a build.
    public func applyPhysicalConfig(_ config: PhysicalConfig, to relation: Relation, kind: RelationKind) async throws {}

    public func prepareFederatedSources(_ sources: [FederatedSource], refresh: Bool) async throws -> [String] {
        guard let first = sources.first else { return [] }
        throw DatabaseError(
            message: "source '\(first.sourceName)' is federated (postgres_fdw), which needs a PostgreSQL warehouse; this target is \(traits.name)",
            hint: "build against a PostgreSQL target, or load the tables with strata replicate")
    }

    /// Engines without a way to interrupt a statement let it finish.
    public func cancelRunning() async -> Int { 0 }

    public func readRows(_ sql: String, binds: [QueryValue], readRole: String?) async throws -> [[QueryValue]] {
        let collected = RowCollector()
        try await streamQuery(sql, binds: binds, batchSize: 1000, readRole: readRole) { collected.append($0) }
        return collected.rows
    }
}

/// Rows gathered from `streamQuery`'s batches, which arrive one after another.
private final class RowCollector: @unchecked Sendable {
    private(set) var rows: [[QueryValue]] = []
    func append(_ batch: [[QueryValue]]) { rows += batch }
}

