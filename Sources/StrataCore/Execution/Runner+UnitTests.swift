import Foundation
import StrataDiagnostics

extension Runner {
    static let unitTestFailed: DiagnosticCode = "T5020"
    static let unitTestColumns: DiagnosticCode = "T5021"

    /// Runs one unit test: selects the model's rows over the mock inputs (a read-only query: nothing is created)
    /// and compares them with the expected rows.
    func runUnitTest(_ node: CompiledNode) async -> NodeResult {
        let started = Date()
        let subject = "unit_test \(node.graphNode.name)"
        func result(_ status: NodeStatus, _ message: String, diagnostic: Diagnostic? = nil, failures: Int? = nil)
            -> NodeResult
        {
            NodeResult(
                nodeID: node.id, name: node.graphNode.name, resourceType: .unitTest, status: status, message: message,
                subject: subject,
                startedAt: started, completedAt: Date(), diagnostic: diagnostic, failures: failures,
                compiledCode: node.compiledCode)
        }
        do {
            guard let spec = node.unitTest, let sql = node.compiledCode else {
                throw DatabaseError(message: "unit test \(node.id) was not compiled")
            }
            let query = "select * from (\n\(sql)\n) as dbt_internal_unit_test_actual"
            artifacts?.writeRunSQL(node, sql: query)
            let actual = try await adapter.query(query, limit: nil)
            var columns = spec.expectedColumns
            var expectedRows: [UnitTestComparison.Row]
            if let expectedSQL = spec.expectedSQL {
                let expected = try await adapter.query(expectedSQL, limit: nil)
                columns = expected.columns.map(\.name)
                expectedRows = expected.rows.map(UnitTestComparison.row)
            } else {
                expectedRows = (spec.expectedRows ?? []).map { row in
                    UnitTestComparison.row(columns.map { row[$0] ?? .null })
                }
            }
            let actualNames = actual.columns.map { $0.name.lowercased() }
            let positions = columns.map { actualNames.firstIndex(of: $0.lowercased()) }
            if let absent = zip(columns, positions).first(where: { $0.1 == nil })?.0 {
                let diagnostic = Diagnostic(
                    .error, code: Self.unitTestColumns,
                    message:
                        "unit test '\(node.graphNode.name)' expects column '\(absent)', which the model does not return",
                    primary: Label(file: spec.file, span: spec.span, text: "declared here"),
                    notes: ["the model returns: \(actual.columns.map(\.name).joined(separator: ", "))"])
                return result(.fail, diagnostic.message, diagnostic: diagnostic, failures: 1)
            }
            let actualRows = actual.rows.map { row in UnitTestComparison.row(positions.map { row[$0!] }) }
            let comparison = UnitTestComparison(columns: columns, expected: expectedRows, actual: actualRows)
            if comparison.passes { return result(.pass, node.graphNode.name, failures: 0) }
            let model = spec.modelID.split(separator: ".").last.map(String.init) ?? spec.modelID
            let diagnostic = Diagnostic(
                .error, code: Self.unitTestFailed,
                message: "unit test '\(node.graphNode.name)' of model '\(model)' failed: actual differs from expected",
                primary: Label(file: spec.file, span: spec.span, text: "declared here"),
                notes: [
                    "\(comparison.missing.count) expected row\(comparison.missing.count == 1 ? "" : "s") missing (---), "
                        + "\(comparison.unexpected.count) unexpected (+++):\n" + comparison.diff()
                ])
            return result(
                .fail, "\(comparison.differences) \(node.graphNode.name)", diagnostic: diagnostic,
                failures: comparison.differences)
        } catch {
            var diagnostic = DatabaseDiagnostics.diagnostic(
                for: error, node: node, artifactPath: artifacts?.displayRunPath(for: node))
            if diagnostic.primary == nil, let spec = node.unitTest {
                diagnostic.primary = Label(file: spec.file, span: spec.span, text: "while running this unit test")
            }
            return result(.error, diagnostic.message, diagnostic: diagnostic)
        }
    }
}

extension CompiledProject {
    /// `build`'s order for unit tests: a unit test runs before its model (which waits for it, and is skipped
    /// with everything downstream when it fails) instead of after it.
    func unitTestsFirst(_ edges: [Graph.Edge], selected: Set<String>) -> [Graph.Edge] {
        var result = edges
        for node in graph.nodes where node.resourceType == .unitTest && selected.contains(node.id) {
            guard let model = node.attachedNodeID else { continue }
            result.removeAll { $0.child == node.id }
            result.append(Graph.Edge(parent: node.id, child: model))
        }
        return result
    }
}
