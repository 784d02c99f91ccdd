import StrataDiagnostics

/// What a `ref()` or `source()` call, or a table name in plain SQL, resolves to.
public struct ResolvedReference: Sendable, Hashable {
    /// The node's unique id.
    public var nodeID: String
    /// Where it lives.
    public var relation: Relation
    /// The CTE name an ephemeral node is inlined under; nil for nodes that exist in the warehouse.
    public var cteName: String?

    /// Whether the node is inlined as a CTE instead of existing in the warehouse.
    public var isEphemeral: Bool { cteName != nil }
}

/// Name lookups for every buildable node: refs by name (package-aware, as dbt resolves them), sources by
/// source and table name, and plain-layout table names by schema and name.
struct RelationIndex: Sendable {
    private var byName: [String: [ResolvedReference]] = [:]
    private var byPackageAndName: [String: ResolvedReference] = [:]
    private var packageOf: [String: String] = [:]
    private var sources: [String: ResolvedReference] = [:]
    private var byRelation: [String: ResolvedReference] = [:]
    private var byBareName: [String: [ResolvedReference]] = [:]
    private(set) var refNames: [String] = []
    private(set) var sourceNames: [String] = []

    /// An empty index with room for `refables` models and seeds (growing five tables 10,000 entries at a time costs
    /// more than filling them).
    init(refables: Int = 0) {
        byName.reserveCapacity(refables)
        byPackageAndName.reserveCapacity(refables)
        packageOf.reserveCapacity(refables)
        byRelation.reserveCapacity(refables)
        byBareName.reserveCapacity(refables)
        refNames.reserveCapacity(refables)
    }

    mutating func addRefable(id: String, name: String, package: String, relation: Relation, cteName: String?) {
        let reference = ResolvedReference(nodeID: id, relation: relation, cteName: cteName)
        byName[name, default: []].append(reference)
        byPackageAndName["\(package)|\(name)"] = reference
        packageOf[id] = package
        byRelation[Self.relationKey(schema: relation.schema, name: relation.identifier)] = reference
        byBareName[relation.identifier.lowercased(), default: []].append(reference)
        refNames.append(name)
    }

    mutating func addSource(id: String, sourceName: String, tableName: String, relation: Relation) {
        let reference = ResolvedReference(nodeID: id, relation: relation, cteName: nil)
        sources["\(sourceName)|\(tableName)"] = reference
        byRelation[Self.relationKey(schema: relation.schema, name: relation.identifier)] = reference
        sourceNames.append("\(sourceName).\(tableName)")
    }

    /// dbt's rule: a node of the calling package wins, then one of the root project, then a unique one anywhere.
    func ref(_ name: String, package: String?, callingPackage: String, rootPackage: String) -> ResolvedReference? {
        if let package { return byPackageAndName["\(package)|\(name)"] }
        if let own = byPackageAndName["\(callingPackage)|\(name)"] { return own }
        if let root = byPackageAndName["\(rootPackage)|\(name)"] { return root }
        return byName[name]?.first
    }

    func source(_ sourceName: String, _ tableName: String) -> ResolvedReference? {
        sources["\(sourceName)|\(tableName)"]
    }

    /// Plain layout: `schema.name`, or an unqualified name looked up in the model's own schema first, then
    /// anywhere it is unique.
    func table(schema: String?, name: String, defaultSchema: String) -> ResolvedReference? {
        if let schema { return byRelation[Self.relationKey(schema: schema, name: name)] }
        if let local = byRelation[Self.relationKey(schema: defaultSchema, name: name)] { return local }
        let matches = byBareName[name.lowercased()] ?? []
        return matches.count == 1 ? matches.first : nil
    }

    func suggestion(forRef name: String) -> String? { EditDistance.suggestion(for: name, among: refNames) }

    func suggestion(forSource sourceName: String, _ tableName: String) -> String? {
        EditDistance.suggestion(for: "\(sourceName).\(tableName)", among: sourceNames)
    }

    private static func relationKey(schema: String, name: String) -> String { "\(schema.lowercased())|\(name.lowercased())" }
}
