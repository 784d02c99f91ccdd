/// How running one node ended.
public enum NodeOutcome: Sendable, Equatable {
    /// The node ran and its dependents may start.
    case success
    /// The node ran and failed; its selected descendants are skipped.
    case failure(message: String)
    /// The node did not run, because a parent failed, fail-fast stopped the run, or the work chose not to.
    case skipped(reason: String)
}

/// How a ``DAGScheduler`` runs.
public struct SchedulerOptions: Sendable, Hashable {
    /// The most nodes running at once; values below 1 count as 1.
    public var concurrency: Int
    /// Whether the first failure stops the run.
    public var failFast: Bool

    /// Creates options.
    /// - Parameters:
    ///   - concurrency: the most nodes running at once.
    ///   - failFast: whether the first failure stops the run.
    public init(concurrency: Int = 4, failFast: Bool = false) {
        self.concurrency = concurrency
        self.failFast = failFast
    }
}

/// Runs work for the selected nodes of a graph in dependency order, several at a time.
///
/// A node starts once every selected node it depends on has succeeded; dependencies are followed through
/// unselected nodes (selecting `a` and `c` of `a -> b -> c` still runs `c` after `a`), and an unselected parent
/// with no selected ancestor never blocks. Among ready nodes, the one heading the longest remaining chain starts
/// first, then the smallest id, which keeps runs deterministic and the critical path short.
public struct DAGScheduler: Sendable {
    /// The options the scheduler runs with.
    public let options: SchedulerOptions
    let plan: SchedulePlan

    /// Prepares a run.
    /// - Parameters:
    ///   - graph: the full graph, so dependencies through unselected nodes are kept.
    ///   - selected: the ids to run; ids not in the graph are ignored.
    ///   - options: concurrency and fail-fast.
    public init(graph: Graph, selected: Set<String>, options: SchedulerOptions) {
        self.options = options
        self.plan = SchedulePlan(graph: graph, selected: selected)
    }

    /// The selected nodes that will be run, in graph order.
    public var nodes: [GraphNode] { plan.nodes }

    /// Runs `work` for every selected node as soon as all its selected parents succeeded, at most
    /// `concurrency` at once, in a task group (no thread is ever blocked).
    ///
    /// A failing (or skipped) node skips all its selected descendants with `skipped(reason: "upstream 'x'
    /// failed")` (or `"… was skipped"`) while independent branches go on. With `failFast`, the first failure
    /// also cancels the running work (through task cancellation; it still reports its own outcome) and skips
    /// every node not yet started with `skipped(reason: "fail-fast")`; its own descendants keep the upstream
    /// reason. Cancelling the calling task does the same with the reason `"cancelled"`. Nodes on or after a
    /// dependency cycle never start and are reported as `skipped(reason: "dependency cycle")`.
    /// - Parameters:
    ///   - work: runs one node; it should check `Task.isCancelled` when it takes long.
    ///   - onFinish: called once per selected node, skipped ones included, in completion order and never
    ///     concurrently with itself.
    /// - Returns: the outcome of every selected node, by id.
    public func run(
        _ work: @escaping @Sendable (GraphNode) async -> NodeOutcome,
        onFinish: @escaping @Sendable (GraphNode, NodeOutcome) async -> Void
    ) async -> [String: NodeOutcome] {
        var state = ScheduleState(plan: plan)
        var results: [String: NodeOutcome] = [:]
        results.reserveCapacity(plan.nodes.count)
        let limit = max(1, options.concurrency)
        let failFast = options.failFast
        let plan = self.plan
        await withTaskGroup(of: (Int, NodeOutcome).self) { group in
            var running = 0
            func report(_ reports: [(Int, NodeOutcome)]) async {
                for (node, outcome) in reports {
                    results[plan.nodes[node].id] = outcome
                    await onFinish(plan.nodes[node], outcome)
                }
            }
            func startReadyNodes() -> [(Int, NodeOutcome)] {
                if Task.isCancelled, !state.stopped { return state.stop(reason: "cancelled") }
                while running < limit, let next = state.nextToStart() {
                    let node = plan.nodes[next]
                    group.addTask { (next, await work(node)) }
                    running += 1
                }
                return []
            }
            await report(startReadyNodes())
            while running > 0, let (node, outcome) = await group.next() {
                running -= 1
                let wasStopped = state.stopped
                let reports = state.finish(node, outcome, failFast: failFast)
                if state.stopped, !wasStopped { group.cancelAll() }
                let cancelled = startReadyNodes()
                await report(reports + cancelled)
            }
        }
        var leftovers = state
        let blocked = leftovers.stop(reason: "dependency cycle")
        for (node, outcome) in blocked where results[plan.nodes[node].id] == nil {
            results[plan.nodes[node].id] = outcome
            await onFinish(plan.nodes[node], outcome)
        }
        return results
    }
}
