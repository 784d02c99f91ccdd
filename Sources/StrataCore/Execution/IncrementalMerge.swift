import Foundation
public import StrataDiagnostics

/// The statements that bring an incremental model's new rows (already in a temporary table) into its table:
/// first the schema changes `on_schema_change` allows, then the strategy's DML. Pure: the runner runs them in
/// the transaction it read the two column lists in.
public struct IncrementalMerge: Sendable {
    public let config: IncrementalConfig
    /// `postgres` or `sqlite`.
    public let engine: String
    /// The table, as the engine's SQL names it.
    public let target: String
    /// The temporary table holding the new rows.
    public let source: String
    public let targetColumns: [ColumnDescription]
    public let incomingColumns: [ColumnDescription]
    /// The column lists of the table's unique indexes.
    public let uniqueIndexes: [[String]]
    /// The model's file, for diagnostics.
    public let path: String?

    /// What the merge does to the table's columns, for the log.
    public struct SchemaChanges: Sendable, Hashable {
        /// A column whose type changes: the table's type and the model's.
        public struct Retyped: Sendable, Hashable {
            public var name: String
            public var from: String
            public var to: String
            public var change: ColumnTypes.Change
        }

        public var added: [ColumnDescription] = []
        public var removed: [ColumnDescription] = []
        public var retyped: [Retyped] = []

        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && retyped.isEmpty }
    }

    /// The statements and what they change.
    public struct Plan: Sendable {
        /// DDL applying the allowed schema changes, then the DML adding the rows.
        public var statements: [String]
        /// Lines for the run log describing the schema changes applied (or ignored).
        public var log: [String]
    }

    public init(
        config: IncrementalConfig, engine: String, target: String, source: String, targetColumns: [ColumnDescription],
        incomingColumns: [ColumnDescription], uniqueIndexes: [[String]] = [], path: String? = nil
    ) {
        self.config = config
        self.engine = engine
        self.target = target
        self.source = source
        self.targetColumns = targetColumns
        self.incomingColumns = incomingColumns
        self.uniqueIndexes = uniqueIndexes
        self.path = path
    }

    /// How the model's columns differ from the table's.
    public var schemaChanges: SchemaChanges {
        var changes = SchemaChanges()
        let existing = Dictionary(targetColumns.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let incoming = Dictionary(incomingColumns.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        changes.added = incomingColumns.filter { existing[$0.name.lowercased()] == nil }
        changes.removed = targetColumns.filter { incoming[$0.name.lowercased()] == nil }
        for column in targetColumns {
            guard let new = incoming[column.name.lowercased()] else { continue }
            let change = ColumnTypes.change(from: column.dataType, to: new.dataType, engine: engine)
            if change != .fits { changes.retyped.append(SchemaChanges.Retyped(name: column.name, from: column.dataType, to: new.dataType, change: change)) }
        }
        return changes
    }

    /// The statements for this merge.
    /// - Throws: a diagnostic when the policy forbids the schema change, a type cannot be widened, or the
    ///   unique key is not among the model's columns.
    public func plan() throws(Diagnostic) -> Plan {
        let changes = schemaChanges
        var statements: [String] = []
        var log: [String] = []
        var insertColumns = targetColumns.filter { column in incomingColumns.contains { $0.name.lowercased() == column.name.lowercased() } }.map(\.name)
        switch config.onSchemaChange {
        case .ignore:
            if !changes.isEmpty { log.append("on_schema_change 'ignore': \(describe(changes)) left as they are") }
        case .fail:
            guard changes.isEmpty else {
                throw Diagnostic(
                    code: "M5110", message: "the model's columns no longer match its table (on_schema_change is 'fail')",
                    notes: lines(changes), help: "set on_schema_change to append_new_columns or sync_all_columns, or rebuild the table with --full-refresh",
                    path: path)
            }
        case .appendNewColumns, .syncAllColumns:
            let incompatible = changes.retyped.filter { $0.change == .incompatible }
            guard incompatible.isEmpty else {
                throw Diagnostic(
                    code: "M5111",
                    message: "column type change cannot be applied without losing data: "
                        + incompatible.map { "\($0.name) from \($0.from) to \($0.to)" }.joined(separator: ", "),
                    notes: ["a column is only ever widened (e.g. integer to bigint, varchar(20) to text); the table was left as it was"],
                    help: "cast the column in the model to a type that holds the old values, or rebuild the table with --full-refresh",
                    path: path)
            }
            for column in changes.retyped where engine != "sqlite" {
                let name = Relation.quote(column.name)
                statements.append("ALTER TABLE \(target) ALTER COLUMN \(name) TYPE \(column.to) USING \(name)::\(column.to)")
                log.append("widened column \(column.name) from \(column.from) to \(column.to)")
            }
            for column in changes.retyped where engine == "sqlite" {
                log.append("column \(column.name) now holds \(column.to) values (SQLite columns take any value; declared type \(column.from) kept)")
            }
            for column in changes.added {
                let type = column.dataType.isEmpty ? "" : " \(column.dataType)"
                statements.append("ALTER TABLE \(target) ADD COLUMN \(Relation.quote(column.name))\(type)")
                insertColumns.append(column.name)
                log.append("added column \(column.name)\(type)")
            }
            if config.onSchemaChange == .syncAllColumns {
                for column in changes.removed {
                    statements.append("ALTER TABLE \(target) DROP COLUMN \(Relation.quote(column.name))")
                    log.append("dropped column \(column.name)")
                }
            } else if !changes.removed.isEmpty {
                log.append("kept column\(changes.removed.count == 1 ? "" : "s") \(changes.removed.map(\.name).joined(separator: ", ")) the model no longer has (new rows get NULL)")
            }
        }
        statements += try rowStatements(columns: insertColumns)
        return Plan(statements: statements, log: log)
    }

    private func rowStatements(columns: [String]) throws(Diagnostic) -> [String] {
        let list = columns.map(Relation.quote).joined(separator: ", ")
        let insert = "INSERT INTO \(target) (\(list)) SELECT \(list) FROM \(source)"
        let keys = try resolvedKeys()
        let predicates = config.predicates.map { " AND (\($0))" }.joined()
        switch config.strategy {
        case .append:
            return [insert]
        case .deleteInsert:
            let keyList = keys.joined(separator: ", ")
            return [
                "DELETE FROM \(target) AS DBT_INTERNAL_DEST WHERE (\(keys.map { "DBT_INTERNAL_DEST.\($0)" }.joined(separator: ", "))) IN "
                    + "(SELECT \(keyList) FROM \(source) AS DBT_INTERNAL_SOURCE)\(predicates)",
                insert,
            ]
        case .merge:
            guard !keys.isEmpty else { return [insert] }
            return merge(columns: columns, keys: keys, predicates: predicates)
        }
    }

    private func merge(columns: [String], keys: [String], predicates: String) -> [String] {
        let keyNames = Set(keys)
        let excluded = Set(config.mergeExcludeColumns.map { $0.lowercased() })
        let updated = columns.filter { column in
            !keyNames.contains(Relation.quote(column)) && !excluded.contains(column.lowercased())
                && (config.mergeUpdateColumns.map { $0.contains { $0.lowercased() == column.lowercased() } } ?? true)
        }
        let list = columns.map(Relation.quote).joined(separator: ", ")
        let matches = keys.map { "DBT_INTERNAL_DEST.\($0) = DBT_INTERNAL_SOURCE.\($0)" }.joined(separator: " AND ")
        let assignments = updated.map { "\(Relation.quote($0)) = DBT_INTERNAL_SOURCE.\(Relation.quote($0))" }.joined(separator: ", ")
        if engine == "sqlite" {
            // SQLite has no MERGE: update the matching rows, then insert the others.
            var statements: [String] = []
            if !updated.isEmpty {
                statements.append(
                    "UPDATE \(target) AS DBT_INTERNAL_DEST SET \(assignments) FROM \(source) AS DBT_INTERNAL_SOURCE WHERE \(matches)\(predicates)")
            }
            statements.append(
                "INSERT INTO \(target) (\(list)) SELECT \(list) FROM \(source) AS DBT_INTERNAL_SOURCE "
                    + "WHERE NOT EXISTS (SELECT 1 FROM \(target) AS DBT_INTERNAL_DEST WHERE \(matches)\(predicates))")
            return statements
        }
        let keyColumns = Set(keys)
        let hasUniqueIndex = uniqueIndexes.contains { Set($0.map(Relation.quote)) == keyColumns }
        if hasUniqueIndex && config.predicates.isEmpty {
            // The index lets PostgreSQL find each row's match itself, the cheapest way to upsert.
            let conflict = updated.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updated.map { "\(Relation.quote($0)) = EXCLUDED.\(Relation.quote($0))" }.joined(separator: ", ")
            return ["INSERT INTO \(target) AS DBT_INTERNAL_DEST (\(list)) SELECT \(list) FROM \(source) ON CONFLICT (\(keys.joined(separator: ", "))) \(conflict)"]
        }
        let values = columns.map { "DBT_INTERNAL_SOURCE.\(Relation.quote($0))" }.joined(separator: ", ")
        var merge = "MERGE INTO \(target) AS DBT_INTERNAL_DEST USING \(source) AS DBT_INTERNAL_SOURCE ON \(matches)\(predicates)"
        if !updated.isEmpty { merge += " WHEN MATCHED THEN UPDATE SET \(assignments)" }
        merge += " WHEN NOT MATCHED THEN INSERT (\(list)) VALUES (\(values))"
        return [merge]
    }

    /// The unique key's columns, quoted with the spelling the model produces them in.
    private func resolvedKeys() throws(Diagnostic) -> [String] {
        var keys: [String] = []
        for key in config.uniqueKey {
            if let column = incomingColumns.first(where: { $0.name.lowercased() == key.lowercased() }) {
                keys.append(Relation.quote(column.name))
            } else {
                throw Diagnostic(
                    code: "M5102", message: "unique_key column '\(key)' is not among the model's columns",
                    notes: ["the model produces: \(incomingColumns.map(\.name).joined(separator: ", "))"],
                    help: "set unique_key to a column (or list of columns) the model selects", path: path)
            }
        }
        return keys
    }

    private func describe(_ changes: SchemaChanges) -> String {
        lines(changes).joined(separator: "; ")
    }

    private func lines(_ changes: SchemaChanges) -> [String] {
        changes.added.map { "new column \($0.name) \($0.dataType)" } + changes.removed.map { "column \($0.name) no longer produced" }
            + changes.retyped.map { "column \($0.name) changed type from \($0.from) to \($0.to)" }
    }
}
