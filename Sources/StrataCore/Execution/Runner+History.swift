import Foundation
public import StrataDiagnostics

extension Runner {
    /// Builds a snapshot: its query's rows recorded as new versions in its table (created on the first build),
    /// and its as-of accessor refreshed, in one transaction with its state row.
    func buildSnapshot(
        _ node: CompiledNode, relation: Relation, stateStatements: @escaping @Sendable () -> [String]
    ) async throws -> (AdapterResponse, String) {
        let spec = try HistorySpec(snapshot: node.config, path: node.file?.path)
        let sql = try await runTimeSQL(for: node) ?? node.compiledCode ?? ""
        let historical = HistoricalRelation(relation: relation, history: relation, meta: spec.meta, marksDeletions: spec.hardDeletes == .newRecord)
        let (created, notes) = try await recordVersions(of: sql, into: historical, spec: spec, node: node, stateStatements: stateStatements)
        for note in notes { reporter.report(.info(note)) }
        return (AdapterResponse(message: "SNAPSHOT"), created ? "created snapshot table" : "recorded snapshot of")
    }

    /// Records the rows a model with `history: true` has now in its `__history` table, right after its build.
    func recordHistory(of node: CompiledNode, relation: Relation) async throws {
        let historical = HistoricalRelation(relation: relation, history: Relation(schema: relation.schema, identifier: relation.identifier + "__history"))
        let spec = HistorySpec.modelHistory(uniqueKey: node.config.uniqueKey)
        let (_, notes) = try await recordVersions(
            of: "SELECT * FROM \(adapter.quotedName(relation))", into: historical, spec: spec, node: node, stateStatements: { [] })
        for note in notes { reporter.report(.info(note)) }
    }

    /// Runs a history merge of `sql`'s rows into the history table and regenerates its accessor.
    /// - Returns: whether the history table was created, and notes for the log.
    private func recordVersions(
        of sql: String, into historical: HistoricalRelation, spec: HistorySpec, node: CompiledNode,
        stateStatements: @escaping @Sendable () -> [String]
    ) async throws -> (Bool, [String]) {
        let engine = adapter.traits.name
        let quote = adapter.quotedName
        let (created, note, script) = try await adapter.withTransaction { transaction in
            let (source, sourceColumns) = try await transaction.createTemporaryTable("strata_history_source", as: sql)
            let existing = try await transaction.columns(of: historical.history)
            let merge = HistoryMerge(
                spec: spec, engine: engine, target: quote(historical.history), source: source, sourceColumns: sourceColumns,
                targetColumns: existing, now: Date())
            let statements = merge.statements()
            for statement in statements { try await transaction.execute(statement) }
            let accessor = historical.accessorStatements(
                engine: engine, historyColumns: try await transaction.columns(of: historical.history), quotedName: quote)
            for statement in accessor.statements { try await transaction.execute(statement) }
            try await transaction.execute("DROP TABLE \(source)")
            for statement in stateStatements() { try await transaction.execute(statement) }
            let script = (["CREATE TEMPORARY TABLE \(source) AS\n\(sql)"] + statements + accessor.statements).joined(separator: ";\n\n") + ";\n"
            return (existing.isEmpty, accessor.note, script)
        }
        if node.materialization == "snapshot" { artifacts?.writeRunSQL(node, sql: script) }
        return (created, note.map { ["\(historical.relation): \($0)"] } ?? [])
    }
}

extension HistorySpec {
    /// Reads a snapshot's configuration (dbt's keys).
    /// - Throws: a diagnostic naming what is missing or wrong.
    public init(snapshot config: NodeConfig, path: String?) throws(Diagnostic) {
        let key = config.uniqueKey
        guard !key.isEmpty else {
            throw Diagnostic(code: "M5120", message: "a snapshot needs a unique_key", help: "set unique_key to the column (or columns) identifying a row", path: path)
        }
        let detection: ChangeDetection
        switch config["strategy"]?.stringValue?.lowercased() {
        case "timestamp":
            guard let column = config["updated_at"]?.stringValue else {
                throw Diagnostic(code: "M5121", message: "a snapshot with strategy 'timestamp' needs updated_at", help: "set updated_at to the column that changes when a row changes", path: path)
            }
            detection = .timestamp(column: column)
        case "check":
            let columns = config["check_cols"]
            if columns?.stringValue?.lowercased() == "all" {
                detection = .check(columns: nil)
            } else if let list = columns?.stringList, !list.isEmpty {
                detection = .check(columns: list)
            } else {
                throw Diagnostic(code: "M5121", message: "a snapshot with strategy 'check' needs check_cols", help: "set check_cols to 'all' or a list of columns", path: path)
            }
        case let other:
            throw Diagnostic(
                code: "M5122", message: other.map { "unknown snapshot strategy '\($0)'" } ?? "a snapshot needs a strategy",
                help: "set strategy to 'timestamp' (with updated_at) or 'check' (with check_cols)", path: path)
        }
        var hardDeletes = HardDeletes.ignore
        if config["invalidate_hard_deletes"]?.boolValue == true { hardDeletes = .invalidate }
        if let name = config["hard_deletes"]?.stringValue {
            guard let value = HardDeletes(rawValue: name.lowercased()) else {
                throw Diagnostic(
                    code: "M5123", message: "unknown hard_deletes '\(name)'", help: "use one of: ignore, invalidate, new_record", path: path)
            }
            hardDeletes = value
        }
        var meta = MetaColumns()
        if let names = config["snapshot_meta_column_names"]?.dictValue {
            meta.validFrom = names["dbt_valid_from"]?.stringValue ?? meta.validFrom
            meta.validTo = names["dbt_valid_to"]?.stringValue ?? meta.validTo
            meta.scdID = names["dbt_scd_id"]?.stringValue ?? meta.scdID
            meta.updatedAt = names["dbt_updated_at"]?.stringValue ?? meta.updatedAt
            meta.isDeleted = names["dbt_is_deleted"]?.stringValue ?? meta.isDeleted
        }
        self.init(uniqueKey: key, detection: detection, hardDeletes: hardDeletes, meta: meta)
    }
}
