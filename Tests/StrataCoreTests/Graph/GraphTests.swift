import StrataCore
import Testing

@Suite struct GraphTests {
    static func node(_ id: String) -> GraphNode {
        GraphNode(id: "model.p.\(id)", name: id, resourceType: .model)
    }

    static func graph(_ names: [String], _ edges: [(String, String)]) -> Graph {
        Graph(
            nodes: names.map(node),
            edges: edges.map { (parent: "model.p.\($0.0)", child: "model.p.\($0.1)") })
    }

    @Test func keepsInsertionOrderAndFirstOfRepeatedIDs() {
        let first = GraphNode(id: "model.p.b", name: "b", resourceType: .model, tags: ["first"])
        let again = GraphNode(id: "model.p.b", name: "b", resourceType: .model, tags: ["again"])
        let graph = Graph(nodes: [Self.node("c"), first, Self.node("a"), again], edges: [])
        #expect(graph.nodes.map(\.name) == ["c", "b", "a"])
        #expect(graph.node("model.p.b")?.tags == ["first"])
        #expect(graph.node("model.p.zzz") == nil)
    }

    @Test func deduplicatesEdgesAndDropsDanglingOnes() {
        let graph = Graph(
            nodes: [Self.node("a"), Self.node("b")],
            edges: [
                (parent: "model.p.a", child: "model.p.b"), (parent: "model.p.a", child: "model.p.b"),
                (parent: "model.p.ghost", child: "model.p.b"), (parent: "model.p.a", child: "model.p.nowhere"),
            ])
        #expect(graph.parents(of: "model.p.b") == ["model.p.a"])
        #expect(graph.edges == [Graph.Edge(parent: "model.p.a", child: "model.p.b")])
        #expect(
            graph.danglingEdges == [
                Graph.Edge(parent: "model.p.ghost", child: "model.p.b"),
                Graph.Edge(parent: "model.p.a", child: "model.p.nowhere"),
            ])
    }

    @Test func neighboursAreSortedByID() {
        let graph = Self.graph(
            ["hub", "z", "m", "a"], [("hub", "z"), ("hub", "a"), ("hub", "m"), ("z", "m"), ("a", "m")])
        #expect(graph.children(of: "model.p.hub") == ["model.p.a", "model.p.m", "model.p.z"])
        #expect(graph.parents(of: "model.p.m") == ["model.p.a", "model.p.hub", "model.p.z"])
        #expect(graph.parents(of: "model.p.unknown") == [])
    }

    @Test func ancestorsAndDescendantsRespectDepth() {
        let graph = Self.graph(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "d")])
        #expect(graph.ancestors(of: "model.p.d") == ["model.p.a", "model.p.b", "model.p.c"])
        #expect(graph.ancestors(of: "model.p.d", depth: 1) == ["model.p.c"])
        #expect(graph.ancestors(of: "model.p.d", depth: 2) == ["model.p.b", "model.p.c"])
        #expect(graph.ancestors(of: "model.p.d", depth: 0) == [])
        #expect(graph.descendants(of: "model.p.a", depth: 2) == ["model.p.b", "model.p.c"])
        #expect(graph.descendants(of: "model.p.d") == [])
    }

    @Test func ancestorsOfASetIncludeMembersOnlyWhenUpstreamOfAnother() {
        let graph = Self.graph(["a", "b", "c", "x"], [("a", "b"), ("b", "c"), ("x", "c")])
        #expect(graph.ancestors(of: ["model.p.b", "model.p.c"]) == ["model.p.a", "model.p.b", "model.p.x"])
        #expect(graph.descendants(of: ["model.p.a", "model.p.x"], depth: 1) == ["model.p.b", "model.p.c"])
    }

    @Test func ancestorsInACycleExcludeTheStart() {
        let graph = Self.graph(["a", "b"], [("a", "b"), ("b", "a")])
        #expect(graph.ancestors(of: "model.p.a") == ["model.p.b"])
        #expect(graph.descendants(of: "model.p.a") == ["model.p.b"])
    }

    @Test func manifestMapsListEveryNode() {
        let graph = ShopGraph.graph
        #expect(graph.parentMap.count == graph.count)
        #expect(graph.childMap["model.shop.core.deal_stats"] == [])
        #expect(graph.parentMap["seed.shop.raw_orders"] == [])
        #expect(graph.parentMap["model.shop.core.deals"] == ["model.shop.orders", "model.stripe.stg_stripe_charges"])
        #expect(
            graph.childMap["model.shop.stg_orders"] == [
                "model.shop.customers", "model.shop.orders", "snapshot.shop.orders_snapshot",
                "test.shop.unique_stg_orders_order_id.1a2b3c",
            ])
    }

    @Test func subgraphKeepsOrderAndInnerEdges() {
        let graph = Self.graph(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("a", "d"), ("d", "c")])
        let sub = graph.subgraph(["model.p.c", "model.p.a", "model.p.b", "model.p.missing"])
        #expect(sub.nodes.map(\.name) == ["a", "b", "c"])
        #expect(sub.parents(of: "model.p.c") == ["model.p.b"])
        #expect(sub.children(of: "model.p.a") == ["model.p.b"])
        #expect(sub.danglingEdges.isEmpty)
    }

    @Test func nodeDefaultsComeFromTheUniqueID() {
        let node = GraphNode(id: "model.jaffle.stg_orders", name: "stg_orders", resourceType: .model)
        #expect(node.packageName == "jaffle")
        #expect(node.fqn == ["jaffle", "stg_orders"])
        #expect(node.config.isEmpty && node.tags.isEmpty && node.path.isEmpty)
        let source = ShopGraph.graph.node("source.shop.raw.payments")!
        #expect(source.sourceName == "raw")
        #expect(source.sourceTableName == "payments")
        #expect(ResourceType(rawValue: "unit_test") == .unitTest)
    }
}
