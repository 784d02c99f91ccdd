import StrataCore

/// Records what a scheduler run does: start and finish events of the work, the peak number of nodes in flight,
/// and every `onFinish` call, flagging any two that overlap.
actor SchedulerRecorder {
    enum Event: Equatable {
        case start(String)
        case finish(String)
    }

    private(set) var events: [Event] = []
    private(set) var inFlight = 0
    private(set) var peakInFlight = 0
    private(set) var reported: [(id: String, outcome: NodeOutcome)] = []
    private(set) var overlappingReports = false
    private var reporting = false

    func start(_ id: String) {
        events.append(.start(id))
        inFlight += 1
        peakInFlight = max(peakInFlight, inFlight)
    }

    func finish(_ id: String) {
        events.append(.finish(id))
        inFlight -= 1
    }

    func beginReport(_ id: String, _ outcome: NodeOutcome) {
        if reporting { overlappingReports = true }
        reporting = true
        reported.append((id, outcome))
    }

    func endReport() { reporting = false }

    /// Ids in the order `onFinish` saw them.
    var reportedIDs: [String] { reported.map(\.id) }

    /// The ids whose work started, in start order.
    var started: [String] {
        events.compactMap { if case .start(let id) = $0 { id } else { nil } }
    }

    /// The position of a node's start or finish event.
    func position(of event: Event) -> Int? { events.firstIndex(of: event) }

    /// Whether each parent's work finished before each selected child's work started.
    func respectsEdges(_ graph: Graph, selected: Set<String>) -> Bool {
        var startAt: [String: Int] = [:]
        var finishAt: [String: Int] = [:]
        for (index, event) in events.enumerated() {
            switch event {
            case .start(let id): startAt[id] = index
            case .finish(let id): finishAt[id] = index
            }
        }
        return graph.edges.allSatisfy { edge in
            guard selected.contains(edge.parent), let childStart = startAt[edge.child] else { return true }
            guard let parentFinish = finishAt[edge.parent] else { return false }
            return parentFinish < childStart
        }
    }
}

extension DAGScheduler {
    /// Runs with recording: `outcome` decides each node's result after an optional pause, and every start,
    /// finish and report goes to the recorder.
    func recordedRun(
        _ recorder: SchedulerRecorder,
        outcome: @escaping @Sendable (GraphNode) async -> NodeOutcome = { _ in .success },
        pause: @escaping @Sendable (GraphNode) -> Duration? = { _ in nil }
    ) async -> [String: NodeOutcome] {
        await run(
            { node in
                await recorder.start(node.id)
                if let pause = pause(node) { try? await Task.sleep(for: pause) } else { await Task.yield() }
                let result = await outcome(node)
                await recorder.finish(node.id)
                return result
            },
            onFinish: { node, outcome in
                await recorder.beginReport(node.id, outcome)
                await Task.yield()
                await recorder.endReport()
            })
    }
}
