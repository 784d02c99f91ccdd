import Foundation
import StrataDiagnostics

/// How a data test's failing-row count is judged, from its `severity`, `warn_if` and `error_if` configs.
struct TestVerdict: Sendable {
    var severity: String
    var warnIf: String
    var errorIf: String
    var failCalc: String
    var limit: Int?
    var storeFailures: Bool

    init(config: NodeConfig, storeFailuresFlag: Bool) {
        severity = (config["severity"]?.stringValue ?? "error").lowercased()
        warnIf = config["warn_if"]?.stringValue ?? "!= 0"
        errorIf = config["error_if"]?.stringValue ?? "!= 0"
        failCalc = config["fail_calc"]?.stringValue ?? "count(*)"
        limit = config["limit"].flatMap { value -> Int? in
            if case .int(let number) = value { return number }
            return value.stringValue.flatMap { Int($0) }
        }
        storeFailures = config["store_failures"]?.boolValue ?? storeFailuresFlag
    }

    /// dbt's `get_test_sql`: failures, and whether they cross the warn and error thresholds.
    func query(_ sql: String) -> String {
        """
        select
            \(failCalc) as failures,
            case when \(failCalc) \(warnIf) then 1 else 0 end as should_warn,
            case when \(failCalc) \(errorIf) then 1 else 0 end as should_error
        from (
        \(limited(sql))
        ) dbt_internal_test
        """
    }

    func limited(_ sql: String) -> String {
        guard let limit else { return sql }
        return "select * from (\n\(sql)\n) dbt_limited limit \(limit)"
    }

    /// dbt's `Got 3 results, configured to fail if != 0`, for failing and warning tests.
    func diagnostic(status: NodeStatus, failures: Int, node: CompiledNode) -> Diagnostic? {
        guard status == .fail || status == .warn else { return nil }
        let results = "\(failures) result\(failures == 1 ? "" : "s")"
        let condition = status == .fail ? "fail if \(errorIf)" : "warn if \(warnIf)"
        let kind = status == .fail ? "failure" : "warning"
        let help = storeFailures
            ? "the failing rows are in \(node.graphNode.schema).\(node.config.alias ?? node.graphNode.name)"
            : "run with --store-failures to keep the failing rows"
        return Diagnostic(
            status == .fail ? .error : .warning, code: status == .fail ? "T5010" : "T5011",
            message: "\(kind) in test '\(node.graphNode.name)': got \(results), configured to \(condition)", help: help, path: node.file?.path)
    }

    func status(failures: Int, shouldWarn: Bool, shouldError: Bool) -> NodeStatus {
        if severity == "error" && shouldError { return .fail }
        if shouldWarn { return .warn }
        return .pass
    }
}

extension Runner {
    /// Runs one data test: counts its failing rows, optionally stores them, and judges the count.
    func runTest(_ node: CompiledNode, options: RunOptions) async -> NodeResult {
        let started = Date()
        let subject = "test \(node.graphNode.name)"
        do {
            guard let sql = node.compiledCode else { throw DatabaseError(message: "test \(node.id) was not compiled") }
            let verdict = TestVerdict(config: node.config, storeFailuresFlag: options.storeFailures)
            if verdict.storeFailures {
                let relation = Relation(schema: node.graphNode.schema, identifier: node.config.alias ?? node.graphNode.name)
                try await adapter.createSchemas([relation.schema])
                _ = try await adapter.materialize(MaterializationRequest(relation: relation, kind: .table, sql: verdict.limited(sql), nodeID: node.id))
            }
            let query = verdict.query(sql)
            artifacts?.writeRunSQL(node, sql: query)
            let result = try await adapter.query(query, limit: nil)
            let row = result.rows.first ?? []
            func number(_ index: Int) -> Int {
                guard index < row.count else { return 0 }
                switch row[index] {
                case .integer(let value): return Int(value)
                case .double(let value): return Int(value)
                case .bool(let value): return value ? 1 : 0
                default: return row[index].text.flatMap { Int($0) } ?? 0
                }
            }
            let failures = number(0)
            let status = verdict.status(failures: failures, shouldWarn: number(1) != 0, shouldError: number(2) != 0)
            let message = status == .pass ? node.graphNode.name : "\(failures) \(node.graphNode.name)"
            return NodeResult(
                nodeID: node.id, name: node.graphNode.name, resourceType: .test, status: status, message: message, subject: subject,
                startedAt: started, completedAt: Date(), diagnostic: verdict.diagnostic(status: status, failures: failures, node: node),
                failures: failures, compiledCode: sql)
        } catch {
            let diagnostic = DatabaseDiagnostics.diagnostic(for: error, node: node, artifactPath: artifacts?.displayRunPath(for: node))
            return NodeResult(
                nodeID: node.id, name: node.graphNode.name, resourceType: .test, status: .error, message: diagnostic.message,
                subject: subject, startedAt: started, completedAt: Date(), diagnostic: diagnostic, compiledCode: node.compiledCode)
        }
    }
}

extension CompiledProject {
    /// The data tests that read any of the given nodes: what `sync` and environments run after rebuilding them.
    public func tests(reading ids: Set<String>) -> Set<String> {
        Set(graph.nodes.lazy.filter { $0.resourceType == .test && self.graph.parents(of: $0.id).contains(where: ids.contains) }.map(\.id))
    }

    /// The graph `build` schedules: besides a test depending on what it tests, every child of a tested node
    /// depends on that node's tests, so a failing error-severity test skips everything downstream (dbt build).
    public func buildGraph(selected: Set<String>) -> Graph {
        var edges = graph.edges
        for node in graph.nodes where node.resourceType == .test && selected.contains(node.id) {
            guard let attached = node.attachedNodeID else { continue }
            let testParents = Set(graph.parents(of: node.id))
            // A child that the test itself reads (directly or further up) cannot wait for the test.
            let testAncestors = graph.ancestors(of: testParents)
            for child in graph.children(of: attached) where child != node.id {
                guard let childNode = graph.node(child), !childNode.resourceType.isTest, !testParents.contains(child),
                    !testAncestors.contains(child)
                else { continue }
                edges.append(Graph.Edge(parent: node.id, child: child))
            }
        }
        return Graph(nodes: graph.nodes, dependencies: unitTestsFirst(edges, selected: selected))
    }
}
