extension Graph {
    /// Every node after all of its parents, or nil when the graph has a cycle.
    ///
    /// Kahn's algorithm with a heap: among the nodes whose parents are all placed, the smallest id comes next,
    /// so the order is the same on every run. O((V + E) log V).
    /// - Returns: node ids in dependency order, or nil if some nodes lie on or after a cycle.
    public func topologicalOrder() -> [String]? {
        let order = kahnOrder()
        guard order.count == nodes.count else { return nil }
        return order.map { nodes[$0].id }
    }

    /// Kahn's order over node indices, smallest id first among ready nodes; nodes on or downstream of a cycle
    /// are left out, so a result shorter than the graph means the graph is cyclic.
    func kahnOrder() -> [Int] {
        var indegree = parentIndices.map(\.count)
        let rank = self.rank
        var ready = IndexHeap { rank[$0] < rank[$1] }
        for index in nodes.indices where indegree[index] == 0 { ready.push(index) }
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        while let next = ready.pop() {
            order.append(next)
            for child in childIndices[next] {
                indegree[child] -= 1
                if indegree[child] == 0 { ready.push(child) }
            }
        }
        return order
    }

    /// One cycle for every group of nodes that depend on each other (every strongly connected component with
    /// more than one node, and every node that depends on itself).
    ///
    /// Each cycle is a path along edges from parent to child that starts and ends at the component's smallest id,
    /// e.g. `[a, b, c, a]` for `a -> b -> c -> a`; it is the shortest such cycle through that node. Cycles are
    /// sorted by their first id. Use ``elementaryCycles(limit:)`` to list every cycle.
    /// - Returns: the cycles, or an empty array when the graph is acyclic.
    public func cycles() -> [[String]] {
        cyclicComponents().map { component in
            shortestCycle(through: component.min { rank[$0] < rank[$1] }!, within: Set(component))
                .map { nodes[$0].id }
        }
    }

    /// The strongly connected components that contain a cycle, each sorted by id, ordered by their first id.
    /// - Returns: groups of node ids that all depend on each other.
    public func cyclicComponentIDs() -> [[String]] {
        cyclicComponents().map { component in
            component.sorted { rank[$0] < rank[$1] }.map { nodes[$0].id }
        }
    }

    /// Strongly connected components with a cycle, ordered by their smallest id.
    func cyclicComponents() -> [[Int]] {
        stronglyConnectedComponents()
            .filter { $0.count > 1 || childIndices[$0[0]].contains($0[0]) }
            .sorted { lhs, rhs in
                lhs.map { rank[$0] }.min()! < rhs.map { rank[$0] }.min()!
            }
    }

    /// Tarjan's algorithm without recursion, so a 10,000-node chain cannot overflow the stack.
    func stronglyConnectedComponents() -> [[Int]] {
        var tarjan = TarjanState(count: nodes.count)
        for root in indicesByID where tarjan.index[root] == nil {
            tarjan.visit(root, children: childIndices)
        }
        return tarjan.components
    }

    /// The shortest path from `start` back to itself that stays inside one component, found breadth first.
    private func shortestCycle(through start: Int, within component: Set<Int>) -> [Int] {
        var previous: [Int: Int] = [:]
        var frontier = [start]
        while !frontier.isEmpty {
            var next: [Int] = []
            for index in frontier {
                for child in childIndices[index] where component.contains(child) {
                    if child == start { return pathBack(to: index, previous: previous, start: start) + [start] }
                    if previous[child] == nil {
                        previous[child] = index
                        next.append(child)
                    }
                }
            }
            frontier = next
        }
        return [start, start]
    }

    private func pathBack(to end: Int, previous: [Int: Int], start: Int) -> [Int] {
        var path = [end]
        var current = end
        while current != start, let before = previous[current] {
            path.append(before)
            current = before
        }
        return path.reversed()
    }
}

/// The bookkeeping of an iterative Tarjan walk.
private struct TarjanState {
    var index: [Int?]
    var lowLink: [Int]
    var onStack: [Bool]
    var stack: [Int] = []
    var nextIndex = 0
    var components: [[Int]] = []

    init(count: Int) {
        index = [Int?](repeating: nil, count: count)
        lowLink = [Int](repeating: 0, count: count)
        onStack = [Bool](repeating: false, count: count)
    }

    mutating func visit(_ root: Int, children: [[Int]]) {
        var work: [(node: Int, nextChild: Int)] = [(root, 0)]
        open(root)
        while let (node, position) = work.last {
            if position < children[node].count {
                work[work.count - 1].nextChild += 1
                let child = children[node][position]
                if let childIndex = index[child] {
                    if onStack[child] { lowLink[node] = min(lowLink[node], childIndex) }
                } else {
                    open(child)
                    work.append((child, 0))
                }
                continue
            }
            work.removeLast()
            if let parent = work.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
            if lowLink[node] == index[node] { closeComponent(at: node) }
        }
    }

    private mutating func open(_ node: Int) {
        index[node] = nextIndex
        lowLink[node] = nextIndex
        nextIndex += 1
        stack.append(node)
        onStack[node] = true
    }

    private mutating func closeComponent(at node: Int) {
        var component: [Int] = []
        while let top = stack.popLast() {
            onStack[top] = false
            component.append(top)
            if top == node { break }
        }
        components.append(component)
    }
}
