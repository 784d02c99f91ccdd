/// The kinds of node a project graph holds, spelled as dbt spells them in `unique_id`s and `resource_type:`.
public enum ResourceType: String, Sendable, Hashable, Codable, CaseIterable {
    case model, seed, source, test, snapshot, analysis, operation
    case unitTest = "unit_test"

    /// Whether nodes of this type are tests that indirect selection may pull in with the nodes they test.
    public var isTest: Bool { self == .test || self == .unitTest }
}

/// What the graph and the selectors need to know about a node, and nothing about how it is compiled or run.
///
/// Its fields live in one shared box, replaced whole when changed (`FrozenFields`): graphs and compiled nodes copy
/// graph nodes by the tens of thousands, and seldom change them. `node.id`, `node.tags`, ... read and write the
/// fields through `Fields`.
@dynamicMemberLookup
public struct GraphNode: Sendable, Hashable {
    /// The node's fields.
    public struct Fields: Sendable, Hashable {
        /// The dbt `unique_id`, such as `model.shop.stg_orders` or `source.shop.raw.orders`.
        public var id: String
        /// The selectable name: `stg_orders` in the dbt layout, `core.deals` in the plain layout.
        public var name: String
        /// The kind of node.
        public var resourceType: ResourceType
        /// The package (project) the node is defined in.
        public var packageName: String
        /// The dbt fully qualified name, such as `["shop", "staging", "stg_orders"]`.
        ///
        /// For sources it is `[package, …, source_name, table_name]`: the last two entries are the source and table.
        public var fqn: [String]
        /// The defining file relative to the project root (`models/staging/stg_orders.sql`); empty when none.
        public var path: String
        /// The node's tags.
        public var tags: [String]
        /// The schema the node builds into, after `generate_schema_name`.
        public var schema: String
        /// The materialization (`view`, `table`, `ephemeral`, …), if the node has one.
        public var materialized: String?
        /// The node's config, for `config.<key>:` selection, which matches the scalar values by their text. Kept
        /// as configured: text made for every key of every node would be read for a few keys of a few selections.
        public var config: [String: ConfigValue]
        /// `generic`, `singular` or `unit` for tests; nil otherwise.
        public var testType: String?
        /// For generic tests, the name of the test macro (`unique`, `not_null`, …), matched by `test_name:`.
        public var testName: String?
        /// For tests: the model, seed, snapshot or source they test.
        public var attachedNodeID: String?
    }

    @usableFromInline var storage: FrozenFields<Fields>

    @inlinable
    public subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        _read { yield storage.fields[keyPath: field] }
        _modify { yield &storage.fields[keyPath: field] }
    }

    /// Nodes are equal when their fields are (a shared box is equal without comparing them).
    public static func == (left: GraphNode, right: GraphNode) -> Bool {
        left.storage.box === right.storage.box || left.storage.fields == right.storage.fields
    }

    /// Hashes the fields.
    public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }

    /// Creates a node; everything but the id, name and type has an empty default.
    /// - Parameters:
    ///   - id: the dbt unique id.
    ///   - name: the selectable name.
    ///   - resourceType: the kind of node.
    ///   - packageName: the defining package; defaults to the second component of `id`.
    ///   - fqn: the fully qualified name; defaults to `[packageName, name]`.
    ///   - path: the defining file relative to the project root.
    ///   - tags: the node's tags.
    ///   - schema: the schema it builds into.
    ///   - materialized: the materialization.
    ///   - config: the node's config.
    ///   - testType: `generic`, `singular` or `unit` for tests.
    ///   - testName: the generic test's macro name.
    ///   - attachedNodeID: for tests, the node they test.
    public init(
        id: String,
        name: String,
        resourceType: ResourceType,
        packageName: String? = nil,
        fqn: [String]? = nil,
        path: String = "",
        tags: [String] = [],
        schema: String = "",
        materialized: String? = nil,
        config: [String: ConfigValue] = [:],
        testType: String? = nil,
        testName: String? = nil,
        attachedNodeID: String? = nil
    ) {
        let package = packageName ?? GraphNode.packageComponent(of: id)
        storage = FrozenFields(
            Fields(
                id: id, name: name, resourceType: resourceType, packageName: package, fqn: fqn ?? [package, name], path: path,
                tags: tags, schema: schema, materialized: materialized, config: config, testType: testType, testName: testName,
                attachedNodeID: attachedNodeID))
    }

    /// The second dot-separated component of a unique id (`model.shop.x` → `shop`), or "" when there is none.
    private static func packageComponent(of id: String) -> String {
        let parts = id.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count > 1 ? String(parts[1]) : ""
    }

    /// What `config.<key>:` selection matches for `key`: a scalar config value as text, or the materialization,
    /// which every node with one has even when its config does not spell it.
    public func configText(_ key: String) -> String? {
        storage.fields.config[key]?.stringValue ?? (key == "materialized" ? storage.fields.materialized : nil)
    }

    /// For sources, the source name (`raw` in `source('raw', 'orders')`); nil for other nodes.
    public var sourceName: String? {
        let fields = storage.fields
        guard fields.resourceType == .source, fields.fqn.count >= 2 else { return nil }
        return fields.fqn[fields.fqn.count - 2]
    }

    /// For sources, the table name (`orders` in `source('raw', 'orders')`); nil for other nodes.
    public var sourceTableName: String? {
        guard storage.fields.resourceType == .source else { return nil }
        return storage.fields.fqn.last
    }
}
