/// The selected part of a graph prepared for scheduling: nodes renumbered densely, the dependencies between
/// selected nodes (kept across unselected nodes, as dbt's `get_subset_graph` does), and a priority per node.
///
/// A selected node waits for its nearest selected ancestors: with `a -> b -> c` and only `a` and `c` selected,
/// `c` still runs after `a`. An unselected parent with no selected ancestor does not make anything wait.
struct SchedulePlan: Sendable {
    /// The selected nodes that exist in the graph, in graph order.
    let nodes: [GraphNode]
    /// For each node, the selected nodes that wait for it.
    let children: [[Int]]
    /// For each node, how many selected nodes it waits for.
    let parentCount: [Int]
    /// For each node, the number of nodes on the longest chain from it to the end (itself included): running
    /// long chains first shortens the total wall time.
    let criticalPath: [Int]
    /// For each node, a number that orders nodes by id: the final tie-break.
    let rank: [Int]
    /// Nodes on or downstream of a dependency cycle; they can never start.
    let blockedByCycle: [Int]

    init(graph: Graph, selected: Set<String>) {
        let members = graph.nodes.indices.filter { selected.contains(graph.nodes[$0].id) }
        var local = [Int](repeating: -1, count: graph.count)
        for (position, index) in members.enumerated() { local[index] = position }
        let order = graph.kahnOrder()
        let dependencies = SchedulePlan.selectedDependencies(graph: graph, order: order, local: local)
        var children = [[Int]](repeating: [], count: members.count)
        for (child, parents) in dependencies.enumerated() {
            for parent in parents { children[parent].append(child) }
        }
        let localOrder = order.compactMap { local[$0] >= 0 ? local[$0] : nil }
        let placed = Set(localOrder)
        self.nodes = members.map { graph.nodes[$0] }
        self.children = children
        self.parentCount = dependencies.map(\.count)
        self.criticalPath = SchedulePlan.criticalPaths(children: children, order: localOrder)
        self.rank = members.map { graph.rank[$0] }
        self.blockedByCycle = members.indices.filter { !placed.contains($0) }
    }

    /// For each selected node, the nearest selected nodes above it, looking through unselected ones.
    ///
    /// Walks the graph once in topological order; nodes on or after a cycle get no dependencies (they never
    /// become ready anyway, because they are in `blockedByCycle`).
    private static func selectedDependencies(graph: Graph, order: [Int], local: [Int]) -> [[Int]] {
        let count = local.lazy.filter { $0 >= 0 }.count
        var dependencies = [[Int]](repeating: [], count: count)
        var passThrough: [Int: [Int]] = [:]
        var lastSeenBy = [Int](repeating: -1, count: count)
        for index in order {
            var nearest: [Int] = []
            func add(_ selected: Int) {
                if lastSeenBy[selected] != index {
                    lastSeenBy[selected] = index
                    nearest.append(selected)
                }
            }
            for parent in graph.parentIndices[index] {
                if local[parent] >= 0 {
                    add(local[parent])
                } else {
                    passThrough[parent]?.forEach(add)
                }
            }
            if local[index] >= 0 {
                dependencies[local[index]] = nearest
            } else if !nearest.isEmpty {
                passThrough[index] = nearest
            }
        }
        return dependencies
    }

    private static func criticalPaths(children: [[Int]], order: [Int]) -> [Int] {
        var length = [Int](repeating: 1, count: children.count)
        for node in order.reversed() {
            for child in children[node] { length[node] = max(length[node], length[child] + 1) }
        }
        return length
    }

}
