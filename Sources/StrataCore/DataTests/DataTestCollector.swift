import StrataDiagnostics
import StrataJinja

/// Reads generic tests from the `tests:`/`data_tests:` keys of properties files and singular tests from
/// test paths, resolving the nodes they test and checking test names and arguments against the macros.
struct DataTestCollector {
    static let unknownTest: DiagnosticCode = "T5001"
    static let missingArgument: DiagnosticCode = "T5002"
    static let badEntry: DiagnosticCode = "T5003"
    static let duplicate: DiagnosticCode = "T5004"

    /// Keys of a test entry that are configuration, not arguments.
    static let configKeys: Set<String> = [
        "severity", "where", "limit", "warn_if", "error_if", "fail_calc", "store_failures", "store_failures_as",
        "enabled", "tags", "meta", "alias", "schema", "database", "description",
    ]

    let project: Project
    let macros: MacroLibrary
    let diagnostics: DiagnosticCollector

    func collect() -> [DataTestDefinition] {
        let modelIDs = Dictionary(project.enabledModels.map { (PackageQualifiedName($0.packageName, $0.name), $0.id) }) { _, last in last }
        let seedIDs = Dictionary(project.enabledSeeds.map { (PackageQualifiedName($0.packageName, $0.name), $0.id) }) { _, last in last }
        let sourceIDs = Set(project.sources.map(\.id))
        // Properties files are independent, and a large project has thousands of tests in hundreds of them.
        var tests = ParallelMap.map(project.propertyFiles, serialBelow: 8, chunkSize: 4) { properties in
            declaredTests(in: properties, modelIDs: modelIDs, seedIDs: seedIDs, sourceIDs: sourceIDs)
        }.flatMap { $0 }
        for file in project.singularTestFiles {
            let stem = PathText.stem(PathText.lastComponent(file.path))
            var definition = DataTestDefinition(
                kind: .singular, name: stem, packageName: file.packageName, config: NodeConfig(), file: file.file,
                span: .point(0), path: file.path)
            definition.config = folderConfig(for: definition)
            tests.append(definition)
        }
        return tests.filter { $0.config.enabled }
    }

    /// The generic tests declared in one properties file, with their ids frozen (hashing the metadata is costly).
    private func declaredTests(
        in properties: PropertiesFile, modelIDs: [PackageQualifiedName: String], seedIDs: [PackageQualifiedName: String], sourceIDs: Set<String>
    ) -> [DataTestDefinition] {
        var tests: [DataTestDefinition] = []
        for (key, ids) in [("models", modelIDs), ("snapshots", modelIDs), ("seeds", seedIDs)] {
            for entry in properties.root[key]?.items ?? [] {
                // Resolved as descriptions are, so tests in a plain layout's `models/core/schema.yml` attach to `core.*`.
                let candidates = entry["name"]?.stringValue.map {
                    ProjectLoader.patchNames($0, file: properties.file.path, layout: project.layout)
                } ?? []
                guard let name = candidates.first(where: { ids[PackageQualifiedName(properties.packageName, $0)] != nil }),
                    let id = ids[PackageQualifiedName(properties.packageName, name)]
                else { continue }
                let target = Target(id: id, name: name, expression: "ref('\(name)')", prefix: "")
                tests += generic(in: entry, column: nil, target: target, properties: properties)
                for column in entry["columns"]?.items ?? [] {
                    tests += generic(in: column, column: column["name"]?.stringValue, target: target, properties: properties)
                }
            }
        }
        for source in properties.root["sources"]?.items ?? [] {
            guard let sourceName = source["name"]?.stringValue else { continue }
            for table in source["tables"]?.items ?? [] {
                guard let tableName = table["name"]?.stringValue else { continue }
                let id = "source.\(properties.packageName).\(sourceName).\(tableName)"
                guard sourceIDs.contains(id) else { continue }
                let target = Target(id: id, name: "\(sourceName)_\(tableName)", expression: "source('\(sourceName)', '\(tableName)')", prefix: "source_")
                tests += generic(in: table, column: nil, target: target, properties: properties)
                for column in table["columns"]?.items ?? [] {
                    tests += generic(in: column, column: column["name"]?.stringValue, target: target, properties: properties)
                }
            }
        }
        return tests
    }

    private struct Target {
        var id: String
        var name: String
        var expression: String
        var prefix: String
    }

    private func generic(in entry: YAMLNode, column: String?, target: Target, properties: PropertiesFile) -> [DataTestDefinition] {
        let items = (entry["data_tests"]?.items ?? []) + (entry["tests"]?.items ?? [])
        // As in dbt, a column's tags apply to the tests of that column.
        let columnTags = column == nil ? [] : (entry["tags"]?.value.stringList ?? [])
        return items.compactMap { item in
            guard var test = parse(item, column: column, target: target, properties: properties) else { return nil }
            if !columnTags.isEmpty { test.config.merge(["tags": .list(columnTags.map(ConfigValue.string))]) }
            return test
        }
    }

