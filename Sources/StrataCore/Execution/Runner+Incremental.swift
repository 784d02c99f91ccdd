import Foundation
import StrataDiagnostics

extension Runner {
    /// Builds an incremental model: the whole table on its first build (or a full refresh), else the model's
    /// new rows (rendered with `is_incremental()` true) merged into the table, together with the schema changes
    /// `on_schema_change` allows, in one transaction, so readers see the table before or after, never between.
    /// - Returns: the warehouse's response and what was done, for the progress line.
    func buildIncremental(
        _ node: CompiledNode, relation: Relation, options: RunOptions, rebuilt: Set<Relation>, physical: PhysicalConfig,
        stateStatements: @escaping @Sendable () -> [String]
    ) async throws -> (AdapterResponse, String) {
        let config = try IncrementalConfig(node.config, path: node.file?.path)
        let existing = try await adapter.relationKind(relation)
        if existing != .table || config.rebuildsFromScratch(fullRefreshRequested: options.fullRefresh) {
            let sql = try await runTimeSQL(for: node) ?? node.compiledCode ?? ""
            artifacts?.writeRunSQL(node, sql: sql)
            let response = try await adapter.materialize(
                MaterializationRequest(
                    relation: relation, kind: .table, sql: sql, nodeID: node.id, rebuiltLater: rebuilt, physical: physical,
                    stateStatements: stateStatements))
            let why = existing == nil ? "" : existing == .table ? " (full refresh)" : " (replacing a \(existing!.rawValue))"
            return (response, "created incremental table\(why)")
        }
        let sql = try await runTimeSQL(for: node, incremental: true) ?? node.compiledCode ?? ""
        let engine = adapter.traits.name
        let target = adapter.quotedName(relation)
        let (plan, rows, script) = try await adapter.withTransaction { transaction in
            // Temporary tables are private to the connection, so one fixed name serves every model.
            let staged = try await transaction.stageIncoming(
                "strata_incoming", as: sql, into: relation, uniqueKeys: config.strategy == .merge && engine == "postgres")
            let incomingRows = staged.incoming
            let source = incomingRows.quotedName
            let merge = IncrementalMerge(
                config: config, engine: engine, target: target, source: source, targetColumns: staged.targetColumns,
                incomingColumns: incomingRows.columns, uniqueIndexes: staged.uniqueIndexes, path: node.file?.path)
            let plan = try merge.plan()
            for statement in plan.statements { try await transaction.execute(statement) }
            var count = incomingRows.rowCount
            if count == nil { count = try await transaction.query("SELECT count(*) FROM \(source)").rows.first?.first?.text.flatMap { Int($0) } }
            if !incomingRows.dropsAtCommit { try await transaction.execute("DROP TABLE \(source)") }
            for statement in stateStatements() { try await transaction.execute(statement) }
            let script = (["CREATE TEMPORARY TABLE \(source) AS\n\(sql)"] + plan.statements).joined(separator: ";\n\n") + ";\n"
            return (plan, count ?? -1, script)
        }
        artifacts?.writeRunSQL(node, sql: script)
        // Grants and comments follow the configuration on every build, as dbt applies them; indexes are added.
        try await adapter.applyPhysicalConfig(physical, to: relation, kind: .table)
        for line in plan.log { reporter.report(.info("\(relation): \(line)")) }
        let verb = config.strategy == .append ? "INSERT" : config.strategy.rawValue.uppercased()
        return (AdapterResponse(message: "\(verb) \(rows)", rowsAffected: rows), "\(config.strategy.rawValue) into incremental table")
    }
}
