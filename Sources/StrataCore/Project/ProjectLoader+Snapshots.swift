import StrataDiagnostics

extension ProjectLoader {
    /// Snapshot blocks of the `.sql` files under a package's snapshot paths become `.snapshot` models; YAML files
    /// there are noted as properties files (they may define or document snapshots).
    func loadSnapshotFiles(
        package: String, root: String, settings: ProjectSettings, rootSettings: ProjectSettings,
        display: (String) -> String, into project: inout Project
    ) {
        let ownFolders = FolderConfigTree(settings.folderConfigs["snapshots"])
        let rootFolders = FolderConfigTree(rootSettings.folderConfigs["snapshots"])
        let isRoot = package == rootSettings.name
        for snapshotPath in settings.snapshotPaths {
            for relative in fileSystem.filesRecursively(in: PathText.join(root, snapshotPath)) {
                let path = PathText.join(snapshotPath, relative)
                switch PathText.ext(relative) {
                case "sql":
                    guard let text = readText(PathText.join(root, path), displayPath: display(path)) else { continue }
                    let file = SourceFile(path: display(path), text: text)
                    let (blocks, problems) = SnapshotBlockScanner.scan(file)
                    diagnostics.emit(contentsOf: problems)
                    for block in blocks {
                        // dbt's snapshot fqn includes the file name: [package, folders..., file stem, name].
                        let fqn =
                            [package] + PathText.components(relative).dropLast() + [
                                PathText.stem(relative), block.name,
                            ]
                        var config = Self.snapshotBaseConfig
                        for level in ownFolders.levels(for: fqn) { config.merge(level) }
                        if !isRoot { for level in rootFolders.levels(for: fqn) { config.merge(level) } }
                        let body = block.bodyText(file)
                        project.models.append(
                            Model(
                                id: "snapshot.\(package).\(block.name)", name: block.name, fileStem: block.name,
                                packageName: package, path: path, relativePath: relative, fqn: fqn,
                                file: block.isolatedFile(file), config: config,
                                isTemplated: MetadataHeader.containsTemplateSyntax(body), resourceType: .snapshot,
                                declaration: Label(file: file, span: block.nameSpan, text: "snapshot declared here"),
                                blockBody: body))
                    }
                case "yml", "yaml":
                    loadPropertiesFile(
                        root: root, path: path, displayPath: display(path), package: package, into: &project)
                default:
                    continue
                }
            }
        }
    }

    /// What every snapshot starts from before folder, YAML and `config()` levels.
    static let snapshotBaseConfig = NodeConfig(["materialized": .string("snapshot")])

    /// Adds dbt 1.9's YAML snapshots: `snapshots:` entries with a `relation`.
    ///
    /// Such a snapshot's query is `select * from <relation>`; its documentation and config are then applied like
    /// any other patch.
    func defineYAMLSnapshots(in project: inout Project) {
        // Most projects have none: the set of every node's name is built only for one that has.
        guard project.propertyFiles.contains(where: { $0.root["snapshots"] != nil }) else { return }
        var existing = Set(project.enabledModels.map { "\($0.packageName)|\($0.name)" })
        for properties in project.propertyFiles {
            for entry in properties.root["snapshots"]?.items ?? [] {
                guard let nameNode = entry["name"], let name = nameNode.stringValue,
                    let relationNode = entry["relation"],
                    let relation = relationNode.stringValue
                else { continue }
                let key = "\(properties.packageName)|\(name)"
                guard existing.insert(key).inserted else {
                    diagnostics.emit(
                        .error(
                            "P1011", "two nodes are named '\(name)' in package '\(properties.packageName)'",
                            in: properties.file,
                            at: nameNode.span, label: "second definition",
                            help: "rename the YAML snapshot or the other node"))
                    continue
                }
                project.models.append(
                    yamlSnapshot(
                        name: name, nameNode: nameNode, relation: relation, relationNode: relationNode,
                        properties: properties, project: project))
            }
        }
    }

    private func yamlSnapshot(
        name: String, nameNode: YAMLNode, relation: String, relationNode: YAMLNode, properties: PropertiesFile,
        project: Project
    ) -> Model {
        let package = properties.packageName
        let path = properties.file.path
        let components = PathText.components(path)
        let relative = components.count > 1 ? components.dropFirst().joined(separator: "/") : path
        let fqn = [package] + PathText.components(relative).dropLast() + [name]
        var config = Self.snapshotBaseConfig
        let ownSettings = project.packages[package] ?? project.settings
        for level in FolderConfigTree(ownSettings.folderConfigs["snapshots"]).levels(for: fqn) { config.merge(level) }
        if package != project.settings.name {
            for level in FolderConfigTree(project.settings.folderConfigs["snapshots"]).levels(for: fqn) {
                config.merge(level)
            }
        }
        let file = Self.yamlSnapshotSource(relation: relation, at: relationNode.span, in: properties.file)
        return Model(
            id: "snapshot.\(package).\(name)", name: name, fileStem: name, packageName: package, path: path,
            relativePath: relative, fqn: fqn, file: file, config: config, isTemplated: true, resourceType: .snapshot,
            declaration: Label(file: properties.file, span: nameNode.span, text: "snapshot declared here"),
            blockBody: relation.contains("{{") ? "select * from \(relation)" : "select * from {{ \(relation) }}")
    }

    /// The YAML snapshot's query as a template, its `relation` expression where the properties file has it.
    ///
    /// Keeping the line and column means an unknown `ref()` there is reported at the YAML. `select * from {{` goes
    /// on the first line (a `relation:` key is never on it); everything else is blank.
    static func yamlSnapshotSource(relation: String, at span: SourceSpan, in file: SourceFile) -> SourceFile {
        let bytes = Array(file.text.utf8)
        var start = min(span.start, bytes.count)
        if start < bytes.count, bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'") { start += 1 }
        let before = String(decoding: bytes[..<start], as: UTF8.self)
        // dbt's `relation: ref('x')` is an expression; one written as `{{ ref('x') }}` is used as it is.
        let isExpression = !relation.contains("{{")
        var text = isExpression ? "select * from {{" : "select * from "
        for scalar in before.unicodeScalars {
            text.unicodeScalars.append(scalar == "\n" || scalar == "\r" ? scalar : " ")
        }
        text += relation + (isExpression ? " }}\n" : "\n")
        return SourceFile(path: file.path, text: text)
    }
}
