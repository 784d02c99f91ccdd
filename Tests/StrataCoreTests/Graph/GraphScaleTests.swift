import StrataCore
import Testing

/// Correctness on project-sized graphs; timings are printed for information, never asserted.
@Suite struct GraphScaleTests {
    /// A deterministic layered DAG: node i depends on up to three of the 60 nodes before it.
    static func layeredGraph(count: Int) -> Graph {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let nodes = (0..<count).map { i in
            GraphNode(
                id: "model.big.m\(i)", name: "m\(i)", resourceType: .model, tags: i % 10 == 0 ? ["tenth"] : [])
        }
        var edges: [(parent: String, child: String)] = []
        for child in 1..<count {
            for _ in 0..<(next() % 4) {
                let parent = max(0, child - 1 - next() % 60)
                edges.append((parent: "model.big.m\(parent)", child: "model.big.m\(child)"))
            }
        }
        return Graph(nodes: nodes, edges: edges)
    }

    static let big = layeredGraph(count: 10_000)

    @Test func schedulerRunsTenThousandTrivialNodesInOrder() async {
        let graph = Self.big
        let scheduler = DAGScheduler(
            graph: graph, selected: Set(graph.nodes.map(\.id)), options: SchedulerOptions(concurrency: 4))
        let order = FinishOrder()
        let clock = ContinuousClock()
        let start = clock.now
        let results = await scheduler.run({ _ in .success }, onFinish: { node, _ in await order.append(node.id) })
        let elapsed = clock.now - start
        print("scheduler: 10,000 trivial nodes, \(graph.edges.count) edges, concurrency 4: \(elapsed)")
        #expect(results.count == 10_000)
        #expect(results.values.allSatisfy { $0 == .success })
        let position = await order.positions()
        #expect(position.count == 10_000)
        #expect(graph.edges.allSatisfy { position[$0.parent]! < position[$0.child]! })
    }

    @Test func failureInTheMiddleSkipsItsWholeCone() async {
        let graph = Self.big
        let failing = "model.big.m5000"
        let scheduler = DAGScheduler(
            graph: graph, selected: Set(graph.nodes.map(\.id)), options: SchedulerOptions(concurrency: 4))
        let results = await scheduler.run(
            { $0.id == failing ? .failure(message: "boom") : .success }, onFinish: { _, _ in })
        let cone = graph.descendants(of: failing)
        let skipped = Set(results.filter { $0.value == .skipped(reason: "upstream 'm5000' failed") }.keys)
        #expect(!cone.isEmpty)
        #expect(skipped == cone)
        #expect(results.filter { $0.value == .success }.count == 10_000 - cone.count - 1)
    }

    @Test func orderCyclesAndSelectionStayFast() throws {
        let graph = Self.big
        let clock = ContinuousClock()
        let start = clock.now
        let order = try #require(graph.topologicalOrder())
        #expect(order.count == 10_000)
        #expect(graph.cycles().isEmpty)
        let selector = NodeSelector(graph: graph)
        let spec = try SelectorParser.parse(["+tag:tenth,m9*", "@m5000"])
        let selected = selector.select(spec, exclude: try SelectorParser.parse(["m0+1"]))
        print("graph: order, cycles and a selection on 10,000 nodes: \(clock.now - start)")
        #expect(selected.contains("model.big.m5000"))
        #expect(!selected.contains("model.big.m0"))
        #expect(
            selected.isSuperset(
                of: graph.descendants(of: "model.big.m5000").subtracting(
                    graph.descendants(of: "model.big.m0", depth: 1))))
    }
}

/// Collects ids in `onFinish` order.
private actor FinishOrder {
    private var ids: [String] = []

    func append(_ id: String) { ids.append(id) }

    func positions() -> [String: Int] {
        Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    }
}
