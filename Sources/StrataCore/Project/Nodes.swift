public import StrataDiagnostics

/// A documented column of a model, seed or source.
public struct ColumnInfo: Sendable, Hashable {
    /// Column name.
    public var name: String
    /// Human description, Markdown.
    public var description: String
    /// Declared data type, when given in YAML.
    public var dataType: String?
    /// Free-form metadata.
    public var meta: [String: ConfigValue]
    /// Tags of the column.
    public var tags: [String]

    /// Creates a column description.
    public init(name: String, description: String = "", dataType: String? = nil, meta: [String: ConfigValue] = [:], tags: [String] = []) {
        self.name = name
        self.description = description
        self.dataType = dataType
        self.meta = meta
        self.tags = tags
    }
}

/// A SQL model: one file that defines one relation; also a snapshot (`resourceType == .snapshot`), which may
/// share its file with other snapshots.
///
/// Its fields live in one shared box, replaced whole when changed (`FrozenFields`): loading, compiling and collecting
/// tests copy models in and out of arrays tens of thousands at a time, and a copy is then one retain instead of one
/// per field; once its properties are applied a model is only read. `model.id`, `model.config`, ... read and write
/// the fields through `Fields`.
@dynamicMemberLookup
public struct Model: Sendable {
    /// The model's fields.
    public struct Fields: Sendable {
        /// dbt unique_id: `model.<package>.<name>`; plain layout: `model.<project>.<schema>.<name>`.
        public var id: String
        /// The name users select and `ref()` by: the file stem, or `schema.name` in the plain layout.
        public var name: String
        /// The file stem.
        public var fileStem: String
        /// The package the model belongs to (the project's own name for its models).
        public var packageName: String
        /// Path relative to the package root, e.g. `models/staging/stg_orders.sql`.
        public var path: String
        /// Path relative to the model path, e.g. `staging/stg_orders.sql` (dbt's `path`).
        public var relativePath: String
        /// dbt's fully qualified name.
        public var fqn: [String]
        /// The source text (the whole file; `sqlRange` is the SQL after any metadata header).
        public var file: SourceFile
        /// Resolved configuration.
        public var config: NodeConfig
        /// Description from the header, YAML or a docs block.
        public var description: String
        /// Documented columns, in declaration order.
        public var columns: [ColumnInfo]
        /// Where the model was documented in YAML, if anywhere (`package://path`, as dbt writes it).
        public var patchPath: String?
        /// Whether the file uses templating at all.
        public var isTemplated: Bool
        /// `.model`, or `.snapshot` for a snapshot, which compiles exactly like a model (same rendering, same edges).
        public var resourceType: ResourceType
        /// Where a snapshot was declared (the block's name, or the YAML entry's name), for diagnostics about it.
        public var declaration: Label?
        /// The SQL as written when it is only part of `file` (a snapshot block's body), for `raw_code`.
        public var blockBody: String?
        /// SQL, or a script that prints the rows.
        public var language: ModelLanguage = .sql
        /// A script's absolute path, which the runner executes.
        public var scriptPath: String?
        /// A script's `depends_on` header entries.
        public var declaredDependencies: [DeclaredDependency] = []
    }

    @usableFromInline var storage: FrozenFields<Fields>

    /// Changes several fields in one step: the box is replaced once rather than once for each.
    public mutating func update(_ change: (inout Fields) throws -> Void) rethrows { try change(&storage.fields) }

    @inlinable
    public subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        _read { yield storage.fields[keyPath: field] }
        _modify { yield &storage.fields[keyPath: field] }
    }

    /// The properties file that documents the model: `patchPath` after its `package://`.
    public var patchFile: String? {
        guard let patchPath = storage.fields.patchPath else { return nil }
        // Bytes, not `components(separatedBy:)`: asked for every model of a large project.
        let bytes = Array(patchPath.utf8)
        var index = bytes.count - 3
        while index >= 0 {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/") {
                return String(decoding: bytes[(index + 3)...], as: UTF8.self)
            }
            index -= 1
        }
        return patchPath
    }

    /// Creates a model.
    public init(
        id: String, name: String, fileStem: String, packageName: String, path: String, relativePath: String,
        fqn: [String], file: SourceFile, config: NodeConfig, description: String = "", columns: [ColumnInfo] = [],
        patchPath: String? = nil, isTemplated: Bool = false, resourceType: ResourceType = .model,
        declaration: Label? = nil, blockBody: String? = nil
    ) {
        storage = FrozenFields(
            Fields(
                id: id, name: name, fileStem: fileStem, packageName: packageName, path: path, relativePath: relativePath,
                fqn: fqn, file: file, config: config, description: description, columns: columns, patchPath: patchPath,
                isTemplated: isTemplated, resourceType: resourceType, declaration: declaration, blockBody: blockBody))
    }
}

