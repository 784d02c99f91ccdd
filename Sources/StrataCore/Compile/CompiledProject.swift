public import StrataDiagnostics

/// A node after rendering and analysis: what it reads, what it builds and the SQL that builds it.
///
/// Its fields live in one shared box, replaced whole when changed (`FrozenFields`): nodes are copied in and out of
/// dictionaries all through compiling and writing artifacts, and a copy is then one retain instead of one per field;
/// they are made whole and seldom changed, so reads borrow the box's fields. `node.id`, `node.columns`, ... read
/// and write the fields through `Fields`.
@dynamicMemberLookup
public struct CompiledNode: Sendable {
    /// The node's fields.
    public struct Fields: Sendable {
        /// dbt unique_id.
        public var id: String
        /// What the graph and selectors know about the node.
        public var graphNode: GraphNode
        /// The relation the node builds or reads (nil for ephemeral models).
        public var relation: Relation?
        /// Materialization name (`view`, `table`, `ephemeral`, `seed`, ...).
        public var materialization: String
        /// The template or SQL as written.
        public var rawCode: String
        /// The SQL after rendering (with ephemeral CTEs injected), nil when not compiled.
        public var compiledCode: String?
        /// Maps `compiledCode` offsets back to the template.
        public var sourceMap: SourceMap?
        /// The file the node was defined in.
        public var file: SourceFile?
        /// Absolute path of the node's file (seeds are read from it at run time).
        public var absolutePath: String?
        /// The CTE name an ephemeral model is inlined under.
        public var cteName: String?
        /// SQL, or a script whose printed rows are loaded.
        public var language: ModelLanguage = .sql
        /// A script model's absolute path.
        public var scriptPath: String?
        /// A file source's files, which `strata build` loads.
        public var fileSource: FileSourceLocation?
        /// Resolved configuration.
        public var config: NodeConfig
        /// Upstream node ids (refs, sources, inferred references), sorted.
        public var dependsOn: [String]
        /// Macros the node called, by unique id (`macro.shop.cents_to_dollars`).
        public var macros: [String]
        /// `ref()` calls as dbt records them (`[name]` or `[package, name]`).
        public var refs: [[String]]
        /// `source()` calls as `[source, table]`.
        public var sources: [[String]]
        /// Relations read that are not part of the project.
        public var externalReferences: [String]
        /// Description for docs.
        public var description: String
        /// Documented columns.
        public var columns: [ColumnInfo]
        /// Checksum of the file contents.
        public var checksum: String
        /// `pre-hook` SQL rendered at compile time (the raw hooks stay in `config`).
        public var preHookSQL: [String]
        /// `post-hook` SQL rendered at compile time.
        public var postHookSQL: [String]
        /// What the node's template passed to `log()` and `print()` while compiling, for the CLI to show.
        public var logMessages: [LogMessage]
        /// For generic data tests: the test macro and the arguments it was called with (manifest `test_metadata`).
        public var testMetadata: TestMetadata?
        /// Where the node refers to each node it depends on (models only), in the order the references appear.
        public var references: [NodeReference] = []
        /// Where a plain-layout model names relations that are not part of the project, in order.
        public var externalReferenceSites: [ExternalReference] = []
        /// For unit tests: the tested model and the expected rows.
        public var unitTest: UnitTestSpec?
    }

    @usableFromInline var storage: FrozenFields<Fields>

