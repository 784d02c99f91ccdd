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
            return node.isExecutable && node.graphNode.resourceType != .test
        }
        reporter.report(.started(command: options.command, total: order.count))
        let progress = ProgressCounter(total: order.count)
        let rebuilt = Set(order.compactMap { compiled.nodes[$0]?.relation })
        let outcome: Result<[NodeResult], any Error>
        do {
            try await adapter.createSchemas(Set(order.compactMap { compiled.nodes[$0]?.relation?.schema }))
            let results = try await adapter.withRolledBackTransaction { transaction in
                var results: [NodeResult] = []
                var failed: Set<String> = []
                for id in order {
                    guard let node = compiled.nodes[id] else { continue }
                    let index = progress.start()
                    let nodeStarted = Date()
                    if let upstream = compiled.graph.ancestors(of: id).first(where: failed.contains) {
                        failed.insert(id)
                        let name = compiled.nodes[upstream]?.relation?.description ?? upstream
                        let result = dryRunResult(node, status: .skipped, message: "skipped: upstream \(name) failed", started: nodeStarted)
                        results.append(result)
                        reporter.report(.nodeFinished(index: index, total: order.count, result: result))
                        continue
                    }
                    reporter.report(.nodeStarted(index: index, total: order.count, nodeID: id, description: "dry run \(dryRunSubject(node))"))
                    var result: NodeResult
                    do {
                        let request = try await dryRunRequest(for: node, rebuilt: rebuilt)
                        try await transaction.materialize(request)
                        result = dryRunResult(node, status: .success, message: "validated \(dryRunSubject(node))", started: nodeStarted)
                    } catch {
                        failed.insert(id)
                        let runPath = node.graphNode.resourceType == .seed ? nil : artifacts?.displayRunPath(for: node)
                        let diagnostic = DatabaseDiagnostics.diagnostic(for: error, node: node, artifactPath: runPath)
                        result = dryRunResult(node, status: .error, message: diagnostic.message, started: nodeStarted)
                        result.diagnostic = diagnostic
                    }
                    results.append(result)
                    reporter.report(.nodeFinished(index: index, total: order.count, result: result))
                    if let diagnostic = result.diagnostic { reporter.report(.diagnostic(diagnostic)) }
                }
                return results
            }
            outcome = .success(results)
        } catch {
            outcome = .failure(error)
        }
        let results: [NodeResult]
        switch outcome {
        case .success(let nodeResults):
            results = nodeResults
        case .failure(let error):
            let diagnostic = DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil)
            reporter.report(.diagnostic(diagnostic))
            results = [
                NodeResult(
                    nodeID: "run", name: "run", resourceType: .operation, status: .error, message: diagnostic.message, startedAt: started,
                    completedAt: Date())
            ]
        }
        let summary = RunSummary(results: results, elapsed: Date().timeIntervalSince(started))
        reporter.report(.finished(summary))
        return summary
    }

    /// The object a node would build; a seed becomes an empty table with the columns its file would give it.
    private func dryRunRequest(for node: CompiledNode, rebuilt: Set<Relation>) async throws -> MaterializationRequest {
        guard let relation = node.relation else { throw DatabaseError(message: "node \(node.id) builds no relation") }
        if node.graphNode.resourceType == .seed {
            let table = try SeedLoader(adapter: adapter).parse(node)
            let columns = table.columns.map { column in
                "CAST(NULL AS \(column.override ?? adapter.traits.seedTypes[column.inferred] ?? "text")) AS \(Relation.quote(column.name))"
            }
            return MaterializationRequest(
                relation: relation, kind: .table, sql: "SELECT \(columns.joined(separator: ", ")) LIMIT 0", nodeID: node.id)
        }
        guard let sql = node.compiledCode else { throw DatabaseError(message: "node \(node.id) was not compiled") }
        let runSQL = try await runTimeSQL(for: node) ?? sql
        artifacts?.writeRunSQL(node, sql: runSQL)
        let kind: RelationKind = node.materialization == "table" ? .table : .view
        return MaterializationRequest(relation: relation, kind: kind, sql: runSQL, nodeID: node.id, rebuiltLater: rebuilt)
    }

    private func dryRunSubject(_ node: CompiledNode) -> String {
        let name = node.relation?.description ?? node.graphNode.name
        return node.graphNode.resourceType == .seed ? "seed file \(name)" : "\(node.materialization) \(name)"
    }

    private func dryRunResult(_ node: CompiledNode, status: NodeStatus, message: String, started: Date) -> NodeResult {
        NodeResult(
            nodeID: node.id, name: node.graphNode.name, resourceType: node.graphNode.resourceType, status: status, message: message,
            subject: "dry run \(dryRunSubject(node))", startedAt: started, completedAt: Date(), relation: node.relation,
            compiledCode: node.compiledCode)
    }
}
