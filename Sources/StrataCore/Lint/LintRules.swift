public import StrataDiagnostics

/// The lint block as written, with the file it came from, so rules and their mistakes keep their locations.
public struct LintDeclaration: Sendable {
    /// `strata.yml` or `dbt_project.yml`.
    public var file: SourceFile
    /// The mapping under `lint:` (or `vars: strata_lint:`).
    public var node: YAMLNode
    /// Where the block sits in the file, for messages: `lint` or `vars.strata_lint`.
    public var keyPath: String

    /// Creates a declaration.
    public init(file: SourceFile, node: YAMLNode, keyPath: String) {
        self.file = file
        self.node = node
        self.keyPath = keyPath
    }
}

/// The project's lint rules: which schemas may read which, how models in a folder are named, and which
/// descriptions are required.
public struct LintRules: Sendable {
    /// Which schemas models in some schemas may read.
    public struct SchemaAccess: Sendable {
        /// The schemas the rule applies to: a name or a wildcard pattern (`app_*`).
        public var readers: String
        /// What those models may read: schema names or patterns, `self` (the model's own schema) and
        /// `source:<name>` (tables of a declared source, wildcards allowed).
        public var readable: [String]
        /// The rule's key in the lint block.
        public var declaration: Label
    }

    /// A pattern the names of the models in some folder must match.
    public struct Naming: Sendable {
        /// Model files the rule applies to: a path relative to the project, `*` and `**` allowed.
        public var path: String
        /// A regular expression the model's name (its file name without `.sql`) must contain a match of;
        /// anchor it with `^…$` to constrain the whole name.
        public var pattern: String
        /// The rule's key in the lint block.
        public var declaration: Label
    }

    /// Schema read rules, in declaration order.
    public var schemaAccess: [SchemaAccess] = []
    /// Naming rules, in declaration order.
    public var naming: [Naming] = []
    /// Whether every model needs a description.
    public var requireModelDescriptions = false
    /// Whether every documented column needs a description.
    public var requireColumnDescriptions = false
    /// The severity of violations (`error` fails `build`, `run` and `lint`; `warn` only reports).
    public var severity: Diagnostic.Severity = .error

    /// Rules that check nothing.
    public init() {}

    /// Whether no rule is configured.
    public var isEmpty: Bool {
        schemaAccess.isEmpty && naming.isEmpty && !requireModelDescriptions && !requireColumnDescriptions
    }

    /// The schema rule for models in a schema: a rule naming it exactly, else the first pattern matching it.
    /// - Parameter schema: the schema a model builds into.
    /// - Returns: the rule, or nil when the schema is unrestricted.
    public func schemaAccess(for schema: String) -> SchemaAccess? {
        schemaAccess.first { $0.readers == schema } ?? schemaAccess.first { Glob($0.readers).matches(schema) }
    }
}
