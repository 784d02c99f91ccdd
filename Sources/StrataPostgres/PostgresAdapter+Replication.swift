import Foundation
import NIOCore
import PostgresNIO
public import StrataCore

/// `strata replicate`'s destination on PostgreSQL: batches arrive as COPY text and go straight into
/// `COPY ... FROM STDIN`; upserts go through a temporary table and `INSERT ... ON CONFLICT`.
extension PostgresAdapter: ReplicationTarget {
    public func scratchRelation(for relation: Relation) -> Relation { ScratchNames(relation).new }

    /// The source's own type: both ends are PostgreSQL (types defined only in the source arrive as `text`).
    public func replicatedType(_ sourceType: String) -> String { sourceType }

    public func withReplicationTransaction<T: Sendable>(_ body: @Sendable (any ReplicationWriter) async throws -> T)
        async throws -> T
    {
        try await onOneConnection(inTransactionThatCommits: true) { connection in
            try await body(PostgresReplicationWriter(adapter: self, connection: connection))
        }
    }

    public func swapInReplicatedTable(_ relation: Relation, primaryKey: [String], stateStatements: [String])
        async throws
    {
        let scratch = ScratchNames(relation)
        // The key is added once the rows are in: one index build is much cheaper than maintaining it per row.
        try await pool.withConnection { leased in
            let hasKey = try await self.rows(
                "SELECT 1 FROM pg_index WHERE indrelid = to_regclass(\(scratch.new.quoted)) AND indisprimary",
                on: leased.connection)
            if hasKey.isEmpty {
                try await self.run(
                    "ALTER TABLE \(scratch.new.quoted) ADD PRIMARY KEY (\(primaryKey.map(Relation.quote).joined(separator: ", ")))",
                    on: leased.connection)
            }
        }
        // After the swap the key's index still carries the scratch name; the old table's index is gone by then.
        let renameKey =
            "ALTER INDEX IF EXISTS \(Relation(schema: relation.schema, identifier: scratch.new.identifier + "_pkey").quoted) RENAME TO \(Relation.quote(relation.identifier + "_pkey"))"
        try await swap(
            into: relation, from: scratch, newKind: .table, definition: nil,
            stateStatements: { stateStatements + [renameKey] })
    }
}

/// One connection inside `withReplicationTransaction`.
private struct PostgresReplicationWriter: ReplicationWriter {
    let adapter: PostgresAdapter
    let connection: PostgresConnection
    static let stage = "strata_replicate_stage"

    func execute(_ sql: String) async throws { try await adapter.run(sql, on: connection) }

    func write(_ batch: RowBatch, into relation: Relation, columns: [String], upsertKey: [String]?) async throws {
        guard let upsertKey else {
            return try await copy(
                batch, into: Self.inner(relation.schema) + "\".\"" + Self.inner(relation.identifier), columns: columns)
        }
        try await adapter.run("DROP TABLE IF EXISTS pg_temp.\(Self.stage)", on: connection)
        try await adapter.run(
            "CREATE TEMPORARY TABLE \(Self.stage) (LIKE \(relation.quoted)) ON COMMIT DROP", on: connection)
        try await copy(batch, into: Self.stage, columns: columns)
        let list = columns.map(Relation.quote).joined(separator: ", ")
        try await adapter.run(
            "INSERT INTO \(relation.quoted) (\(list)) SELECT \(list) FROM \(Self.stage) \(ReplicationSQL.upsertClause(columns: columns, key: upsertKey))",
            on: connection)
    }

    /// `COPY table (columns) FROM STDIN` with the batch's bytes, in chunks.
    private func copy(_ batch: RowBatch, into table: String, columns: [String]) async throws {
        do {
            // postgres-nio quotes the table and column names itself: pass the inside of the quotes.
            try await connection.copyFrom(
                table: table, columns: columns.map(Self.inner), format: .text(.init()), logger: PostgresAdapter.logger
            ) { writer in
                let chunk = 1 << 20
                var start = 0
                while start < batch.copyText.count {
                    let end = min(start + chunk, batch.copyText.count)
                    try await writer.write(ByteBuffer(bytes: batch.copyText[start..<end]))
                    start = end
                }
            }
        } catch {
            throw PostgresErrors.databaseError(error, sql: "COPY \(table) FROM STDIN")
        }
    }

    static func inner(_ identifier: String) -> String { identifier.replacingOccurrences(of: "\"", with: "\"\"") }
}
