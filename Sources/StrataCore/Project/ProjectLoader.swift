import Foundation
public import StrataDiagnostics

/// Reads a project folder (plain layout or dbt layout, plus local packages) into a `Project`, recording every
/// problem in a collector instead of stopping at the first.
public struct ProjectLoader: Sendable {
    let fileSystem: any FileSystem
    let diagnostics: DiagnosticCollector

    /// Creates a loader.
    /// - Parameters:
    ///   - fileSystem: where files are read from.
    ///   - diagnostics: where problems are recorded.
    public init(fileSystem: any FileSystem = LocalFileSystem(), diagnostics: DiagnosticCollector) {
        self.fileSystem = fileSystem
        self.diagnostics = diagnostics
    }

    /// Loads the project in a directory.
    /// - Parameter directory: the project root (absolute or relative to the current directory).
    /// - Returns: the project, or nil when the directory holds no project at all (a diagnostic says why).
    public func load(directory: String) -> Project? {
        let root = PathText.absolute(directory)
        if fileSystem.exists(PathText.join(root, "dbt_project.yml")) {
            return loadDbtProject(root: root)
        }
        if fileSystem.exists(PathText.join(root, "strata.yml")) || fileSystem.isDirectory(PathText.join(root, "models")) {
            return loadPlainProject(root: root)
        }
        diagnostics.emit(
            Diagnostic(
                code: "P1000", message: "no project found in '\(directory)'",
                help: "expected a dbt_project.yml, a strata.yml or a models/ folder; create one with 'strata init DIR'",
                path: directory))
        return nil
    }

    /// Reads and parses a YAML file; problems are recorded and nil returned.
    func readYAML(_ absolutePath: String, displayPath: String) -> (SourceFile, YAMLNode?)? {
        guard let text = readText(absolutePath, displayPath: displayPath) else { return nil }
        let file = SourceFile(path: displayPath, text: text)
        do {
            return (file, try YAMLParser.parse(file))
        } catch {
            diagnostics.emit(error)
            return (file, nil)
        }
    }

    func readText(_ absolutePath: String, displayPath: String) -> String? {
        do {
            return try fileSystem.readText(absolutePath)
        } catch {
            diagnostics.emit(Diagnostic(code: "P1002", message: "cannot read file: \(error.localizedDescription)", path: displayPath))
            return nil
        }
    }

    /// Settings keys shared by `dbt_project.yml` and `strata.yml`.
    func readSettings(_ root: YAMLNode?, defaultName: String) -> ProjectSettings {
        var settings = ProjectSettings(name: root?["name"]?.stringValue ?? defaultName)
        guard let root else { return settings }
        settings.profile = root["profile"]?.stringValue
        func paths(_ key: String) -> [String]? {
            guard let node = root[key] else { return nil }
            return node.value.stringList
        }
        settings.modelPaths = paths("model-paths") ?? paths("source-paths") ?? settings.modelPaths
        settings.seedPaths = paths("seed-paths") ?? paths("data-paths") ?? settings.seedPaths
        settings.macroPaths = paths("macro-paths") ?? settings.macroPaths
        settings.testPaths = paths("test-paths") ?? settings.testPaths
        settings.snapshotPaths = paths("snapshot-paths") ?? settings.snapshotPaths
        settings.analysisPaths = paths("analysis-paths") ?? settings.analysisPaths
        settings.docsPaths = paths("docs-paths")
        settings.targetPath = root["target-path"]?.stringValue ?? settings.targetPath
        settings.vars = root["vars"]?.value.dictValue ?? [:]
        settings.onRunStart = root["on-run-start"]?.value.stringList ?? []
        settings.onRunEnd = root["on-run-end"]?.value.stringList ?? []
        for entry in root["dispatch"]?.items ?? [] {
            if let namespace = entry["macro_namespace"]?.stringValue {
                settings.dispatch[namespace] = entry["search_order"]?.value.stringList ?? []
            }
        }
        for key in ["models", "seeds", "snapshots", "tests", "data_tests", "sources", "unit_tests"] {
            if let value = root[key]?.value { settings.folderConfigs[key] = value }
        }
        settings.targets = root["targets"]?.value.dictValue ?? [:]
        settings.defaultTarget = root["target"]?.stringValue
        for key in ["lint", "quoting", "clean-targets", "require-dbt-version", "version", "config-version", "schedules", "exports"] {
            if let value = root[key]?.value { settings.extra[key] = value }
        }
        return settings
    }
}
