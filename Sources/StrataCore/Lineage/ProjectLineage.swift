import Foundation
public import StrataSQL

/// A column of a node of the project, or of a relation outside it.
public struct LineageColumnID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The node's unique id, or the relation's dotted name when `isExternal`.
    public var node: String
    /// The column's name.
    public var column: String
    /// Whether `node` names a relation that is not part of the project.
    public var isExternal: Bool

    /// Creates a column id.
    public init(node: String, column: String, isExternal: Bool = false) {
        self.node = node
        self.column = column
        self.isExternal = isExternal
    }

    public var description: String { "\(node).\(column)" }

    public static func < (lhs: LineageColumnID, rhs: LineageColumnID) -> Bool {
        (lhs.node, lhs.column) < (rhs.node, rhs.column)
    }
}

/// `column` derives from `source` with the strength `kind`.
public struct LineageEdge: Sendable, Hashable {
    /// The downstream column.
    public var column: LineageColumnID
    /// The upstream column it reads.
    public var source: LineageColumnID
    /// How `column` is made (the same for all of its sources).
    public var kind: LineageKind

    /// Creates an edge.
    public init(column: LineageColumnID, source: LineageColumnID, kind: LineageKind) {
        self.column = column
        self.source = source
        self.kind = kind
    }
}

/// Column-level lineage of a whole compiled project.
///
/// Every model's output columns and the columns of seeds, sources, other models and external relations they
/// derive from. Models are analysed in dependency order, so `select *` from an upstream model uses that model's
/// analysed columns.
public struct ProjectLineage: Sendable {
    /// Each analysed node's output columns, by node id.
    public private(set) var outputs: [String: [OutputColumn]] = [:]
    /// Every edge, in node order.
    public private(set) var edges: [LineageEdge] = []
    /// Why parts of a column's lineage are unknown, by column (`*` stands for an unexpandable star).
    public private(set) var unresolved: [LineageColumnID: [String]] = [:]
    /// The known columns of every node (analysed, from a seed's header or documented).
    public private(set) var knownColumns: [String: [String]] = [:]
    private var bySource: [LineageColumnID: [LineageEdge]] = [:]
    private var byColumn: [LineageColumnID: [LineageEdge]] = [:]

    /// Analyses every model and snapshot of a project.
    /// - Parameters:
    ///   - project: the compiled project.
    ///   - fileSystem: where seeds' CSV headers are read.
    ///   - catalog: the warehouse's columns of a relation outside the project (or of an undocumented source), by
    ///     name parts; nil when unknown.
    /// - Returns: the project's lineage.
    public static func build(
        _ project: CompiledProject, fileSystem: any FileSystem = LocalFileSystem(),
        catalog: @Sendable ([String]) -> [String]? = { _ in nil }
    ) -> ProjectLineage {
        var lineage = ProjectLineage()
        let dialect: Dialect = project.target.type == "sqlite" ? .sqlite : .postgres
        let index = relationIndex(project)
        var ephemeralIDs: [String: String] = [:]
        for node in project.nodes.values { if let name = node.cteName { ephemeralIDs[name.lowercased()] = node.id } }
        let ephemeral = ephemeralIDs
        let inlined = Set(ephemeral.keys)
        for node in project.nodes.values {
            if let columns = staticColumns(node, fileSystem: fileSystem) { lineage.knownColumns[node.id] = columns }
        }
        let resolve = { @Sendable (parts: [String], ownSchema: String) -> String? in
            guard let name = parts.last else { return nil }
            if parts.count == 1, let id = ephemeral[name.lowercased()] { return id }
            let schema = parts.count >= 2 ? parts[parts.count - 2] : nil
            return index.table(schema: schema, name: name, defaultSchema: ownSchema)?.nodeID
        }
        // A model's `select *` needs its parents' columns, so models are analysed a level at a time (every parent
        // in an earlier level), and the models of one level in parallel.
        for level in analysisLevels(project) {
            let known = lineage.knownColumns
            let analysed = ParallelMap.map(level) { node -> [OutputColumn]? in
                guard let sql = node.compiledCode else { return nil }
                let ownSchema = node.relation?.schema ?? node.graphNode.schema
                return ColumnLineage.analyze(sql: sql, dialect: dialect, relationCTEs: inlined) { parts in
                    if let target = resolve(parts, ownSchema), let columns = known[target] { return columns }
                    return catalog(parts)
                }
            }
            for (node, result) in zip(level, analysed) {
                guard var columns = result else { continue }
                if node.graphNode.resourceType == .snapshot { columns += snapshotColumns(after: columns.count) }
                let ownSchema = node.relation?.schema ?? node.graphNode.schema
                lineage.record(node.id, columns) { resolve($0, ownSchema) }
            }
        }
        return lineage
    }

