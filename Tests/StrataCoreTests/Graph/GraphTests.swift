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

    /// Extending a graph gives exactly the graph built from everything at once: nodes in order, every
    /// neighbour list, the edges, dangling edges and the topological order (random graphs, fixed seeds).
    @Test(arguments: 1...40)
    func extendingEqualsBuildingFromScratch(seed: UInt64) {
        var random = SplitMix(seed: seed)
        let baseCount = Int(random.next() % 30) + 1
        let addedCount = Int(random.next() % 30)
        let names = (0..<(baseCount + addedCount)).map { _ in "n\(random.next() % 1000)" }
        let base = Array(names[..<baseCount]).map(Self.node)
        let added = Array(names[baseCount...]).map(Self.node)
        func edge(_ upTo: Int) -> Graph.Edge {
            // Mostly forward edges (parents earlier), some to unknown nodes.
            let child = Int(random.next() % UInt64(upTo))
            let parent = child == 0 || random.next() % 10 == 0 ? 1000 + child : Int(random.next() % UInt64(child))
            return Graph.Edge(parent: parent >= 1000 ? "model.p.ghost\(parent)" : "model.p.\(names[parent])", child: "model.p.\(names[child])")
        }
        let baseEdges = (0..<(baseCount * 2)).map { _ in edge(baseCount) }
        let addedEdges = addedCount == 0 ? [] : (0..<(addedCount * 2)).map { _ in edge(baseCount + addedCount) }
        let extended = Graph(extending: Graph(nodes: base, dependencies: baseEdges), with: added, dependencies: addedEdges)
        let whole = Graph(nodes: base + added, dependencies: baseEdges + addedEdges)
        #expect(extended.nodes.map(\.id) == whole.nodes.map(\.id))
        #expect(extended.edges == whole.edges)
        #expect(Set(extended.danglingEdges) == Set(whole.danglingEdges))
        for node in whole.nodes {
            #expect(extended.parents(of: node.id) == whole.parents(of: node.id))
            #expect(extended.children(of: node.id) == whole.children(of: node.id))
        }
        #expect(extended.topologicalOrder() == whole.topologicalOrder())
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
