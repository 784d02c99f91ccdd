import Synchronization

/// A column of a source table as the source's catalog describes it.
public struct SourceColumn: Sendable, Hashable, Codable {
    /// Column name.
    public var name: String
    /// The source's type, as `format_type` prints it (`numeric(12,2)`, `timestamp with time zone`).
    public var dataType: String

    public init(name: String, dataType: String) {
        self.name = name
        self.dataType = dataType
    }
}

/// What the source's catalog says about one table.
public struct SourceTable: Sendable, Hashable {
    /// Columns in table order.
    public var columns: [SourceColumn]
    /// The primary key's columns, in key order; empty when the table has none.
    public var primaryKey: [String]

    public init(columns: [SourceColumn], primaryKey: [String]) {
        self.columns = columns
        self.primaryKey = primaryKey
    }
}

/// Rows read from the source, in PostgreSQL's COPY text format (tab-separated fields, `\N` for NULL, backslash
/// escapes for backslash, tab, newline and carriage return; one line per row).
public struct RowBatch: Sendable {
    /// The rows' bytes.
    public var copyText: [UInt8]
    /// How many rows `copyText` holds.
    public var rowCount: Int
    /// The cursor of the batch's last row, as text.
    public var lastCursor: String?
    /// The key of the batch's last row, as text (one value per key column).
    public var lastKey: [String]
    /// The largest cursor in the table when the read started (asked only for full copies).
    public var highWater: String?

    public init(copyText: [UInt8], rowCount: Int, lastCursor: String?, lastKey: [String], highWater: String?) {
        self.copyText = copyText
        self.rowCount = rowCount
        self.lastCursor = lastCursor
        self.lastKey = lastKey
        self.highWater = highWater
    }
}

/// A read of one table, as SQL for the source: every row is one text column holding the row's COPY line, then
/// the cursor as text (when `readsCursor`), then each key column as text.
public struct SourceRead: Sendable, Hashable {
    /// The query.
    public var sql: String
    /// `SELECT max(cursor)::text ...`, run in the same snapshot before `sql` (full copies).
    public var highWaterSQL: String?
    /// Whether the second column is the cursor.
    public var readsCursor: Bool
    /// How many key columns follow.
    public var keyCount: Int
}

/// The PostgreSQL a table is copied from.
///
/// Core declares it; StrataPostgres implements it.
public protocol ReplicationSource: Sendable {
    /// The tables that exist among `tables` (missing ones are absent from the result).
    /// - Throws: `DatabaseError`.
    func describe(_ tables: [Relation]) async throws -> [Relation: SourceTable]

    /// Streams a read in batches of at most `batchSize` rows from one snapshot; `body` returns false to stop.
    /// - Throws: `DatabaseError`, or what `body` throws.
    func read(_ read: SourceRead, batchSize: Int, _ body: (RowBatch) async throws -> Bool) async throws

    /// Closes the connection.
    func close() async
}

/// A warehouse that can receive replicated tables.
///
/// Both adapters implement it.
public protocol ReplicationTarget: DatabaseAdapter {
    /// The name a table is copied into before it replaces `relation` (the same one every run, so an interrupted
    /// copy can be resumed).
    func scratchRelation(for relation: Relation) -> Relation

    /// The declared type this engine gives a column of the source's type.
    func replicatedType(_ sourceType: String) -> String

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back when it throws.
    /// - Throws: what `body` throws, or `DatabaseError`.
    func withReplicationTransaction<T: Sendable>(_ body: @Sendable (any ReplicationWriter) async throws -> T)
        async throws -> T

    /// Replaces `relation` by its fully copied scratch table in one transaction that also runs `stateStatements`
    /// (readers see the old table or the new one, never a half-copied one); gives the new table its primary key
    /// first when the engine adds it after loading.
    /// - Throws: `DatabaseError`; the old table then stays as it was.
    func swapInReplicatedTable(_ relation: Relation, primaryKey: [String], stateStatements: [String]) async throws
}

/// One open transaction of a `ReplicationTarget`.
public protocol ReplicationWriter: Sendable {
    /// Runs one statement (names already quoted for the engine).
    /// - Throws: `DatabaseError`.
    func execute(_ sql: String) async throws

    /// Writes a batch into a table: appended, or with `upsertKey` replacing rows whose key already exists.
    /// - Throws: `DatabaseError`.
    func write(_ batch: RowBatch, into relation: Relation, columns: [String], upsertKey: [String]?) async throws
}

/// Asked from outside (Ctrl-C) to stop between batches.
public final class ReplicationStop: Sendable {
    private let flag = Mutex(false)

    public init() {}

    /// Whether a stop was asked for.
    public var requested: Bool { flag.withLock { $0 } }

    /// Asks the run to stop after the batch it is writing.
    public func request() { flag.withLock { $0 = true } }
}