    /// Models and snapshots grouped so that every parent of a node is in an earlier group.
    private static func analysisLevels(_ project: CompiledProject) -> [[CompiledNode]] {
        let order = project.graph.topologicalOrder() ?? project.nodes.keys.sorted()
        var depth: [String: Int] = [:]
        var levels: [[CompiledNode]] = []
        for id in order {
            let level = (project.graph.parents(of: id).compactMap { depth[$0] }.max() ?? -1) + 1
            depth[id] = level
            guard let node = project.nodes[id], node.compiledCode != nil,
                node.graphNode.resourceType == .model || node.graphNode.resourceType == .snapshot
            else { continue }
            while levels.count <= level { levels.append([]) }
            levels[level].append(node)
        }
        return levels
    }

    private mutating func record(_ id: String, _ columns: [OutputColumn], resolve: ([String]) -> String?) {
        outputs[id] = columns
        if !columns.contains(where: \.isUnexpandedStar) { knownColumns[id] = columns.map(\.name) }
        for column in columns {
            let target = LineageColumnID(node: id, column: column.isUnexpandedStar ? "*" : column.name)
            if !column.unresolved.isEmpty { unresolved[target, default: []] += column.unresolved }
            for source in column.sources {
                let node = resolve(source.relation)
                let sourceID = LineageColumnID(
                    node: node ?? source.relation.joined(separator: "."), column: source.column, isExternal: node == nil
                )
                let edge = LineageEdge(column: target, source: sourceID, kind: column.kind)
                edges.append(edge)
                byColumn[target, default: []].append(edge)
                bySource[sourceID, default: []].append(edge)
            }
        }
    }

    /// The edges from a column to the columns it reads.
    /// - Parameter column: the downstream column.
    /// - Returns: its edges, sorted by source.
    public func sources(of column: LineageColumnID) -> [LineageEdge] {
        (byColumn[column] ?? []).sorted { $0.source < $1.source }
    }

    /// The edges from columns that read a column.
    /// - Parameter column: the upstream column.
    /// - Returns: its edges, sorted by reader.
    public func readers(of column: LineageColumnID) -> [LineageEdge] {
        (bySource[column] ?? []).sorted { $0.column < $1.column }
    }

    // MARK: Known columns

    static func relationIndex(_ project: CompiledProject) -> RelationIndex {
        var refables: [RelationIndex.Refable] = []
        var sources: [RelationIndex.SourceTable] = []
        for node in project.nodes.values.sorted(by: { $0.id < $1.id }) {
            guard let relation = node.relation else { continue }
            switch node.graphNode.resourceType {
            case .model, .seed, .snapshot:
                refables.append(RelationIndex.Refable(
                    id: node.id, name: node.graphNode.name, package: node.graphNode.packageName, relation: relation,
                    cteName: node.cteName))
            case .source:
                sources.append(RelationIndex.SourceTable(id: node.id, sourceName: node.id, tableName: "", relation: relation))
            default: continue
            }
        }
        return RelationIndex(refables: refables, sources: sources)
    }

    /// Columns known without analysis: a seed's CSV header, or documented columns of a seed or source.
    static func staticColumns(_ node: CompiledNode, fileSystem: any FileSystem) -> [String]? {
        let documented = node.columns.isEmpty ? nil : node.columns.map(\.name)
        switch node.graphNode.resourceType {
        case .seed:
            guard let path = node.absolutePath, let text = try? fileSystem.readText(path) else { return documented }
            let delimiter = node.config["delimiter"]?.stringValue?.first ?? ","
            var rows = CSVReader(text: text, delimiter: delimiter).makeIterator()
            return rows.next() ?? documented
        case .source: return documented
        default: return nil  // a model's documentation may list only some columns: it is analysed instead
        }
    }

    static func snapshotColumns(after count: Int) -> [OutputColumn] {
        ["dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to"].enumerated().map { offset, name in
            OutputColumn(name: name, position: count + offset, sources: [], kind: .derived)
        }
    }
}
