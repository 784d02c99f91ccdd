import Foundation
import StrataDiagnostics

extension Runner {
    /// Builds a snapshot: its query's rows recorded as new versions in its table (created on the first build),
    /// and its as-of accessor refreshed, in one transaction with its state row.
    func buildSnapshot(
        _ node: CompiledNode, relation: Relation, stateStatements: @escaping @Sendable () -> [String]
    ) async throws -> (AdapterResponse, String) {
        // Compilation reported an invalid configuration already; a snapshot without one never gets here.
        guard let config = node.snapshotConfig else { throw DatabaseError(message: "snapshot \(node.id) has no valid configuration") }
        let spec = HistorySpec(snapshot: config)
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
            let sourceRows = try await transaction.createTemporaryTable("strata_history_source", as: sql)
            let (source, sourceColumns) = (sourceRows.quotedName, sourceRows.columns)
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