/// A CSV file loaded into a table.
public struct Seed: Sendable {
    /// `seed.<package>.<name>`, or `seed.<project>.<schema>.<name>` in the plain layout.
    public var id: String
    /// Selectable name: the file stem, or `schema.name` in the plain layout.
    public var name: String
    /// The file stem.
    public var fileStem: String
    /// The package.
    public var packageName: String
    /// Path relative to the package root.
    public var path: String
    /// Path relative to the seed path.
    public var relativePath: String
    /// Absolute path of the CSV file.
    public var absolutePath: String
    /// dbt fqn.
    public var fqn: [String]
    /// Resolved configuration (`column_types`, `delimiter`, `quote_columns` live in `extra`).
    public var config: NodeConfig
    /// Description.
    public var description: String
    /// Documented columns.
    public var columns: [ColumnInfo]
    /// A checksum of the file contents.
    public var checksum: String

    /// Creates a seed.
    public init(
        id: String, name: String, fileStem: String, packageName: String, path: String, relativePath: String,
        absolutePath: String, fqn: [String], config: NodeConfig, description: String = "", columns: [ColumnInfo] = [],
        checksum: String
    ) {
        self.id = id
        self.name = name
        self.fileStem = fileStem
        self.packageName = packageName
        self.path = path
        self.relativePath = relativePath
        self.absolutePath = absolutePath
        self.fqn = fqn
        self.config = config
        self.description = description
        self.columns = columns
        self.checksum = checksum
    }
}

/// A table that exists before the project runs, declared in YAML.
public struct Source: Sendable {
    /// `source.<package>.<source_name>.<table_name>`.
    public var id: String
    /// The source's name (`raw` in `source('raw', 'orders')`).
    public var sourceName: String
    /// The table's name in `source()` calls.
    public var tableName: String
    /// The package.
    public var packageName: String
    /// The YAML file that declared it.
    public var path: String
    /// Where it lives.
    public var relation: Relation
    /// Description of the table.
    public var description: String
    /// Description of the source as a whole.
    public var sourceDescription: String
    /// Documented columns.
    public var columns: [ColumnInfo]
    /// Loader, owner, tags, meta, freshness: kept as given.
    public var extra: [String: ConfigValue]
    /// Tags on the source and table.
    public var tags: [String]
    /// Where the table was declared.
    public var declaration: Label?
    /// The tool that loads the source (`fivetran`, `airbyte`), from the source's `loader`.
    public var loader: String?
    /// Who owns the data: the table's or the source's `owner`, else `meta.owner` (table first).
    public var owner: String?
    /// The table's metadata over the source's (`audience: Finance`).
    public var meta: [String: ConfigValue]
    /// The source's own metadata (dbt's `source_meta`).
    public var sourceMeta: [String: ConfigValue]
    /// The freshness rule after inheritance (table over source); nil when none or disabled with `freshness: null`.
    public var freshness: FreshnessRule?
    /// The column holding each row's load time (table over source).
    public var loadedAtField: String?
    /// The files `strata build` loads into the table, for a file source.
    public var fileSource: FileSourceLocation?

    /// Creates a source table.
    public init(
        id: String, sourceName: String, tableName: String, packageName: String, path: String, relation: Relation,
        description: String = "", sourceDescription: String = "", columns: [ColumnInfo] = [],
        extra: [String: ConfigValue] = [:], tags: [String] = [], declaration: Label? = nil, loader: String? = nil,
        owner: String? = nil, meta: [String: ConfigValue] = [:], sourceMeta: [String: ConfigValue] = [:],
        freshness: FreshnessRule? = nil, loadedAtField: String? = nil
    ) {
        self.loader = loader
        self.owner = owner
        self.meta = meta
        self.sourceMeta = sourceMeta
        self.freshness = freshness
        self.loadedAtField = loadedAtField
        self.id = id
        self.sourceName = sourceName
        self.tableName = tableName
        self.packageName = packageName
        self.path = path
        self.relation = relation
        self.description = description
        self.sourceDescription = sourceDescription
        self.columns = columns
        self.extra = extra
        self.tags = tags
        self.declaration = declaration
    }
}
