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
        let rowCount = try await create(name, as: sql)
        let rows = try await adapter.rows(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
            WHERE a.attrelid = to_regclass('pg_temp.' || quote_ident(\(name))) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, on: connection)
        let columns = rows.map { ColumnDescription(name: $0[0].text ?? "", dataType: $0[1].text ?? "") }
        return TemporaryTable(quotedName: Relation.quote(name), columns: columns, rowCount: rowCount, dropsAtCommit: true)
    }

    /// One catalog query after the CREATE reads the temporary table's columns (part 0), the target's (part 1) and
    /// the target's unique keys (part 2), instead of three round trips.
    func stageIncoming(_ name: String, as sql: String, into target: Relation, uniqueKeys: Bool) async throws -> StagedIncoming {
        let rowCount = try await create(name, as: sql)
        let rows = try await adapter.rows(
            """
            SELECT 0, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
            WHERE a.attrelid = to_regclass('pg_temp.' || quote_ident(\(name))) AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 1, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(target.schema) AND c.relname = \(target.identifier) AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 2, 0, \(unescaped: Self.uniqueKeyColumns), NULL
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE \(uniqueKeys) AND n.nspname = \(target.schema) AND c.relname = \(target.identifier) AND i.indisunique
              AND i.indpred IS NULL AND i.indexprs IS NULL
            ORDER BY 1, 2
            """, on: connection)
        var parts: [[[QueryValue]]] = [[], [], []]
        for row in rows {
            guard case .integer(let part) = row[0], (0...2).contains(part) else { continue }
            parts[Int(part)].append(row)
        }
        func columns(_ rows: [[QueryValue]]) -> [ColumnDescription] { rows.map { ColumnDescription(name: $0[2].text ?? "", dataType: $0[3].text ?? "") } }
        return StagedIncoming(
            incoming: TemporaryTable(quotedName: Relation.quote(name), columns: columns(parts[0]), rowCount: rowCount, dropsAtCommit: true),
            targetColumns: columns(parts[1]),
            uniqueIndexes: parts[2].compactMap { $0[2].text?.split(separator: "\u{1f}").map(String.init) })
    }

    /// Creates a temporary table dropped at commit. The command tag (`SELECT 100000`) counts its rows, which saves
    /// counting them again.
    /// - Returns: the row count.
    private func create(_ name: String, as sql: String) async throws -> Int? {
        let prefix = "CREATE TEMPORARY TABLE \(Relation.quote(name)) ON COMMIT DROP AS "
        do {
            return try await connection.query(prefix + sql).get().metadata.rows
        } catch {
            throw PostgresErrors.rebased(PostgresErrors.databaseError(error, sql: prefix + sql), prefix: prefix, body: sql)
        }
    }

    /// A unique index's columns in key order, joined by U+001F (which no sane column name contains).
    static let uniqueKeyColumns = """
        array_to_string(ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                                     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                                     ORDER BY k.n), E'\\x1f')
        """

    func uniqueIndexes(on relation: Relation) async throws -> [[String]] {
        let rows = try await adapter.rows(
            """
            SELECT \(unescaped: Self.uniqueKeyColumns)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(relation.schema) AND c.relname = \(relation.identifier) AND i.indisunique
              AND i.indpred IS NULL AND i.indexprs IS NULL
            """, on: connection)
        return rows.compactMap { $0.first?.text?.split(separator: "\u{1f}").map(String.init) }
    }
}
