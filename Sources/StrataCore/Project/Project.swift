public import StrataDiagnostics

/// Which file layout a project uses.
public enum ProjectLayout: String, Sendable {
    /// `models/<schema>/<name>.sql`, plain SQL, dependencies inferred from the SQL.
    case plain
    /// A dbt project: `dbt_project.yml`, `ref()`, `source()`.
    case dbt
}

/// A macro file and the package it belongs to.
public struct MacroFile: Sendable {
    /// The package whose `macro-paths` held the file.
    public var packageName: String
    /// The file.
    public var file: SourceFile
    /// Path relative to its package root.
    public var path: String
}

/// Settings from `dbt_project.yml` or `strata.yml` that are not node configuration.
public struct ProjectSettings: Sendable {
    /// Project name.
    public var name: String
    /// Profile to use from `profiles.yml` (dbt layout).
    public var profile: String?
    /// Folders of models, relative to the project root.
    public var modelPaths: [String] = ["models"]
    /// Folders of seeds.
    public var seedPaths: [String] = ["seeds"]
    /// Folders of macros.
    public var macroPaths: [String] = ["macros"]
    /// Folders of singular tests.
    public var testPaths: [String] = ["tests"]
    /// Folders of snapshots.
    public var snapshotPaths: [String] = ["snapshots"]
    /// Folders of analyses.
    public var analysisPaths: [String] = ["analyses"]
    /// Folders with docs blocks; defaults to every resource folder.
    public var docsPaths: [String]?
    /// Where artifacts are written.
    public var targetPath: String = "target"
    /// Project variables (`vars:`); package-scoped vars live under the package name.
    public var vars: [String: ConfigValue] = [:]
    /// SQL run at the start and the end of a run.
    public var onRunStart: [String] = []
    /// SQL run at the end of a run.
    public var onRunEnd: [String] = []
    /// `dispatch:` search orders by macro namespace.
    public var dispatch: [String: [String]] = [:]
    /// Per-resource folder configuration trees (`models:`, `seeds:`, ...), keyed by resource kind.
    public var folderConfigs: [String: ConfigValue] = [:]
    /// Target definitions from `strata.yml`.
    public var targets: [String: ConfigValue] = [:]
    /// Default target from `strata.yml`.
    public var defaultTarget: String?
    /// Lint and other Strata-only settings kept as given.
    public var extra: [String: ConfigValue] = [:]

    /// Creates settings with dbt's defaults.
    public init(name: String) { self.name = name }
}

/// A loaded project: every node with its configuration, before rendering.
public struct Project: Sendable {
    /// The layout the project uses.
    public var layout: ProjectLayout
    /// Absolute path of the project root.
    public var rootPath: String
    /// Settings of the root project.
    public var settings: ProjectSettings
    /// Settings of each installed package, by package name.
    public var packages: [String: ProjectSettings] = [:]
    /// Package roots, by package name (absolute paths).
    public var packageRoots: [String: String] = [:]
    /// Models of the project and its packages, enabled or not.
    public var models: [Model] = []
    /// Seeds.
    public var seeds: [Seed] = []
    /// Sources declared in YAML.
    public var sources: [Source] = []
    /// Sources that live in another PostgreSQL database, read through postgres_fdw.
    public var federatedSources: [FederatedSource] = []
    /// Macro files, root project first.
    public var macroFiles: [MacroFile] = []
    /// Singular data tests: `.sql` files under test paths, outside `generic/`.
    public var singularTestFiles: [MacroFile] = []
    /// Unit test fixture files (`<test path>/fixtures/**/<name>.csv|.sql`), by file name.
    public var unitTestFixtures: [String: MacroFile] = [:]
    /// Markdown files that may hold `{% docs %}` blocks.
    public var docFiles: [SourceFile] = []
    /// Parsed properties files (`schema.yml`), kept for later stages such as tests.
    public var propertyFiles: [PropertiesFile] = []
    /// The lint rules as written (`lint:` in `strata.yml`, `vars: strata_lint:` in `dbt_project.yml`), if any.
    public var lintDeclaration: LintDeclaration?
    /// Properties files found but not parsed yet (the loader parses them all at once).
    var pendingPropertyFiles: [PendingPropertiesFile] = []

    /// Project name.
    public var name: String { settings.name }

    /// Creates an empty project.
    public init(layout: ProjectLayout, rootPath: String, settings: ProjectSettings) {
        self.layout = layout
        self.rootPath = rootPath
        self.settings = settings
    }

    /// Absolute path of the folder artifacts are written to.
    public var targetDirectory: String { PathText.join(rootPath, settings.targetPath) }

    // Usually every node is enabled: then the arrays are shared rather than copied model by model. Closures, not
    // key paths: a key path through `Model`'s dynamic members is resolved generically on every call.
    /// Enabled models only.
    public var enabledModels: [Model] { models.allSatisfy { $0.config.enabled } ? models : models.filter { $0.config.enabled } }
    /// Enabled seeds only.
    public var enabledSeeds: [Seed] { seeds.allSatisfy { $0.config.enabled } ? seeds : seeds.filter { $0.config.enabled } }
}

/// A properties file waiting to be parsed.
struct PendingPropertiesFile: Sendable {
    var absolutePath: String
    var displayPath: String
    var packageName: String
}

/// A YAML properties file with its parsed root.
public struct PropertiesFile: Sendable {
    /// The package it belongs to.
    public var packageName: String
    /// The file.
    public var file: SourceFile
    /// The parsed YAML.
    public var root: YAMLNode
}
