import StrataCore
import Testing

@Suite struct DAGSchedulerTests {
    private let all = Set(ShopGraph.nodes.map(\.id))

    private func scheduler(
        _ graph: Graph = ShopGraph.graph, selected: Set<String>? = nil, concurrency: Int = 4, failFast: Bool = false
    ) -> DAGScheduler {
        DAGScheduler(
            graph: graph, selected: selected ?? Set(graph.nodes.map(\.id)),
            options: SchedulerOptions(concurrency: concurrency, failFast: failFast))
    }

    /// A pause that varies by node, so completion order differs from start order.
    private static let jitter: @Sendable (GraphNode) -> Duration? = { node in
        .microseconds(200 * (node.id.utf8.count % 7))
    }

    @Test func parentsFinishBeforeChildrenStart() async {
        let recorder = SchedulerRecorder()
        let results = await scheduler().recordedRun(recorder, pause: Self.jitter)
        #expect(results.count == all.count)
        #expect(results.values.allSatisfy { $0 == .success })
        #expect(await recorder.respectsEdges(ShopGraph.graph, selected: all))
        #expect(Set(await recorder.started) == all)
    }

    @Test func concurrencyLimitHolds() async {
        let wide = GraphTests.graph((0..<24).map { "n\($0)" }, [])
        let recorder = SchedulerRecorder()
        _ = await scheduler(wide, concurrency: 3).recordedRun(recorder, pause: { _ in .milliseconds(2) })
        #expect(await recorder.peakInFlight == 3)
        #expect(await recorder.started.count == 24)
    }

    @Test func concurrencyBelowOneRunsOneAtATime() async {
        let recorder = SchedulerRecorder()
        _ = await scheduler(concurrency: 0).recordedRun(recorder, pause: Self.jitter)
        #expect(await recorder.peakInFlight == 1)
    }

    @Test func onFinishIsCalledOncePerNodeSerially() async {
        let recorder = SchedulerRecorder()
        _ = await scheduler(concurrency: 8).recordedRun(recorder, pause: Self.jitter)
        let reported = await recorder.reportedIDs
        #expect(reported.count == all.count)
        #expect(Set(reported) == all)
        #expect(await recorder.overlappingReports == false)
    }

    @Test func failureSkipsExactlyTheSelectedDescendants() async {
        let recorder = SchedulerRecorder()
        let results = await scheduler().recordedRun(
            recorder,
            outcome: { node in
                node.name == "stg_orders" ? .failure(message: "relation does not exist") : .success
            }, pause: Self.jitter)
        let failed = "model.shop.stg_orders"
        let downstream = ShopGraph.graph.descendants(of: failed)
        #expect(results[failed] == .failure(message: "relation does not exist"))
        for id in downstream {
            #expect(results[id] == .skipped(reason: "upstream 'stg_orders' failed"), "\(id)")
        }
        let independent = all.subtracting(downstream).subtracting([failed])
        #expect(independent.allSatisfy { results[$0] == .success })
        #expect(independent.contains("model.shop.stg_payments"))
        #expect(!independent.contains("model.shop.core.deals"))
        let started = Set(await recorder.started)
        #expect(started.isDisjoint(with: downstream))
        let reported = await recorder.reportedIDs
        let failurePosition = reported.firstIndex(of: failed)!
        #expect(downstream.allSatisfy { reported.firstIndex(of: $0)! > failurePosition })
    }

    @Test func skippedWorkAlsoSkipsDescendants() async {
        let chain = GraphTests.graph(["a", "b", "c"], [("a", "b"), ("b", "c")])
        let results = await scheduler(chain).recordedRun(SchedulerRecorder()) { node in
            node.name == "a" ? .skipped(reason: "ephemeral") : .success
        }
        #expect(results["model.p.b"] == .skipped(reason: "upstream 'a' was skipped"))
        #expect(results["model.p.c"] == .skipped(reason: "upstream 'a' was skipped"))
    }

    @Test func unselectedParentsDoNotBlock() async {
        let results = await scheduler(selected: ShopGraph.ids("core.deals", "customers")).recordedRun(
            SchedulerRecorder())
        #expect(results == ["model.shop.core.deals": .success, "model.shop.customers": .success])
    }

    @Test func dependenciesThroughUnselectedNodesStillOrder() async {
        let chain = GraphTests.graph(["a", "b", "c", "x"], [("a", "b"), ("b", "c"), ("x", "b")])
        let selected: Set<String> = ["model.p.a", "model.p.c", "model.p.x"]
        let recorder = SchedulerRecorder()
        _ = await scheduler(chain, selected: selected).recordedRun(recorder, pause: { _ in .milliseconds(1) })
        let finishA = await recorder.position(of: .finish("model.p.a"))!
        let finishX = await recorder.position(of: .finish("model.p.x"))!
        let startC = await recorder.position(of: .start("model.p.c"))!
        #expect(finishA < startC && finishX < startC)
        let failed = await scheduler(chain, selected: selected).recordedRun(SchedulerRecorder()) { node in
            node.name == "x" ? .failure(message: "boom") : .success
        }
        #expect(
            failed == [
                "model.p.a": .success, "model.p.x": .failure(message: "boom"),
                "model.p.c": .skipped(reason: "upstream 'x' failed"),
            ])
    }

    @Test func unknownSelectedIDsAreIgnored() async {
        let results = await scheduler(selected: ["model.shop.orders", "model.shop.nope"]).recordedRun(
            SchedulerRecorder())
        #expect(results == ["model.shop.orders": .success])
        #expect(scheduler(selected: []).nodes.isEmpty)
        #expect(await scheduler(selected: []).recordedRun(SchedulerRecorder()).isEmpty)
    }

    @Test func longestChainStartsFirstThenSmallestID() async {
        let graph = GraphTests.graph(["b", "a", "l1", "l2", "l3"], [("l1", "l2"), ("l2", "l3")])
        let recorder = SchedulerRecorder()
        _ = await scheduler(graph, concurrency: 1).recordedRun(recorder)
        #expect(await recorder.started == ["l1", "l2", "a", "b", "l3"].map { "model.p.\($0)" })
    }

    @Test func nodesOnACycleAreSkipped() async {
        let graph = GraphTests.graph(["x", "y", "w", "z"], [("x", "y"), ("y", "x"), ("x", "w")])
        let results = await scheduler(graph).recordedRun(SchedulerRecorder())
        #expect(results["model.p.z"] == .success)
        for id in ["model.p.x", "model.p.y", "model.p.w"] {
            #expect(results[id] == .skipped(reason: "dependency cycle"))
        }
    }
}
