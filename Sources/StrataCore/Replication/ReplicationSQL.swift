/// The SQL `strata replicate` sends: reads for the source, DDL and upserts for the destination.
public enum ReplicationSQL {
    /// Types whose text form never holds a backslash, tab, newline or carriage return, so their COPY field
    /// needs no escaping.
    static let plainTextTypes: Set<String> = [
        "smallint", "integer", "bigint", "numeric", "real", "double precision", "boolean", "date", "uuid", "money",
        "interval",
        "time without time zone", "time with time zone", "timestamp without time zone", "timestamp with time zone",
        "oid",
    ]

    /// One column as a field of a COPY text line, computed by the source server.
    ///
    /// postgres-nio has no `COPY ... TO STDOUT`; the server formats the same bytes and we pass them through.
    /// SQLite targets get booleans as 0 and 1.
    static func copyField(_ column: SourceColumn, engine: String) -> String {
        let quoted = Relation.quote(column.name)
        let base = TypeName(column.dataType, engine: "postgres").base
        var text = engine == "sqlite" && base == "boolean" ? "(\(quoted))::int::text" : "(\(quoted))::text"
        if !plainTextTypes.contains(base) {
            text =
                #"replace(replace(replace(replace("# + text
                + #", E'\\', E'\\\\'), E'\n', E'\\n'), E'\r', E'\\r'), E'\t', E'\\t')"#
        }
        return #"coalesce("# + text + #", E'\\N')"#
    }

    /// The expression yielding a row's COPY text line.
    static func copyLine(_ columns: [SourceColumn], engine: String) -> String {
        columns.map { copyField($0, engine: engine) }.joined(separator: #" || E'\t' || "#)
    }

    /// A row value of key columns (`("a", "b")`), or the single column.
    static func tuple(_ names: [String]) -> String {
        names.count == 1 ? Relation.quote(names[0]) : "(" + names.map(Relation.quote).joined(separator: ", ") + ")"
    }

    static func literalTuple(_ values: [String]) -> String {
        values.count == 1
            ? StateStore.literal(values[0]) : "(" + values.map { StateStore.literal($0) }.joined(separator: ", ") + ")"
    }

    /// The key columns as text, under names of their own: an output column named like a table column would be
    /// what `ORDER BY` sorts by (as text, so `10` before `9`).
    static func keyTexts(_ key: [String]) -> String {
        key.enumerated().map { "\(Relation.quote($0.element))::text AS strata_key_\($0.offset)" }.joined(
            separator: ", ")
    }

    /// The full copy's read, in key order so an interrupted copy resumes after its last key.
    /// - Parameters:
    ///   - afterKey: the last key copied before an interruption.
    ///   - engine: the destination engine (`postgres` or `sqlite`).
    public static func fullRead(_ plan: TablePlan, afterKey: [String]?, engine: String) -> SourceRead {
        let table = plan.table.source.quoted
        var sql = "SELECT \(copyLine(plan.selected, engine: engine)), \(keyTexts(plan.primaryKey)) FROM \(table)"
        if let afterKey, afterKey.count == plan.primaryKey.count {
            sql += " WHERE \(tuple(plan.primaryKey)) > \(literalTuple(afterKey))"
        }
        sql += " ORDER BY " + plan.primaryKey.map(Relation.quote).joined(separator: ", ")
        let highWater = plan.cursor.map { "SELECT max(\(Relation.quote($0)))::text FROM \(table)" }
        return SourceRead(sql: sql, highWaterSQL: highWater, readsCursor: false, keyCount: plan.primaryKey.count)
    }

    /// An incremental pass's read: rows after the last (cursor, key) written, in that order; after a full copy
    /// (no key yet) every row whose cursor is at least the copy's starting point, upserted.
    public static func incrementalRead(_ plan: TablePlan, afterCursor: String?, afterKey: [String]?, engine: String)
        -> SourceRead
    {
        guard let cursor = plan.cursor else { return fullRead(plan, afterKey: nil, engine: engine) }
        var sql =
            "SELECT \(copyLine(plan.selected, engine: engine)), \(Relation.quote(cursor))::text AS strata_cursor, \(keyTexts(plan.primaryKey)) FROM \(plan.table.source.quoted)"
        if let afterCursor {
            if let afterKey, afterKey.count == plan.primaryKey.count {
                sql += " WHERE \(tuple([cursor] + plan.primaryKey)) > \(literalTuple([afterCursor] + afterKey))"
            } else {
                sql += " WHERE \(Relation.quote(cursor)) >= \(StateStore.literal(afterCursor))"
            }
        }
        sql += " ORDER BY " + ([cursor] + plan.primaryKey).map(Relation.quote).joined(separator: ", ")
        return SourceRead(sql: sql, highWaterSQL: nil, readsCursor: true, keyCount: plan.primaryKey.count)
    }

    /// `CREATE TABLE` for a destination (or its scratch table).
    /// - Parameter primaryKey: declared inline; nil when the engine adds it after loading.
    static func createTable(_ quotedName: String, columns: [(name: String, type: String)], primaryKey: [String]?)
        -> String
    {
        var parts = columns.map { "\(Relation.quote($0.name)) \($0.type)" }
        if let primaryKey { parts.append("PRIMARY KEY (\(primaryKey.map(Relation.quote).joined(separator: ", ")))") }
        return "CREATE TABLE \(quotedName) (\(parts.joined(separator: ", ")))"
    }

    /// `ON CONFLICT (key) DO UPDATE SET c = excluded.c, ...` (or `DO NOTHING` when every column is the key):
    /// the same text on PostgreSQL and SQLite.
    public static func upsertClause(columns: [String], key: [String]) -> String {
        let keySet = Set(key)
        let updates = columns.filter { !keySet.contains($0) }.map {
            "\(Relation.quote($0)) = excluded.\(Relation.quote($0))"
        }
        let target = key.map(Relation.quote).joined(separator: ", ")
        return updates.isEmpty
            ? "ON CONFLICT (\(target)) DO NOTHING"
            : "ON CONFLICT (\(target)) DO UPDATE SET \(updates.joined(separator: ", "))"
    }

    /// Statements applying schema changes to a destination table.
    static func alterStatements(
        _ changes: [ReplicationSchemaChange], on quotedName: String, engine: String, type: (String) -> String
    ) -> [String] {
        changes.compactMap { change in
            switch change {
            case .added(let column):
                return "ALTER TABLE \(quotedName) ADD COLUMN \(Relation.quote(column.name)) \(type(column.dataType))"
            case .widened(let name, _, let to):
                // SQLite stores any value in any column: nothing to widen.
                return engine == "sqlite"
                    ? nil : "ALTER TABLE \(quotedName) ALTER COLUMN \(Relation.quote(name)) TYPE \(type(to))"
            case .excluded(let name): return "ALTER TABLE \(quotedName) DROP COLUMN \(Relation.quote(name))"
            case .droppedInSource, .restored: return nil
            }
        }
    }
}
