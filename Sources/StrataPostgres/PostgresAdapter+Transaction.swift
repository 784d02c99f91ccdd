import Foundation
import PostgresNIO
public import StrataCore

/// Transactions for work that reads the warehouse between its statements (incremental merges, snapshots).
extension PostgresAdapter {
    public func withTransaction<T: Sendable>(_ body: @Sendable (any WarehouseTransaction) async throws -> T) async throws -> T {
        try await onOneConnection(inTransactionThatCommits: true) { connection in
            try await body(PostgresTransaction(adapter: self, connection: connection))
        }
    }

    /// Runs `body` inside one transaction on one pooled connection; commits when `commits` and `body` returns,
    /// otherwise rolls back.
    func onOneConnection<T: Sendable>(
        inTransactionThatCommits commits: Bool, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await pool.withConnection { leased in
            let connection = leased.connection
            try await self.run("BEGIN", on: connection)
            do {
                let result = try await body(connection)
                if commits { try await self.run("COMMIT", on: connection) } else { try? await self.run("ROLLBACK", on: connection) }
                return result
            } catch {
                try? await self.run("ROLLBACK", on: connection)
                throw error
            }
        }
    }

    func columns(of relation: Relation, on connection: PostgresConnection) async throws -> [ColumnDescription] {
        let rows = try await rows(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(relation.schema) AND c.relname = \(relation.identifier) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, on: connection)
        return rows.map { ColumnDescription(name: $0[0].text ?? "", dataType: $0[1].text ?? "") }
    }
}

/// One connection inside `withTransaction`.
private struct PostgresTransaction: WarehouseTransaction {
    let adapter: PostgresAdapter
    let connection: PostgresConnection

    func execute(_ sql: String) async throws { try await adapter.run(sql, on: connection) }

    func query(_ sql: String) async throws -> QueryResult { try await adapter.query(sql, limit: nil, describesEmptyResults: false, on: connection) }

    func columns(of relation: Relation) async throws -> [ColumnDescription] {
        try await adapter.columns(of: relation, on: connection)
    }

    func createTemporaryTable(_ name: String, as sql: String) async throws -> TemporaryTable {
        let quoted = Relation.quote(name)
        let prefix = "CREATE TEMPORARY TABLE \(quoted) ON COMMIT DROP AS "
        let rowCount: Int?
        do {
            // The command tag (`SELECT 100000`) counts the rows, which saves counting them again.
            rowCount = try await connection.query(prefix + sql).get().metadata.rows
        } catch {
            throw PostgresErrors.rebased(PostgresErrors.databaseError(error, sql: prefix + sql), prefix: prefix, body: sql)
        }
        let rows = try await adapter.rows(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
            WHERE a.attrelid = to_regclass('pg_temp.' || quote_ident(\(name))) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, on: connection)
        return TemporaryTable(quotedName: quoted, columns: rows.map { ColumnDescription(name: $0[0].text ?? "", dataType: $0[1].text ?? "") }, rowCount: rowCount)
    }

    func uniqueIndexes(on relation: Relation) async throws -> [[String]] {
        let rows = try await adapter.rows(
            """
            SELECT array_to_string(ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                                         ORDER BY k.n), E'\\x1f')
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(relation.schema) AND c.relname = \(relation.identifier) AND i.indisunique
              AND i.indpred IS NULL AND i.indexprs IS NULL
            """, on: connection)
        return rows.compactMap { $0.first?.text?.split(separator: "\u{1f}").map(String.init) }
    }
}