    @inlinable
    public subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        _read { yield storage.fields[keyPath: field] }
        _modify { yield &storage.fields[keyPath: field] }
    }

    /// Creates a compiled node.
    public init(
        id: String, graphNode: GraphNode, relation: Relation?, materialization: String, rawCode: String,
        compiledCode: String? = nil, sourceMap: SourceMap? = nil, file: SourceFile? = nil, absolutePath: String? = nil,
        config: NodeConfig,
        dependsOn: [String] = [], macros: [String] = [], refs: [[String]] = [], sources: [[String]] = [],
        externalReferences: [String] = [], description: String = "", columns: [ColumnInfo] = [], checksum: String = "",
        preHookSQL: [String] = [], postHookSQL: [String] = [], logMessages: [LogMessage] = [],
        cteName: String? = nil, language: ModelLanguage = .sql, scriptPath: String? = nil,
        testMetadata: TestMetadata? = nil, references: [NodeReference] = [],
        externalReferenceSites: [ExternalReference] = []
    ) {
        storage = FrozenFields(
            Fields(
                id: id, graphNode: graphNode, relation: relation, materialization: materialization, rawCode: rawCode,
                compiledCode: compiledCode, sourceMap: sourceMap, file: file, absolutePath: absolutePath,
                cteName: cteName, language: language, scriptPath: scriptPath, config: config, dependsOn: dependsOn,
                macros: macros, refs: refs, sources: sources, externalReferences: externalReferences,
                description: description, columns: columns, checksum: checksum, preHookSQL: preHookSQL,
                postHookSQL: postHookSQL, logMessages: logMessages, testMetadata: testMetadata, references: references,
                externalReferenceSites: externalReferenceSites))
    }

    /// The node's path under `target/compiled/<package>/` and `target/run/<package>/`: its file's path, except for
    /// snapshots, which may share a file and so are written as `<file's folder>/<snapshot name>.sql`.
    public var artifactPath: String {
        guard self.graphNode.resourceType == .snapshot else { return self.graphNode.path }
        let folder = PathText.components(self.graphNode.path).dropLast()
        return (folder + ["\(self.graphNode.name).sql"]).joined(separator: "/")
    }

    /// Whether the node is built in the warehouse (ephemeral models and sources are not).
    public var isExecutable: Bool {
        switch self.graphNode.resourceType {
        case .model: return self.materialization != "ephemeral"
        case .seed, .test, .snapshot, .unitTest: return true
        case .source: return self.fileSource != nil
        default: return false
        }
    }
}

/// One place where a model refers to another node: a `ref()` or `source()` call, or a relation named in plain SQL.
public struct NodeReference: Sendable, Hashable {
    /// The node referred to.
    public var nodeID: String
    /// The file holding the reference (the model's file, or a macro file when a macro made the call).
    public var file: SourceFile
    /// The reference's bytes in `file`.
    public var span: SourceSpan

    /// Creates a reference.
    public init(nodeID: String, file: SourceFile, span: SourceSpan) {
        self.nodeID = nodeID
        self.file = file
        self.span = span
    }
}

/// A relation a plain-layout model reads that is not part of the project, where the SQL names it.
public struct ExternalReference: Sendable, Hashable {
    /// The name as written, unquoted parts lowercased: `["stripe", "charges"]` or `["charges"]`.
    public var parts: [String]
    /// The file holding the name.
    public var file: SourceFile
    /// The name's bytes in `file`.
    public var span: SourceSpan

    /// Creates a reference.
    public init(parts: [String], file: SourceFile, span: SourceSpan) {
        self.parts = parts
        self.file = file
        self.span = span
    }

    /// The schema the name gives, when it is qualified.
    public var schema: String? { parts.count >= 2 ? parts[parts.count - 2] : nil }
}

/// The whole project after compilation: nodes by id and the dependency graph.
public struct CompiledProject: Sendable {
    /// The loaded project.
    public var project: Project
    /// Every node (models, seeds, sources, tests) by unique id.
    public var nodes: [String: CompiledNode]
    /// The dependency graph over `nodes`.
    public var graph: Graph
    /// The target the project was compiled for.
    public var target: TargetInfo
    /// Every macro the project and its packages define.
    public var macros: [MacroInfo]
    /// `on-run-start` SQL rendered at compile time.
    public var onRunStartSQL: [String] = []
    /// Renders models that read the warehouse again at run time.
    public var runtime: RuntimeRenderer?
    /// `on-run-end` SQL rendered at compile time.
    public var onRunEndSQL: [String] = []

    /// Creates a compiled project.
    public init(project: Project, nodes: [String: CompiledNode], graph: Graph, target: TargetInfo, macros: [MacroInfo] = []) {
        self.project = project
        self.nodes = nodes
        self.graph = graph
        self.target = target
        self.macros = macros
    }
}

/// The target a run builds into, as templates see it through `target`.
public struct TargetInfo: Sendable {
    /// Target name (`dev`, `prod`).
    public var name: String
    /// Adapter type (`sqlite`, `postgres`).
    public var type: String
    /// Default schema.
    public var schema: String
    /// Database name.
    public var database: String
    /// Worker count.
    public var threads: Int
    /// Profile name.
    public var profileName: String
    /// Every other key of the output, secrets removed.
    public var extra: [String: ConfigValue]

    /// Creates target information.
    public init(
        name: String, type: String, schema: String, database: String, threads: Int, profileName: String = "default",
        extra: [String: ConfigValue] = [:]
    ) {
        self.name = name
        self.type = type
        self.schema = schema
        self.database = database
        self.threads = threads
        self.profileName = profileName
        self.extra = extra
    }
}
