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

/// A node's name within its package, as a dictionary key: hashing the two strings costs less than joining them
/// into a new string (an allocation) for every entry and every lookup.
struct PackageQualifiedName: Hashable, Sendable {
    var package: String
    var name: String
    init(_ package: String, _ name: String) { (self.package, self.name) = (package, name) }
}

extension RelationIndex.Refable {
    var reference: ResolvedReference { ResolvedReference(nodeID: id, relation: relation, cteName: cteName) }
}

/// Name lookups for every buildable node: refs by name (package-aware, as dbt resolves them), sources by
/// source and table name, and plain-layout table names by schema and name.
struct RelationIndex: Sendable {
    private var byName: [String: [ResolvedReference]] = [:]
    private var byPackageAndName: [PackageQualifiedName: ResolvedReference] = [:]
    private var packageOf: [String: String] = [:]
    private var sources: [String: ResolvedReference] = [:]
    private var byRelation: [String: ResolvedReference] = [:]
    private var byBareName: [String: [ResolvedReference]] = [:]
    private(set) var refNames: [String] = []
    private(set) var sourceNames: [String] = []

    /// An empty index with room for `refables` models and seeds (growing five tables 10,000 entries at a time costs
    /// more than filling them).
    private init(capacity refables: Int) {
        byName.reserveCapacity(refables)
        byPackageAndName.reserveCapacity(refables)
        packageOf.reserveCapacity(refables)
        byRelation.reserveCapacity(refables)
        byBareName.reserveCapacity(refables)
        refNames.reserveCapacity(refables)
    }

    /// A model or seed for `init(refables:sources:)`.
    struct Refable {
        var id: String, name: String, package: String
        var relation: Relation
        var cteName: String?
    }

    /// A source table for `init(refables:sources:)`.
    struct SourceTable {
        var id: String, sourceName: String, tableName: String
        var relation: Relation
    }

    /// The index of `refables` (a later one of the same relation wins over an earlier one) and then `sources`. A
    /// large project's tables are filled in two halves side by side: each half hashes tens of thousands of strings
    /// while the other core would wait.
    init(refables: [Refable] = [], sources: [SourceTable] = []) {
        let byNames = refables.count >= 1024 ? BackgroundWork { Self(names: refables) } : nil
        self.init(capacity: refables.count)
        for refable in refables { addRelations(refable.relation, reference: refable.reference) }
        for source in sources { addSource(source) }
        let names = byNames?.value ?? Self(names: refables)
        (byName, byPackageAndName, packageOf, refNames) = (names.byName, names.byPackageAndName, names.packageOf, names.refNames)
    }

    /// An index holding only the name half of `refables`' entries.
    private init(names refables: [Refable]) {
        self.init(capacity: refables.count)
        for refable in refables { addNames(refable, reference: refable.reference) }
    }

    private mutating func addSource(_ source: SourceTable) {
        let reference = ResolvedReference(nodeID: source.id, relation: source.relation, cteName: nil)
        sources["\(source.sourceName)|\(source.tableName)"] = reference
        byRelation[Self.relationKey(schema: source.relation.schema, name: source.relation.identifier)] = reference
        sourceNames.append("\(source.sourceName).\(source.tableName)")
    }

    // The two halves of a model's or seed's entries: by its names, and by the relation it builds.
    private mutating func addNames(_ refable: Refable, reference: ResolvedReference) {
        byName[refable.name, default: []].append(reference)
        byPackageAndName[PackageQualifiedName(refable.package, refable.name)] = reference
        packageOf[refable.id] = refable.package
        refNames.append(refable.name)
    }

    private mutating func addRelations(_ relation: Relation, reference: ResolvedReference) {
        byRelation[Self.relationKey(schema: relation.schema, name: relation.identifier)] = reference
        byBareName[relation.identifier.lowercased(), default: []].append(reference)
    }

    /// dbt's rule: a node of the calling package wins, then one of the root project, then a unique one anywhere.
    func ref(_ name: String, package: String?, callingPackage: String, rootPackage: String) -> ResolvedReference? {
        if let package { return byPackageAndName[PackageQualifiedName(package, name)] }
        if let own = byPackageAndName[PackageQualifiedName(callingPackage, name)] { return own }
        if let root = byPackageAndName[PackageQualifiedName(rootPackage, name)] { return root }
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
