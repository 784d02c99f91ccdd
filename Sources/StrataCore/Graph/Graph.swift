/// An immutable dependency graph of project nodes: an edge runs from a parent to the child that depends on it.
///
/// Nodes keep their insertion order; every list of neighbours is sorted by id so traversals, orders and
/// cycles come out the same on every run. Internally nodes are numbered and edges are integer adjacency lists,
/// so graph algorithms stay O(V + E) on projects with tens of thousands of nodes.
public struct Graph: Sendable {
    /// A dependency between two nodes: `child` depends on `parent`.
    public struct Edge: Sendable, Hashable, CustomStringConvertible {
        /// The node depended upon.
        public var parent: String
        /// The node that depends on `parent`.
        public var child: String

        /// Creates an edge.
        public init(parent: String, child: String) {
            self.parent = parent
            self.child = child
        }

        /// `parent -> child`.
        public var description: String { "\(parent) -> \(child)" }
    }

    /// The nodes in insertion order; a repeated id keeps its first node.
    public let nodes: [GraphNode]
    /// Edges dropped because an end is not a node of the graph, in input order, for the caller to report.
    public let danglingEdges: [Edge]
    let indexByID: [String: Int]
    /// For each node index, its position when all ids are sorted; used as the deterministic tie-break.
    let rank: [Int]
    /// For each node index, the indices of its parents, sorted by id.
    let parentIndices: [[Int]]
    /// For each node index, the indices of its children, sorted by id.
    let childIndices: [[Int]]

    /// Creates a graph, removing duplicate edges and dropping edges that name unknown nodes.
    /// - Parameters:
    ///   - nodes: the nodes; a repeated id keeps its first occurrence.
    ///   - edges: dependencies as `(parent, child)` pairs.
    public init(nodes: [GraphNode], edges: [(parent: String, child: String)]) {
        self.init(nodes: nodes, dependencies: edges.map { Edge(parent: $0.parent, child: $0.child) })
    }

    /// Creates a graph from edge values, removing duplicates and dropping edges that name unknown nodes.
    /// - Parameters:
    ///   - nodes: the nodes; a repeated id keeps its first occurrence.
    ///   - dependencies: the edges.
    public init(nodes: [GraphNode], dependencies edges: [Edge]) {
        self.init(extending: Graph(), with: nodes, dependencies: edges)
    }

    /// The empty graph, which every graph is built by extending.
    private init() {
        self.init(nodes: [], danglingEdges: [], indexByID: [:], rank: [], parentIndices: [], childIndices: [])
    }

    private init(
        nodes: [GraphNode], danglingEdges: [Edge], indexByID: [String: Int], rank: [Int], parentIndices: [[Int]], childIndices: [[Int]]
    ) {
        self.nodes = nodes
        self.danglingEdges = danglingEdges
        self.indexByID = indexByID
        self.rank = rank
        self.parentIndices = parentIndices
        self.childIndices = childIndices
    }

