import StrataDiagnostics

/// The columns reachable from one column, upstream or downstream, with the edges between them.
public struct LineageTrace: Sendable {
    /// Which way a trace walks.
    public enum Direction: String, Sendable, Hashable {
        /// Towards the columns a column reads.
        case upstream
        /// Towards the columns that read a column.
        case downstream
    }

    /// The column the trace starts from.
    public var root: LineageColumnID
    /// Which way it walked.
    public var direction: Direction
    /// Every column reached, the root first, breadth first.
    public var columns: [LineageColumnID]
    /// Every edge walked, in the order walked.
    public var edges: [LineageEdge]
    /// Why parts of the lineage of columns reached are unknown.
    public var unresolved: [LineageColumnID: [String]]
}

/// Why a column named on the command line does not exist.
public struct LineageLookupError: Error, Sendable {
    /// What is missing.
    public var message: String
    /// A near miss, if any.
    public var suggestion: String?
}

extension ProjectLineage {
    /// Walks the lineage from a column.
    /// - Parameters:
    ///   - root: the column to start from.
    ///   - direction: upstream (what it reads) or downstream (what reads it).
    ///   - depth: the most edges from the root to follow; nil for no limit.
    /// - Returns: the columns and edges reached.
    public func trace(_ root: LineageColumnID, direction: LineageTrace.Direction, depth: Int? = nil) -> LineageTrace {
        var trace = LineageTrace(root: root, direction: direction, columns: [root], edges: [], unresolved: [:])
        var seen: Set<LineageColumnID> = [root]
        var frontier = [root]
        var level = 0
        while !frontier.isEmpty, depth.map({ level < $0 }) ?? true {
            var next: [LineageColumnID] = []
            for column in frontier {
                let edges = direction == .upstream ? sources(of: column) : readers(of: column)
                for edge in edges {
                    trace.edges.append(edge)
                    let reached = direction == .upstream ? edge.source : edge.column
                    if seen.insert(reached).inserted {
                        trace.columns.append(reached)
                        next.append(reached)
                    }
                }
            }
            frontier = next
            level += 1
        }
        for column in trace.columns { if let reasons = unresolved[column] { trace.unresolved[column] = reasons } }
        return trace
    }

    /// Finds a column by the name a user writes: `schema.model.column`, `model.column`, or a seed's or source's
    /// relation and a column.
    /// - Parameters:
    ///   - text: the name.
    ///   - project: the compiled project the lineage was built from.
    /// - Returns: the column.
    /// - Throws: `LineageLookupError` naming what is unknown, with a near miss.
    public func column(named text: String, in project: CompiledProject) throws(LineageLookupError) -> LineageColumnID {
        guard let dot = text.lastIndex(of: "."), dot != text.startIndex else {
            throw LineageLookupError(message: "expected <model>.<column> or <schema>.<model>.<column>, got '\(text)'")
        }
        let nodeName = String(text[..<dot]).lowercased()
        let columnName = String(text[text.index(after: dot)...])
        let candidates = project.nodes.values.filter { Self.isLineageNode($0) }.sorted { $0.id < $1.id }
        let matches = candidates.filter { Self.names(of: $0).contains(nodeName) }
        guard let node = matches.first(where: { $0.relation?.description.lowercased() == nodeName }) ?? matches.first
        else {
            let suggestion = EditDistance.suggestion(for: nodeName, among: candidates.flatMap { Self.names(of: $0) })
            throw LineageLookupError(message: "no model, seed or source named '\(nodeName)'", suggestion: suggestion)
        }
        let columns = columnNames(of: node.id)
        guard let column = columns.first(where: { $0.lowercased() == columnName.lowercased() }) else {
            let display = Self.displayName(node)
            let message =
                columns.isEmpty
                ? "the columns of \(display) are unknown, so it has no column '\(columnName)'"
                : "\(display) has no column '\(columnName)'"
            throw LineageLookupError(
                message: message, suggestion: EditDistance.suggestion(for: columnName, among: columns))
        }
        return LineageColumnID(node: node.id, column: column)
    }

    /// The columns of a node: analysed or known ones, and any others that lineage edges name.
    /// - Parameter nodeID: the node.
    /// - Returns: the names, known columns first.
    public func columnNames(of nodeID: String) -> [String] {
        var names = knownColumns[nodeID] ?? []
        for edge in edges where edge.source.node == nodeID && !edge.source.isExternal {
            if !names.contains(edge.source.column) { names.append(edge.source.column) }
        }
        return names
    }

    /// How a node is shown in lineage output: its relation, or its name when it has none.
    /// - Parameter node: the node.
    /// - Returns: `schema.name`, or the selectable name of an ephemeral model.
    public static func displayName(_ node: CompiledNode) -> String {
        node.relation?.description ?? node.graphNode.name
    }

    static func isLineageNode(_ node: CompiledNode) -> Bool {
        switch node.graphNode.resourceType {
        case .model, .seed, .source, .snapshot: true
        default: false
        }
    }

    static func names(of node: CompiledNode) -> [String] {
        var names = [node.graphNode.name.lowercased()]
        if let relation = node.relation {
            names += [relation.description.lowercased(), relation.identifier.lowercased()]
        }
        return names
    }
}