    private func parse(_ item: YAMLNode, column: String?, target: Target, properties: PropertiesFile) -> DataTestDefinition? {
        var fullName: String
        var nameNode = item
        var body: YAMLNode?
        var customName: String?
        if let scalar = item.stringValue {
            fullName = scalar
        } else if let testName = item["test_name"] {
            guard let value = testName.stringValue else { return nil }
            fullName = value
            nameNode = testName
            body = item
            customName = item["name"]?.stringValue
        } else if item.pairs.count == 1, let key = item.pairs[0].key.stringValue {
            fullName = key
            nameNode = item.pairs[0].key
            body = item.pairs[0].value
            // dbt's custom test name: `- accepted_values: {name: ..., values: [...]}`.
            customName = body?["name"]?.stringValue
        } else {
            diagnostics.emit(.error(Self.badEntry, "a test must be a name or a mapping with one key, the test's name", in: properties.file, at: item.span))
            return nil
        }
        var namespace: String?
        // Looked for as a byte: a search by Character costs thousands of instructions per test.
        if let dot = fullName.utf8.lastIndex(of: UInt8(ascii: ".")) {
            namespace = String(fullName[..<dot])
            fullName = String(fullName[fullName.utf8.index(after: dot)...])
        }
        guard let macro = lookupMacro(fullName, namespace: namespace) else {
            let known = macros.names(in: nil).filter { $0.hasPrefix("test_") }.map { String($0.dropFirst(5)) }
            let help = EditDistance.suggestion(for: fullName, among: known).map { "did you mean '\($0)'?" }
                ?? "define it with {% test \(fullName)(model, column_name) %} in macros/ or tests/generic/"
            diagnostics.emit(
                Diagnostic(
                    .error, code: Self.unknownTest, message: "unknown generic test '\(namespace.map { "\($0)." } ?? "")\(fullName)'",
                    primary: Label(file: properties.file, span: nameNode.span, text: "no test macro with this name"), help: help))
            return nil
        }
        var arguments: [(String, ConfigValue)] = []
        var config: [String: ConfigValue] = [:]
        for pair in body?.pairs ?? [] {
            guard let key = pair.key.stringValue, key != "test_name", !(key == "name" && customName != nil) else { continue }
            switch key {
            case "config": for (k, v) in pair.value.value.dictValue ?? [:] { config[k] = v }
            case "arguments": for (k, v) in pair.value.value.dictValue ?? [:] { arguments.append((k, v)) }
            case _ where Self.configKeys.contains(key): config[key] = pair.value.value
            default: arguments.append((key, pair.value.value))
            }
        }
        if let column { arguments.append(("column_name", .string(column))) }
        let required = macro.parameterNames.prefix(macro.requiredParameterCount)
        // A test has a few arguments: looked through, not hashed into a set.
        if let missing = required.first(where: { name in name != "model" && !arguments.contains { $0.0 == name } }) {
            diagnostics.emit(
                Diagnostic(
                    .error, code: Self.missingArgument, message: "test '\(fullName)' needs the argument '\(missing)'",
                    primary: Label(file: properties.file, span: nameNode.span, text: "'\(missing)' is not given"),
                    help: "add '\(missing): ...' under the test"))
            return nil
        }
        let testType = target.prefix + (namespace.map { "\($0)_" } ?? "") + fullName
        let names = DataTestNaming.names(testType: testType, targetName: target.name, arguments: arguments)
        let name = customName ?? names.full
        var definition = DataTestDefinition(
            kind: .generic, name: name, packageName: properties.packageName, testName: fullName, namespace: namespace,
            attachedNodeID: target.id, modelExpression: target.expression, arguments: arguments, config: NodeConfig(),
            file: properties.file, span: nameNode.span, path: properties.file.path)
        var resolved = folderConfig(for: definition)
        resolved.merge(config)
        if customName == nil, names.short != names.full, resolved.alias == nil { resolved.set("alias", .string(names.short)) }
        let id = definition.computedID
        definition.update { fields in
            fields.entryConfig = config
            fields.config = resolved
            fields.frozenID = id
        }
        return definition
    }

    private func lookupMacro(_ name: String, namespace: String?) -> Macro? {
        macros.macro(named: "test_\(name)", namespace: namespace) ?? (namespace == nil ? nil : macros.macro(named: "test_\(name)", namespace: nil))
    }

    /// `tests:`/`data_tests:` folder configuration from dbt_project.yml, keyed by the test's fqn.
    private func folderConfig(for test: DataTestDefinition) -> NodeConfig {
        var config = NodeConfig()
        let trees = ["tests", "data_tests"].compactMap { project.settings.folderConfigs[$0] }
        // Most projects configure no test folders: then the test's fqn (its path split up) is not needed here.
        guard !trees.isEmpty else { return config }
        let fqn = test.fqn
        for tree in trees {
            for level in FolderConfigTree(tree).levels(for: fqn) { config.merge(level) }
        }
        return config
    }
}