    /// `base` with more nodes and edges: the same graph as building one from all of them, without hashing,
    /// sorting and linking again what `base` holds (the data tests of a large project are added this way to the
    /// graph of its models; every graph is the empty one extended).
    /// - Parameters:
    ///   - added: the new nodes; an id already in `base` (or repeated) keeps its first node.
    ///   - dependencies: the new edges; duplicates and edges naming unknown nodes are dropped as `init` drops them.
    public init(extending base: Graph, with added: [GraphNode], dependencies edges: [Edge]) {
        var nodes = base.nodes
        var indexByID = base.indexByID
        nodes.reserveCapacity(nodes.count + added.count)
        indexByID.reserveCapacity(nodes.count + added.count)
        var fresh: [Int] = []
        for node in added where indexByID[node.id] == nil {
            indexByID[node.id] = nodes.count
            fresh.append(nodes.count)
            nodes.append(node)
        }
        // The ranks are made on another thread while the edges are looked up and linked here: the old nodes keep
        // their relative order, merged with the new ones sorted, so every old neighbour list stays sorted under
        // the new ranks.
        let makeRank = { @Sendable [nodes, fresh, baseRank = base.rank] () -> [Int] in
            var oldByRank = [Int](repeating: 0, count: baseRank.count)
            for (index, position) in baseRank.enumerated() { oldByRank[position] = index }
            // Sorted as (id, index) pairs: comparing through `nodes[$0].id` fetched each id again for every comparison.
            let sortedFresh = fresh.map { (id: nodes[$0].id, index: $0) }.sorted { $0.id < $1.id }.map { $0.index }
            var rank = [Int](repeating: 0, count: nodes.count)
            var (old, new, position) = (0, 0, 0)
            while old < oldByRank.count || new < sortedFresh.count {
                let takeOld = new == sortedFresh.count || (old < oldByRank.count && nodes[oldByRank[old]].id < nodes[sortedFresh[new]].id)
                if takeOld {
                    rank[oldByRank[old]] = position
                    old += 1
                } else {
                    rank[sortedFresh[new]] = position
                    new += 1
                }
                position += 1
            }
            return rank
        }
        let ranking = nodes.count >= 4096 ? BackgroundWork(makeRank) : nil  // a thread of its own pays off only for large graphs
        var parents = base.parentIndices + Array(repeating: [], count: fresh.count)
        var children = base.childIndices + Array(repeating: [], count: fresh.count)
        var dangling = base.danglingEdges
        var seenDangling = Set(dangling)
        var isTouched = [Bool](repeating: false, count: nodes.count)
        var touched: [Int] = []
        // Looking the ids up is most of the work and reads only `indexByID`: on all cores, linked in order here.
        let ends = ParallelMap.map(edges, serialBelow: 4096, chunkSize: 1024) { [indexByID] edge -> (parent: Int, child: Int)? in
            guard let parent = indexByID[edge.parent], let child = indexByID[edge.child] else { return nil }
            return (parent, child)
        }
        for (edge, ends) in zip(edges, ends) {
            guard let (parent, child) = ends else {
                if seenDangling.insert(edge).inserted { dangling.append(edge) }
                continue
            }
            parents[child].append(parent)
            children[parent].append(child)
            if !isTouched[parent] { isTouched[parent] = true; touched.append(parent) }
            if !isTouched[child] { isTouched[child] = true; touched.append(child) }
        }
        let rank = ranking?.value ?? makeRank()
        // Repeated edges (and ones `base` already has) are dropped here, where the lists are sorted anyway,
        // instead of hashing every edge on the way in.
        func sortedUnique(_ list: inout [Int]) {
            list.sort { rank[$0] < rank[$1] }
            var kept = 0
            for position in list.indices where kept == 0 || list[kept - 1] != list[position] {
                list[kept] = list[position]
                kept += 1
            }
            list.removeLast(list.count - kept)
        }
        for index in touched {
            sortedUnique(&parents[index])
            sortedUnique(&children[index])
        }
        self.init(nodes: nodes, danglingEdges: dangling, indexByID: indexByID, rank: rank, parentIndices: parents, childIndices: children)
    }

    /// The number of nodes.
    public var count: Int { nodes.count }

    /// Every edge, ordered by parent then child id.
    public var edges: [Edge] {
        indicesByID.flatMap { parent in
            childIndices[parent].map { Edge(parent: nodes[parent].id, child: nodes[$0].id) }
        }
    }

    /// Whether a node with this id exists.
    public func contains(_ id: String) -> Bool { indexByID[id] != nil }

    /// The node with this id, if any.
    public func node(_ id: String) -> GraphNode? {
        indexByID[id].map { nodes[$0] }
    }

    /// The ids of the nodes this node depends on, sorted; empty for an unknown id.
    public func parents(of id: String) -> [String] {
        guard let index = indexByID[id] else { return [] }
        return parentIndices[index].map { nodes[$0].id }
    }

    /// The ids of the nodes that depend on this node, sorted; empty for an unknown id.
    public func children(of id: String) -> [String] {
        guard let index = indexByID[id] else { return [] }
        return childIndices[index].map { nodes[$0].id }
    }

    /// The dbt manifest `parent_map`: every node's id mapped to its sorted parent ids.
    public var parentMap: [String: [String]] { adjacencyMap(parentIndices) }

    /// The dbt manifest `child_map`: every node's id mapped to its sorted child ids.
    public var childMap: [String: [String]] { adjacencyMap(childIndices) }

    /// The graph restricted to some nodes, keeping insertion order and the edges between kept nodes.
    /// - Parameter ids: the nodes to keep; unknown ids are ignored.
    /// - Returns: the induced subgraph.
    public func subgraph(_ ids: Set<String>) -> Graph {
        let kept = nodes.filter { ids.contains($0.id) }
        var edges: [Edge] = []
        for node in kept {
            for child in childIndices[indexByID[node.id]!] where ids.contains(nodes[child].id) {
                edges.append(Edge(parent: node.id, child: nodes[child].id))
            }
        }
        return Graph(nodes: kept, dependencies: edges)
    }

    /// Node indices in id order.
    var indicesByID: [Int] {
        var order = [Int](repeating: 0, count: nodes.count)
        for index in nodes.indices { order[rank[index]] = index }
        return order
    }

    private func adjacencyMap(_ adjacency: [[Int]]) -> [String: [String]] {
        var map: [String: [String]] = [:]
        map.reserveCapacity(nodes.count)
        for index in nodes.indices {
            map[nodes[index].id] = adjacency[index].map { nodes[$0].id }
        }
        return map
    }
}
