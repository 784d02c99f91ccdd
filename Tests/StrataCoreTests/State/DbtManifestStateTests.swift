import Foundation
@testable import StrataCore
import Testing

/// Comparing with a manifest dbt wrote: dbt lists config keys Strata does not, which must not count as changes.
@Suite struct DbtManifestStateTests {
    /// This project's manifest as JSON, edited by `edit` as another tool would have written it.
    private func manifest(_ compiled: CompiledProject, edit: (inout [String: Any]) -> Void) throws -> ManifestState {
        let text = ManifestBuilder(compiled: compiled, invocationID: "x", generatedAt: Date()).encoded()
        var root = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        edit(&root)
        return try ManifestState(data: JSONSerialization.data(withJSONObject: root))
    }

    /// Adds a config key to every node, as a newer tool version would.
    private func addingConfig(_ key: String, _ value: Any, generator: String?) -> (inout [String: Any]) -> Void {
        { root in
            var metadata = root["metadata"] as? [String: Any] ?? [:]
            metadata["generator"] = generator
            root["metadata"] = metadata
            var nodes = root["nodes"] as? [String: Any] ?? [:]
            for (id, entry) in nodes {
                var node = entry as? [String: Any] ?? [:]
                var config = node["config"] as? [String: Any] ?? [:]
                config[key] = value
                node["config"] = config
                nodes[id] = node
            }
            root["nodes"] = nodes
        }
    }

    private func modified(_ compiled: CompiledProject, previous: ManifestState) -> [String] {
        var selector = NodeSelector(graph: compiled.graph, resourceTypes: [.model, .seed])
        selector.state = StateComparison(current: compiled.manifestState(), previous: previous)
        return selector.select(SelectionSpec(.criterion(SelectionCriterion(method: .state, value: "modified"))), exclude: nil).sorted()
    }

    @Test func keysOnlyDbtWritesAreIgnored() throws {
        let compiled = try compileInMemory(StateComparisonTests.before)
        let dbt = try manifest(compiled, edit: addingConfig("lookback", 1, generator: nil))
        #expect(modified(compiled, previous: dbt).isEmpty)
    }

    @Test func betweenStrataManifestsEveryKeyCounts() throws {
        let compiled = try compileInMemory(StateComparisonTests.before)
        let strata = try manifest(compiled, edit: addingConfig("owner", "finance", generator: "strata 0.1.0"))
        #expect(modified(compiled, previous: strata) == ["model.shop.customers", "model.shop.daily", "model.shop.orders", "seed.shop.raw_orders"])
    }
}
