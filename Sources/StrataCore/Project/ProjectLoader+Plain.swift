import StrataDiagnostics

extension ProjectLoader {
    /// The plain layout: `models/<schema>/<name>.sql`; folders `<schema>_<n>` are stages of `<schema>`.
    func loadPlainProject(root: String) -> Project {
        let folderName = PathText.lastComponent(root)
        var settings = ProjectSettings(name: folderName)
        var lint: LintDeclaration?
        if fileSystem.exists(PathText.join(root, "strata.yml")),
            let (file, yaml) = readYAML(PathText.join(root, "strata.yml"), displayPath: "strata.yml")
        {
            settings = readSettings(yaml, defaultName: folderName)
            if let seeds = yaml?["seeds"] { SeedConfigCheck.checkFolders(seeds, in: file, diagnostics: diagnostics) }
            lint = yaml?["lint"].map { LintDeclaration(file: file, node: $0, keyPath: "lint") }
        }
        var project = Project(layout: .plain, rootPath: root, settings: settings)
        project.lintDeclaration = lint
        project.packageRoots[settings.name] = root
        let folders = FolderConfigTree(settings.folderConfigs["models"])
        for modelPath in settings.modelPaths {
            let files = fileSystem.filesRecursively(in: PathText.join(root, modelPath))
            let frozenSettings = settings
            let folder = PathText.join(root, modelPath)
            let modelFiles = files.filter {
                PathText.ext($0) == "sql" || ScriptModel.isScript(PathText.join(folder, $0), relative: $0, fileSystem: fileSystem)
            }
            project.models += ParallelMap.map(modelFiles) { relative in
                plainModel(root: root, modelPath: modelPath, relative: relative, settings: frozenSettings, folders: folders)
            }.compactMap { $0 }
            for relative in files {
                switch PathText.ext(relative) {
                case "yml", "yaml":
                    loadPropertiesFile(root: root, path: PathText.join(modelPath, relative), package: settings.name, into: &project)
                default:
                    continue
                }
            }
        }
        let seedFolders = FolderConfigTree(settings.folderConfigs["seeds"])
        for seedPath in settings.seedPaths {
            for relative in fileSystem.filesRecursively(in: PathText.join(root, seedPath)) where PathText.ext(relative) == "csv" {
                let components = PathText.components(relative)
                guard components.count >= 2 else {
                    diagnostics.emit(Diagnostic(code: "P1010", message: "seed files must be inside a schema folder: \(seedPath)/<schema>/<name>.csv", path: PathText.join(seedPath, relative)))
                    continue
                }
                let schema = Self.schemaName(forFolder: components[0])
                let stem = PathText.stem(relative)
                var config = NodeConfig(["materialized": .string("seed")])
                for level in seedFolders.levels(for: [settings.name] + components.dropLast() + [stem]) { config.merge(level) }
                if config.schema == nil { config.set("schema", .string(schema)) }
                if let seed = makeSeed(
                    root: root, seedPath: seedPath, relative: relative, package: settings.name,
                    id: "seed.\(settings.name).\(schema).\(stem)", name: "\(schema).\(stem)", config: config)
                {
                    project.seeds.append(seed)
                }
            }
        }
        loadSnapshotFiles(
            package: settings.name, root: root, settings: settings, rootSettings: settings, display: { $0 }, into: &project)
        applyPatches(to: &project)
        loadSources(into: &project)
        return project
    }

    /// `claims_1` and `claims_2` are stages of the schema `claims`.
    static func schemaName(forFolder folder: String) -> String {
        guard let underscore = folder.lastIndex(of: "_") else { return folder }
        let suffix = folder[folder.index(after: underscore)...]
        guard !suffix.isEmpty, suffix.allSatisfy(\.isNumber), underscore > folder.startIndex else { return folder }
        return String(folder[..<underscore])
    }

    private func plainModel(root: String, modelPath: String, relative: String, settings: ProjectSettings, folders: FolderConfigTree) -> Model? {
        let path = PathText.join(modelPath, relative)
        let components = PathText.components(relative)
        guard components.count >= 2 else {
            diagnostics.emit(
                Diagnostic(
                    code: "P1010", message: "model files must be inside a schema folder: \(modelPath)/<schema>/<name>.sql",
                    help: "move '\(relative)' into a folder named after the schema it belongs to", path: path))
            return nil
        }
        guard let text = readText(PathText.join(root, path), displayPath: path) else { return nil }
        let file = SourceFile(path: path, text: text)
        let stem = PathText.stem(relative)
        let folderSchema = Self.schemaName(forFolder: components[0])
        var config = NodeConfig()
        for level in folders.levels(for: [settings.name] + components.dropLast() + [stem]) { config.merge(level) }
        var description = ""
        var columns: [ColumnInfo] = []
        let isScript = PathText.ext(relative) != "sql"
        var script = ScriptModel.Header()
        if isScript {
            script = ScriptModel.header(file, diagnostics: diagnostics)
            config.merge(script.config)
            description = script.description ?? ""
        } else if let header = MetadataHeader.parse(file, diagnostics: diagnostics) {
            config.merge(header.config)
            description = header.description ?? ""
            columns = header.columns
        }
        let schema = config.schema ?? folderSchema
        config.set("schema", .string(schema))
        var model = Model(
            id: "model.\(settings.name).\(schema).\(stem)", name: "\(schema).\(stem)", fileStem: stem,
            packageName: settings.name, path: path, relativePath: relative,
            fqn: [settings.name] + components.dropLast() + [stem], file: file, config: config,
            description: description, columns: columns, isTemplated: !isScript && MetadataHeader.containsTemplateSyntax(text))
        if isScript { model.makeScript(at: PathText.join(root, path), header: script) }
        return model
    }

    func makeSeed(root: String, seedPath: String, relative: String, package: String, id: String, name: String, config: NodeConfig) -> Seed? {
        let path = PathText.join(seedPath, relative)
        let absolute = PathText.join(root, path)
        guard let text = readText(absolute, displayPath: path) else { return nil }
        let stem = PathText.stem(relative)
        return Seed(
            id: id, name: name, fileStem: stem, packageName: package, path: path, relativePath: relative,
            absolutePath: absolute, fqn: [package] + PathText.components(relative).dropLast() + [stem], config: config,
            checksum: SHA256.hex(text))
    }
}
