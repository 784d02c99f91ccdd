import StrataSQL

/// The data behind the docs site, as one JSON document.
///
/// Every documented node (models, seeds, snapshots, sources) with its description, columns and their tests, SQL,
/// configuration, graph neighbours and column lineage; plus, when the warehouse was read, column types from its
/// catalog, each node's build state and the sources' last freshness. Pure: the warehouse facts come in as values.
public struct DocsCatalog: Sendable {
    /// Resource types that get a page; tests are folded into the columns and nodes they test.
    public static let documentedTypes: Set<ResourceType> = [.model, .seed, .snapshot, .source]

    /// The project as compiled.
    public let compiled: CompiledProject
    /// Column lineage of the project; nil leaves it out.
    public let lineage: ProjectLineage?
    /// What the warehouse said.
    public let warehouse: DocsWarehouse
    private let states: [String: SyncPlan.Entry]

    /// Creates a catalog builder.
    /// - Parameters:
    ///   - compiled: the compiled project to document.
    ///   - lineage: its column lineage, when analysed.
    ///   - warehouse: catalog, state and freshness facts, when read.
    public init(compiled: CompiledProject, lineage: ProjectLineage? = nil, warehouse: DocsWarehouse = DocsWarehouse()) {
        self.compiled = compiled
        self.lineage = lineage
        self.warehouse = warehouse
        self.states = Dictionary(
            (warehouse.plan?.entries ?? []).map { ($0.nodeID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The documented nodes' ids, sorted.
    public var documentedIDs: [String] {
        compiled.nodes.values.filter { Self.documentedTypes.contains($0.graphNode.resourceType) }.map(\.id).sorted()
    }

    /// The whole document: `metadata` and `nodes` (sorted by unique id).
    ///
    /// Columns leave out what is empty (`description`, `data_type`, `catalog_type`, `tests`, `lineage`,
    /// `unresolved`), and each lineage edge is an array `[node, column, kind]` (with `true` appended when `node`
    /// is a relation outside the project): 10,000 models have 100,000 columns, and this halves the page.
    /// - Parameters:
    ///   - generatedAt: a timestamp to record, as text (empty leaves it out).
    ///   - codeChunks: leave the SQL out and name instead the chunk (`code/<n>.js`) holding each node's SQL.
    /// - Returns: the JSON document.
    public func json(generatedAt: String = "", codeChunks: [String: Int]? = nil) -> JSON {
        let tests = testsByNode()
        let sources = Dictionary(compiled.project.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let documented = Set(documentedIDs)
        let nodes = documentedIDs.compactMap { id -> JSON? in
            guard let node = compiled.nodes[id] else { return nil }
            let code: CodePlacement = codeChunks.map { .chunk($0[id]) } ?? .inline
            return nodeJSON(node, source: sources[id], tests: tests[id] ?? [], documented: documented, code: code)
        }
        var metadata: [(key: String, value: JSON)] = [
            ("project_name", .string(compiled.project.name)), ("adapter_type", .string(compiled.target.type)),
        ]
        if !generatedAt.isEmpty { metadata.append(("generated_at", .string(generatedAt))) }
        metadata.append(
            (
                "warehouse",
                .object([
                    ("catalog", .bool(warehouse.catalog != nil)), ("state", .bool(warehouse.plan != nil)),
                    ("lineage", .bool(lineage != nil)), ("note", .optional(warehouse.unavailableReason)),
                ])
            ))
        return .object([("metadata", .object(metadata)), ("nodes", .array(nodes))])
    }

    /// Where a node's SQL goes: into its entry, or into a separate chunk named by number.
    enum CodePlacement {
        case inline
        case chunk(Int?)
    }

    /// A node's raw and compiled SQL, as a chunk file holds it.
    func code(of id: String) -> JSON? {
        guard let node = compiled.nodes[id], node.graphNode.resourceType != .source else { return nil }
        return .object([("raw_code", .string(node.rawCode)), ("compiled_code", .optional(node.compiledCode))])
    }

    /// A test attached to a node, and the column it checks (nil for a node-level test).
    struct AttachedTest {
        var name: String
        var column: String?
    }

    /// Data tests by the node they test, sorted by name.
    func testsByNode() -> [String: [AttachedTest]] {
        var result: [String: [AttachedTest]] = [:]
        for node in compiled.nodes.values where node.graphNode.resourceType == .test {
            guard let attached = node.graphNode.attachedNodeID else { continue }
            let name: String
            if let metadata = node.testMetadata {
                name = metadata.namespace.map { "\($0).\(metadata.name)" } ?? metadata.name
            } else {
                name = node.graphNode.name
            }
            result[attached, default: []].append(AttachedTest(name: name, column: node.testMetadata?.columnName))
        }
        return result.mapValues { tests in
            tests.sorted { lhs, rhs in (lhs.column ?? "", lhs.name) < (rhs.column ?? "", rhs.name) }
        }
    }

    func nodeJSON(
        _ node: CompiledNode, source: Source?, tests: [AttachedTest], documented: Set<String>, code: CodePlacement
    ) -> JSON {
        let graphNode = node.graphNode
        let isSource = graphNode.resourceType == .source
        let description = source?.description ?? node.description
        var entries: [(key: String, value: JSON)] = [
            ("unique_id", .string(node.id)), ("name", .string(graphNode.name)),
            ("resource_type", .string(graphNode.resourceType.rawValue)), ("package", .string(graphNode.packageName)),
            ("schema", .string(node.relation?.schema ?? graphNode.schema)),
            ("relation", .optional(node.relation?.description)), ("path", .string(graphNode.path)),
            ("tags", .strings(graphNode.tags)), ("description", .string(description)),
            ("materialized", isSource ? .null : .string(node.materialization)),
            ("owner", .optional(owner(node, source: source))),
            ("columns", .array(columnsJSON(node, documented: source?.columns ?? node.columns, tests: tests))),
            ("tests", .strings(tests.filter { $0.column == nil }.map(\.name))),
            ("parents", .strings(compiled.graph.parents(of: node.id).filter(documented.contains).sorted())),
            ("children", .strings(compiled.graph.children(of: node.id).filter(documented.contains).sorted())),
        ]
        switch code {
        case .inline:
            entries.append(("raw_code", .string(isSource ? "" : node.rawCode)))
            entries.append(("compiled_code", .optional(node.compiledCode)))
        case .chunk(let number):
            entries.append(("code_chunk", number.map(JSON.int) ?? .null))
        }
        if let source { entries.append(("source", sourceJSON(source))) }
        entries.append(contentsOf: warehouseJSON(node))
        if let lineage, graphNode.resourceType == .model || graphNode.resourceType == .snapshot {
            let notes: [String]
            if node.language == .script {
                notes = ["a script model: its columns are whatever it prints, so they have no column lineage"]
            } else if lineage.outputs[node.id] == nil {
                notes = ["the compiled SQL could not be analysed for column lineage"]
            } else {
                notes = lineage.unresolved[LineageColumnID(node: node.id, column: "*")] ?? []
            }
            entries.append(("lineage_notes", .strings(notes)))
        }
        return .object(entries)
    }

    /// `meta.owner` from the node's config, or the source's typed owner.
    func owner(_ node: CompiledNode, source: Source?) -> String? {
        if let owner = source?.owner, !owner.isEmpty { return owner }
        return node.config.meta["owner"]?.stringValue ?? source?.meta["owner"]?.stringValue
    }

    /// Documented columns first, in order, then the columns the SQL is known to produce, then those only the
    /// warehouse or only tests mention; each with its tests, warehouse type and upstream columns.
    func columnsJSON(_ node: CompiledNode, documented columns: [ColumnInfo], tests: [AttachedTest]) -> [JSON] {
        var names: [String] = []
        var seen: Set<String> = []
        func add(_ name: String) { if seen.insert(name.lowercased()).inserted { names.append(name) } }
        columns.forEach { add($0.name) }
        lineage?.outputs[node.id]?.filter { !$0.isUnexpandedStar }.forEach { add($0.name) }
        let catalogColumns = warehouse.catalogEntry(node.relation)?.columns ?? []
        catalogColumns.forEach { add($0.name) }
        tests.compactMap(\.column).forEach(add)
        return names.map { name in
            let key = name.lowercased()
            let info = columns.first { $0.name.lowercased() == key }
            let columnTests = tests.filter { $0.column?.lowercased() == key }.map(\.name)
            let column = LineageColumnID(node: node.id, column: name)
            var entries: [(key: String, value: JSON)] = [("name", .string(name))]
            if let description = info?.description, !description.isEmpty {
                entries.append(("description", .string(description)))
            }
            if let declared = info?.dataType { entries.append(("data_type", .string(declared))) }
            if let type = catalogColumns.first(where: { $0.name.lowercased() == key })?.dataType {
                entries.append(("catalog_type", .string(type)))
            }
            if !columnTests.isEmpty { entries.append(("tests", .strings(columnTests))) }
            if let lineage {
                let upstream = lineage.sources(of: column).map { edge -> JSON in
                    var parts: [JSON] = [
                        .string(edge.source.node), .string(edge.source.column), .string(edge.kind.rawValue),
                    ]
                    if edge.source.isExternal { parts.append(.bool(true)) }
                    return .array(parts)
                }
                if !upstream.isEmpty { entries.append(("lineage", .array(upstream))) }
                if let unresolved = lineage.unresolved[column], !unresolved.isEmpty {
                    entries.append(("unresolved", .strings(unresolved)))
                }
            }
            return .object(entries)
        }
    }

    /// `warehouse` (is the relation there, as what), `state` (the last build) and `freshness` (sources).
    func warehouseJSON(_ node: CompiledNode) -> [(key: String, value: JSON)] {
        var entries: [(key: String, value: JSON)] = []
        if warehouse.catalog != nil {
            let entry = warehouse.catalogEntry(node.relation)
            entries.append(
                ("warehouse", .object([("exists", .bool(entry != nil)), ("kind", .optional(entry?.kind.rawValue))])))
        }
        if let state = states[node.id] {
            let built = state.previous
            entries.append(
                (
                    "state",
                    .object([
                        ("status", .string(state.change.rawValue)), ("reason", .string(state.reason)),
                        ("built_at", .optional(built.map { ArtifactDate.string($0.builtAt) })),
                        ("duration", built.map { .double($0.duration) } ?? .null),
                        ("rows", built?.rowCount.map(JSON.int) ?? .null), ("git_commit", .optional(built?.gitCommit)),
                    ])
                ))
        }
        if let freshness = warehouse.freshness[node.id] { entries.append(("freshness_result", freshness.json)) }
        return entries
    }

    func sourceJSON(_ source: Source) -> JSON {
        .object([
            ("source_name", .string(source.sourceName)), ("table_name", .string(source.tableName)),
            ("source_description", .string(source.sourceDescription)), ("loader", .optional(source.loader)),
            ("loaded_at_field", .optional(source.loadedAtField)),
            ("freshness", source.freshness?.json ?? .null),
        ])
    }
}
