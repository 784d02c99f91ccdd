extension Graph {
    /// The nodes this node depends on, directly or through others.
    /// - Parameters:
    ///   - id: the node to start from; it is not part of the result.
    ///   - depth: how many edges to follow at most (`1` means parents only); nil for no limit.
    /// - Returns: the ancestor ids; empty for an unknown id.
    public func ancestors(of id: String, depth: Int? = nil) -> Set<String> {
        guard let start = indexByID[id] else { return [] }
        return ids(reachable(from: [start], along: parentIndices, depth: depth).subtracting([start]))
    }

    /// The nodes that depend on this node, directly or through others.
    /// - Parameters:
    ///   - id: the node to start from; it is not part of the result.
    ///   - depth: how many edges to follow at most (`1` means children only); nil for no limit.
    /// - Returns: the descendant ids; empty for an unknown id.
    public func descendants(of id: String, depth: Int? = nil) -> Set<String> {
        guard let start = indexByID[id] else { return [] }
        return ids(reachable(from: [start], along: childIndices, depth: depth).subtracting([start]))
    }

    /// The ancestors of any node of a set, excluding the set's own nodes unless one is an ancestor of another.
    /// - Parameters:
    ///   - ids: the nodes to start from; unknown ids are ignored.
    ///   - depth: how many edges to follow at most; nil for no limit.
    /// - Returns: the ancestor ids.
    public func ancestors(of ids: Set<String>, depth: Int? = nil) -> Set<String> {
        self.ids(reachable(from: indices(ids), along: parentIndices, depth: depth, includeStart: false))
    }

    /// The descendants of any node of a set, excluding the set's own nodes unless one descends from another.
    /// - Parameters:
    ///   - ids: the nodes to start from; unknown ids are ignored.
    ///   - depth: how many edges to follow at most; nil for no limit.
    /// - Returns: the descendant ids.
    public func descendants(of ids: Set<String>, depth: Int? = nil) -> Set<String> {
        self.ids(reachable(from: indices(ids), along: childIndices, depth: depth, includeStart: false))
    }

    /// Breadth-first reachability over an adjacency list.
    /// - Parameters:
    ///   - starts: the start indices.
    ///   - adjacency: `parentIndices` to walk up, `childIndices` to walk down.
    ///   - depth: the most edges to follow; nil for no limit.
    ///   - includeStart: whether start nodes count as reached before any edge is followed; when false a start
    ///     node is reported only if another start node reaches it.
    /// - Returns: the reached indices.
    func reachable(from starts: [Int], along adjacency: [[Int]], depth: Int?, includeStart: Bool = true) -> Set<Int> {
        var reached = Set<Int>()
        var frontier = starts
        var distance = 0
        var expanded = Set<Int>(starts)
        if includeStart { reached.formUnion(starts) }
        while !frontier.isEmpty {
            if let depth, distance >= depth { break }
            distance += 1
            var next: [Int] = []
            for index in frontier {
                for neighbour in adjacency[index] {
                    reached.insert(neighbour)
                    if expanded.insert(neighbour).inserted { next.append(neighbour) }
                }
            }
            frontier = next
        }
        return reached
    }

    /// The indices of known ids, in id order.
    func indices(_ ids: some Sequence<String>) -> [Int] {
        ids.compactMap { indexByID[$0] }.sorted { rank[$0] < rank[$1] }
    }

    /// The ids of a set of indices.
    func ids(_ indices: Set<Int>) -> Set<String> {
        Set(indices.map { nodes[$0].id })
    }
}
