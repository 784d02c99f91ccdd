/// The mutable progress of one scheduler run, owned by the driving task alone.
///
/// Readiness is tracked with per-node counters of unfinished parents and a heap of ready nodes, so each start
/// and each finish costs O(log n) plus the node's edges; skipping a failed node's descendants visits each node
/// at most once per run.
struct ScheduleState {
    private enum Status { case waiting, ready, running, finished }

    let plan: SchedulePlan
    private var waitingParents: [Int]
    private var status: [Status]
    private var ready: IndexHeap
    /// Set once fail-fast or cancellation stops the run: nothing new starts.
    private(set) var stopped = false

    init(plan: SchedulePlan) {
        self.plan = plan
        waitingParents = plan.parentCount
        status = [Status](repeating: .waiting, count: plan.nodes.count)
        let (criticalPath, rank) = (plan.criticalPath, plan.rank)
        ready = IndexHeap { lhs, rhs in
            criticalPath[lhs] != criticalPath[rhs] ? criticalPath[lhs] > criticalPath[rhs] : rank[lhs] < rank[rhs]
        }
        let blocked = Set(plan.blockedByCycle)
        for node in plan.nodes.indices where plan.parentCount[node] == 0 && !blocked.contains(node) {
            status[node] = .ready
            ready.push(node)
        }
    }

    /// The next node to start, longest remaining chain first; nil when none is ready or the run stopped.
    mutating func nextToStart() -> Int? {
        while !stopped, let next = ready.pop() {
            guard status[next] == .ready else { continue }
            status[next] = .running
            return next
        }
        return nil
    }

    /// Records a finished node and returns what to report for it: itself, then any descendants it skips.
    /// - Parameters:
    ///   - node: the node that finished.
    ///   - outcome: its outcome.
    ///   - failFast: whether a failure stops the whole run.
    /// - Returns: outcomes to report, in order.
    mutating func finish(_ node: Int, _ outcome: NodeOutcome, failFast: Bool) -> [(Int, NodeOutcome)] {
        status[node] = .finished
        var reports = [(node, outcome)]
        switch outcome {
        case .success:
            for child in plan.children[node] {
                waitingParents[child] -= 1
                if waitingParents[child] == 0, status[child] == .waiting {
                    status[child] = .ready
                    ready.push(child)
                }
            }
        case .failure:
            reports += skipDescendants(of: node, reason: "upstream '\(plan.nodes[node].name)' failed")
            if failFast { reports += stop(reason: "fail-fast") }
        case .skipped:
            reports += skipDescendants(of: node, reason: "upstream '\(plan.nodes[node].name)' was skipped")
        }
        return reports
    }

    /// Stops the run: every node not yet started is skipped with the reason, in id order.
    mutating func stop(reason: String) -> [(Int, NodeOutcome)] {
        stopped = true
        let pending = plan.nodes.indices.filter { status[$0] == .waiting || status[$0] == .ready }
        return pending.sorted { plan.rank[$0] < plan.rank[$1] }.map { node in
            status[node] = .finished
            return (node, NodeOutcome.skipped(reason: reason))
        }
    }

    /// Marks every not-yet-started selected descendant as skipped, nearest first, then by id.
    private mutating func skipDescendants(of node: Int, reason: String) -> [(Int, NodeOutcome)] {
        var reports: [(Int, NodeOutcome)] = []
        var frontier = [node]
        while !frontier.isEmpty {
            var next: [Int] = []
            for parent in frontier {
                for child in plan.children[parent] where status[child] == .waiting || status[child] == .ready {
                    status[child] = .finished
                    next.append(child)
                }
            }
            next.sort { plan.rank[$0] < plan.rank[$1] }
            reports += next.map { ($0, NodeOutcome.skipped(reason: reason)) }
            frontier = next
        }
        return reports
    }
}
