extension Graph {
    /// Every elementary cycle (no node repeated except the first), up to a limit.
    ///
    /// Johnson's algorithm, run only inside the strongly connected components that contain cycles, without
    /// recursion. A dense component can hold exponentially many cycles, hence the limit.
    /// Each cycle is a path along edges from parent to child starting and ending at its smallest id.
    /// Cycles come grouped by component (smallest id first), then by their first node, then in depth-first
    /// order of children by id.
    /// - Parameter limit: the most cycles to return.
    /// - Returns: up to `limit` cycles; empty when the graph is acyclic.
    public func elementaryCycles(limit: Int = 1_000) -> [[String]] {
        var found: [[Int]] = []
        for component in cyclicComponents() {
            let members = Set(component)
            for start in component.sorted(by: { rank[$0] < rank[$1] }) {
                guard found.count < limit else { break }
                var search = JohnsonSearch(start: start, limit: limit - found.count) { node in
                    childIndices[node].filter { members.contains($0) && rank[$0] >= rank[start] }
                }
                found += search.run()
            }
        }
        return found.map { $0.map { nodes[$0].id } }
    }
}

/// One round of Johnson's algorithm: the elementary cycles through `start` among nodes not smaller than it.
private struct JohnsonSearch {
    let start: Int
    let limit: Int
    let successors: (Int) -> [Int]
    private var blocked = Set<Int>()
    private var blockedBy: [Int: Set<Int>] = [:]
    private var cycles: [[Int]] = []

    init(start: Int, limit: Int, successors: @escaping (Int) -> [Int]) {
        self.start = start
        self.limit = limit
        self.successors = successors
    }

    /// A frame of the explicit depth-first stack.
    private struct Frame {
        var node: Int
        var successors: [Int]
        var position = 0
        var foundCycle = false
    }

    mutating func run() -> [[Int]] {
        var path = [start]
        var frames = [Frame(node: start, successors: successors(start))]
        blocked.insert(start)
        while !frames.isEmpty, cycles.count < limit {
            let top = frames.count - 1
            if frames[top].position < frames[top].successors.count {
                let next = frames[top].successors[frames[top].position]
                frames[top].position += 1
                if next == start {
                    cycles.append(path + [start])
                    frames[top].foundCycle = true
                } else if !blocked.contains(next) {
                    path.append(next)
                    blocked.insert(next)
                    frames.append(Frame(node: next, successors: successors(next)))
                }
                continue
            }
            let finished = frames.removeLast()
            path.removeLast()
            if finished.foundCycle {
                unblock(finished.node)
                if !frames.isEmpty { frames[frames.count - 1].foundCycle = true }
            } else {
                for successor in finished.successors { blockedBy[successor, default: []].insert(finished.node) }
            }
        }
        return cycles
    }

    private mutating func unblock(_ node: Int) {
        var pending = [node]
        while let current = pending.popLast() {
            guard blocked.remove(current) != nil else { continue }
            if let waiting = blockedBy.removeValue(forKey: current) { pending.append(contentsOf: waiting) }
        }
    }
}
