import Foundation
import StrataDiagnostics

extension Runner {
    /// Creates every selected node's object, in dependency order, inside one transaction that is rolled back: a
    /// set of dependent changes is proven to work together and nothing persists. Tables get no rows where the
    /// engine can avoid computing them; seeds become empty tables of their inferred types; tests and hooks do not
    /// run. A failure skips the nodes downstream of it.
    /// - Parameters:
    ///   - selected: unique ids to validate.
    ///   - options: run options (`command` names the run).
    /// - Returns: one result per node (`success` when its DDL worked).
    public func dryRun(selected: Set<String>, options: RunOptions) async -> RunSummary {
        let started = Date()
        let order = (compiled.graph.topologicalOrder() ?? compiled.graph.nodes.map(\.id)).filter { id in
            guard selected.contains(id), let node = compiled.nodes[id] else { return false }
            return node.isExecutable && !node.graphNode.resourceType.isTest
        }
        reporter.report(.started(command: options.command, total: order.count))
        let rebuilt = Set(order.compactMap { compiled.nodes[$0]?.relation })
        var results: [NodeResult] = []
        do {
            try await adapter.createSchemas(Set(order.compactMap { compiled.nodes[$0]?.relation?.schema }))
            results = try await adapter.withRolledBackTransaction { transaction in
                var results: [NodeResult] = []
                // Each failed or skipped node, with the failure that stopped it.
                var failedUpstream: [String: String] = [:]
                for (offset, id) in order.enumerated() {
                    guard let node = compiled.nodes[id] else { continue }
                    let (index, nodeStarted) = (offset + 1, Date())
                    var result: NodeResult
                    if let cause = failedParent(of: id, failed: failedUpstream) {
                        failedUpstream[id] = cause
                        let name = compiled.nodes[cause]?.relation?.description ?? cause
                        result = dryRunResult(node, status: .skipped, message: "skipped: upstream \(name) failed", started: nodeStarted)
                    } else {
                        reporter.report(.nodeStarted(index: index, total: order.count, nodeID: id, description: "dry run \(subject(node))"))
                        do {
                            try await transaction.materialize(try await dryRunRequest(for: node, rebuilt: rebuilt, scriptEnvironment: options.scriptEnvironment))
                            result = dryRunResult(node, status: .success, message: "validated \(subject(node))", started: nodeStarted)
                        } catch {
                            failedUpstream[id] = id
                            let diagnostic = diagnostic(for: error, building: node)
                            result = dryRunResult(node, status: .error, message: diagnostic.message, started: nodeStarted)
                            result.diagnostic = diagnostic
                        }
                    }
                    results.append(result)
                    reporter.report(.nodeFinished(index: index, total: order.count, result: result))
                    if let diagnostic = result.diagnostic { reporter.report(.diagnostic(diagnostic)) }
                }
                return results
            }
        } catch {
            let diagnostic = DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil)
            reporter.report(.diagnostic(diagnostic))
            results = [failureResult(message: diagnostic.message, started: started)]
        }
        let summary = RunSummary(results: results, elapsed: Date().timeIntervalSince(started))
        reporter.report(.finished(summary))
        return summary
    }

    /// The failure that stops a node: that of a parent which failed or was skipped, looking through ephemeral
    /// models (inlined, never created) to the nodes behind them.
    private func failedParent(of id: String, failed: [String: String]) -> String? {
        for parent in compiled.graph.parents(of: id) {
            if let cause = failed[parent] { return cause }
            if compiled.nodes[parent]?.materialization == "ephemeral", let cause = failedParent(of: parent, failed: failed) { return cause }
        }
        return nil
    }

    /// The object a node would build; a seed becomes an empty table with the columns its file would give it.
    private func dryRunRequest(
        for node: CompiledNode, rebuilt: Set<Relation>, scriptEnvironment: [String: String]
    ) async throws -> MaterializationRequest {
        guard let relation = node.relation else { throw DatabaseError(message: "node \(node.id) builds no relation") }
        // A seed's file, or the rows a script prints, give the columns; the script runs, as it must to say them.
        let printed: SeedTable? =
            node.language == .script
            ? try await ScriptRun(node: node, environment: scriptEnvironment).table().table : nil
        if node.graphNode.resourceType == .seed || printed != nil {
            let table = try printed ?? SeedFile.table(for: node)
            let columns = table.columns.map { column in
                "CAST(NULL AS \(column.override ?? adapter.traits.seedTypes[column.inferred] ?? "text")) AS \(table.sqlName(of: column))"
            }
            return MaterializationRequest(
                relation: relation, kind: .table, sql: "SELECT \(columns.joined(separator: ", ")) LIMIT 0", nodeID: node.id)
        }
        guard let sql = node.compiledCode else { throw DatabaseError(message: "node \(node.id) was not compiled") }
        let runSQL = try await runTimeSQL(for: node) ?? sql
        artifacts?.writeRunSQL(node, sql: runSQL)
        // Incremental models, snapshots and materialized views are tables as far as checking their SQL goes.
        let kind: RelationKind = node.materialization == "view" ? .view : .table
        return MaterializationRequest(relation: relation, kind: kind, sql: runSQL, nodeID: node.id, rebuiltLater: rebuilt)
    }

    private func dryRunResult(_ node: CompiledNode, status: NodeStatus, message: String, started: Date) -> NodeResult {
        NodeResult(
            nodeID: node.id, name: node.graphNode.name, resourceType: node.graphNode.resourceType, status: status, message: message,
            subject: "dry run \(subject(node))", startedAt: started, completedAt: Date(), relation: node.relation,
            compiledCode: node.compiledCode)
    }
}
