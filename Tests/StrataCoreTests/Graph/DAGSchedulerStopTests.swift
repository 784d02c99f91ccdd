import StrataCore
import Testing

/// Fail-fast and cancellation: what stops, what still reports, and with which reasons.
@Suite struct DAGSchedulerStopTests {
    /// `bad` heads the longest chain and starts first, `a_slow` starts next and runs until cancelled; the
    /// `later` nodes wait for a free slot.
    private let graph = GraphTests.graph(
        ["bad", "bad_child", "a_slow", "later1", "later2"], [("bad", "bad_child")])

    private func slowUntilCancelled(_ node: GraphNode) async -> NodeOutcome {
        guard node.name == "a_slow" else { return node.name == "bad" ? .failure(message: "boom") : .success }
        do {
            try await Task.sleep(for: .seconds(30))
            return .success
        } catch {
            return .failure(message: "cancelled")
        }
    }

    @Test func failFastCancelsRunningWorkAndSkipsTheRest() async {
        let scheduler = DAGScheduler(
            graph: graph, selected: Set(graph.nodes.map(\.id)),
            options: SchedulerOptions(concurrency: 2, failFast: true))
        let recorder = SchedulerRecorder()
        let results = await scheduler.recordedRun(recorder, outcome: slowUntilCancelled)
        #expect(
            results == [
                "model.p.bad": .failure(message: "boom"),
                "model.p.bad_child": .skipped(reason: "upstream 'bad' failed"),
                "model.p.a_slow": .failure(message: "cancelled"),
                "model.p.later1": .skipped(reason: "fail-fast"),
                "model.p.later2": .skipped(reason: "fail-fast"),
            ])
        #expect(Set(await recorder.started) == ["model.p.bad", "model.p.a_slow"])
        #expect(
            await recorder.reportedIDs == [
                "model.p.bad", "model.p.bad_child", "model.p.later1", "model.p.later2", "model.p.a_slow",
            ])
    }

    @Test func withoutFailFastIndependentBranchesGoOn() async {
        let scheduler = DAGScheduler(
            graph: graph, selected: Set(graph.nodes.map(\.id)), options: SchedulerOptions(concurrency: 2))
        let results = await scheduler.recordedRun(SchedulerRecorder()) { node in
            node.name == "bad" ? .failure(message: "boom") : .success
        }
        #expect(results["model.p.bad_child"] == .skipped(reason: "upstream 'bad' failed"))
        #expect(results["model.p.a_slow"] == .success)
        #expect(results["model.p.later1"] == .success && results["model.p.later2"] == .success)
    }

    @Test func cancellingTheCallerSkipsWhatHasNotStarted() async {
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let scheduler = DAGScheduler(
            graph: graph, selected: Set(graph.nodes.map(\.id)), options: SchedulerOptions(concurrency: 1))
        let run = Task {
            await scheduler.run(
                { node in
                    signal.yield()
                    do {
                        try await Task.sleep(for: .seconds(30))
                        return .success
                    } catch {
                        return .failure(message: "cancelled")
                    }
                },
                onFinish: { _, _ in })
        }
        for await _ in started { break }
        run.cancel()
        let results = await run.value
        #expect(results["model.p.bad"] == .failure(message: "cancelled"))
        #expect(results["model.p.bad_child"] == .skipped(reason: "upstream 'bad' failed"))
        for name in ["a_slow", "later1", "later2"] {
            #expect(results["model.p.\(name)"] == .skipped(reason: "cancelled"))
        }
    }
}
