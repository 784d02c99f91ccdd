/// The data behind the docs site, as one JSON document.
///
/// Every documented node (models, seeds, snapshots, sources) with its description, columns and their tests, SQL,
/// configuration and graph neighbours. Pure: built from a `CompiledProject` alone, no warehouse.
public struct DocsCatalog: Sendable {
    /// Resource types that get a page; tests are folded into the columns and nodes they test.
    public static let documentedTypes: Set<ResourceType> = [.model, .seed, .snapshot, .source]

    /// The project as compiled.
    public let compiled: CompiledProject

    /// Creates a catalog builder.
    /// - Parameter compiled: the compiled project to document.
    public init(compiled: CompiledProject) {
        self.compiled = compiled
    }

    /// The documented nodes' ids, sorted.
    public var documentedIDs: [String] {
        compiled.nodes.values.filter { Self.documentedTypes.contains($0.graphNode.resourceType) }.map(\.id).sorted()
    }

    /// The whole document: `metadata` and `nodes` (sorted by unique id).
    /// - Parameter generatedAt: a timestamp to record, as text (empty leaves it out).
    /// - Returns: the JSON document.
    public func json(generatedAt: String = "") -> JSON {
        let tests = testsByNode()
        let sources = Dictionary(compiled.project.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let documented = Set(documentedIDs)
        let nodes = documentedIDs.compactMap { id -> JSON? in
            guard let node = compiled.nodes[id] else { return nil }
            return nodeJSON(node, source: sources[id], tests: tests[id] ?? [], documented: documented)
        }
        var metadata: [(key: String, value: JSON)] = [
            ("project_name", .string(compiled.project.name)), ("adapter_type", .string(compiled.target.type)),
        ]
        if !generatedAt.isEmpty { metadata.append(("generated_at", .string(generatedAt))) }
        return .object([("metadata", .object(metadata)), ("nodes", .array(nodes))])
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

    func nodeJSON(_ node: CompiledNode, source: Source?, tests: [AttachedTest], documented: Set<String>) -> JSON {
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
            ("raw_code", .string(isSource ? "" : node.rawCode)), ("compiled_code", .optional(node.compiledCode)),
            ("columns", .array(columnsJSON(source?.columns ?? node.columns, tests: tests))),
            ("tests", .strings(tests.filter { $0.column == nil }.map(\.name))),
            ("parents", .strings(compiled.graph.parents(of: node.id).filter(documented.contains).sorted())),
            ("children", .strings(compiled.graph.children(of: node.id).filter(documented.contains).sorted())),
        ]
        if let source { entries.append(("source", sourceJSON(source))) }
        return .object(entries)
    }

    /// `meta.owner` from the node's config, or the source's typed owner.
    func owner(_ node: CompiledNode, source: Source?) -> String? {
        if let owner = source?.owner, !owner.isEmpty { return owner }
        return node.config.meta["owner"]?.stringValue ?? source?.meta["owner"]?.stringValue
    }

    /// Documented columns first, in order, then columns only tests mention; each with its tests.
    func columnsJSON(_ columns: [ColumnInfo], tests: [AttachedTest]) -> [JSON] {
        var names = columns.map(\.name)
        for test in tests {
            guard let column = test.column, !names.contains(where: { $0.lowercased() == column.lowercased() }) else {
                continue
            }
            names.append(column)
        }
        return names.map { name in
            let info = columns.first { $0.name == name }
            let columnTests = tests.filter { $0.column?.lowercased() == name.lowercased() }.map(\.name)
            return .object([
                ("name", .string(name)), ("description", .string(info?.description ?? "")),
                ("data_type", .optional(info?.dataType)), ("tests", .strings(columnTests)),
            ])
        }
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
