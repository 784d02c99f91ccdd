import StrataDiagnostics

extension ProjectLoader {
    /// A dbt project and the local packages it lists in `packages.yml`.
    func loadDbtProject(root: String) -> Project {
        let folderName = PathText.lastComponent(root)
        let yaml = readYAML(PathText.join(root, "dbt_project.yml"), displayPath: "dbt_project.yml")
        let settings = readSettings(yaml?.1, defaultName: folderName)
        if yaml?.1?["name"] == nil, let file = yaml?.0 {
            diagnostics.emit(.error("P1005", "dbt_project.yml has no 'name'", in: file, at: .point(0), help: "add 'name: my_project'"))
        }
        var project = Project(layout: .dbt, rootPath: root, settings: settings)
        if let (file, root) = yaml, let seeds = root?["seeds"] {
            SeedConfigCheck.checkFolders(seeds, in: file, diagnostics: diagnostics)
        }
        if let (file, root) = yaml, let lint = root?["vars"]?["strata_lint"] {
            project.lintDeclaration = LintDeclaration(file: file, node: lint, keyPath: "vars.strata_lint")
        }
        project.packageRoots[settings.name] = root
        for (name, packageRoot) in packageRoots(projectRoot: root) where project.packageRoots[name] == nil {
            let packageYAML = readYAML(PathText.join(packageRoot, "dbt_project.yml"), displayPath: relativeDisplay(packageRoot, root, "dbt_project.yml"))
            let packageSettings = readSettings(packageYAML?.1, defaultName: name)
            if let (file, root) = packageYAML, let seeds = root?["seeds"] {
                SeedConfigCheck.checkFolders(seeds, in: file, diagnostics: diagnostics)
            }
            project.packages[packageSettings.name] = packageSettings
            project.packageRoots[packageSettings.name] = packageRoot
        }
        let phases = PhaseTimings.shared
        phases.measure("load: files, YAML") {
            loadPackageFiles(name: settings.name, root: root, settings: settings, projectRoot: root, into: &project)
            for (name, packageSettings) in project.packages.sorted(by: { $0.key < $1.key }) {
                loadPackageFiles(name: name, root: project.packageRoots[name]!, settings: packageSettings, projectRoot: root, into: &project)
            }
        }
        reportDuplicateNames(in: project)
        phases.measure("load: properties, sources") {
            applyPatches(to: &project)
            loadSources(into: &project)
        }
        return project
    }

    /// Local packages from `packages.yml`, plus anything already installed under `dbt_packages/`.
    private func packageRoots(projectRoot: String) -> [(String, String)] {
        var roots: [(String, String)] = []
        let packagesFile = PathText.join(projectRoot, "packages.yml")
        if fileSystem.exists(packagesFile), let (file, yaml) = readYAML(packagesFile, displayPath: "packages.yml") {
            for entry in yaml?["packages"]?.items ?? [] {
                if let local = entry["local"]?.stringValue {
                    let path = PathText.normalize(local.hasPrefix("/") ? local : PathText.join(projectRoot, local))
                    if fileSystem.exists(PathText.join(path, "dbt_project.yml")) {
                        roots.append((PathText.lastComponent(path), path))
                    } else {
                        diagnostics.emit(.error("P1020", "local package '\(local)' has no dbt_project.yml", in: file, at: entry.span))
                    }
                } else if let remote = entry["package"]?.stringValue ?? entry["git"]?.stringValue {
                    let installed = PathText.join(projectRoot, "dbt_packages")
                    let name = PathText.stem(remote.split(separator: "/").last.map(String.init) ?? remote)
                    if !fileSystem.isDirectory(PathText.join(installed, name)) {
                        diagnostics.emit(
                            .error(
                                "P1021", "package '\(remote)' is not installed and cannot be downloaded (no network is assumed)",
                                in: file, at: entry.span, help: "vendor it under dbt_packages/\(name) or list it with 'local:'"))
                    }
                }
            }
        }
        let installed = PathText.join(projectRoot, "dbt_packages")
        if fileSystem.isDirectory(installed) {
            let names = Set(fileSystem.filesRecursively(in: installed).compactMap { path -> String? in
                let parts = PathText.components(path)
                return parts.count == 2 && parts[1] == "dbt_project.yml" ? parts[0] : nil
            })
            for name in names.sorted() where !roots.contains(where: { $0.0 == name }) {
                roots.append((name, PathText.join(installed, name)))
            }
        }
        return roots
    }

    private func relativeDisplay(_ packageRoot: String, _ projectRoot: String, _ file: String) -> String {
        let path = PathText.join(packageRoot, file)
        return path.hasPrefix(projectRoot + "/") ? String(path.dropFirst(projectRoot.count + 1)) : path
    }

    private func loadPackageFiles(name: String, root: String, settings: ProjectSettings, projectRoot: String, into project: inout Project) {
        let prefix = root == projectRoot ? "" : String(root.dropFirst(projectRoot.count + 1))
        let display: @Sendable (String) -> String = { path in prefix.isEmpty ? path : PathText.join(prefix, path) }
        let ownModels = FolderConfigTree(settings.folderConfigs["models"])
        let rootModels = FolderConfigTree(project.settings.folderConfigs["models"])
        let isRoot = name == project.settings.name
        for modelPath in settings.modelPaths {
            let files = fileSystem.filesRecursively(in: PathText.join(root, modelPath))
            // Model files are read on all cores: for large projects reading them one by one is most of the load.
            let folder = PathText.join(root, modelPath)
            let modelFiles = files.filter {
                PathText.ext($0) == "sql" || ScriptModel.isScript(PathText.join(folder, $0), relative: $0, fileSystem: fileSystem)
            }
            let models = ParallelMap.map(modelFiles) { relative -> Model? in
                let path = PathText.join(modelPath, relative)
                guard let text = readText(PathText.join(root, path), displayPath: display(path)) else { return nil }
                let stem = PathText.stem(relative)
                let fqn = [name] + PathText.components(relative).dropLast() + [stem]
                var config = NodeConfig()
                for level in ownModels.levels(for: fqn) { config.merge(level) }
                if !isRoot { for level in rootModels.levels(for: fqn) { config.merge(level) } }
                let file = SourceFile(path: display(path), text: text)
                let isScript = PathText.ext(relative) != "sql"
                var script = ScriptModel.Header()
                if isScript {
                    script = ScriptModel.header(file, diagnostics: diagnostics)
                    config.merge(script.config)
                }
                var model = Model(
                    id: "model.\(name).\(stem)", name: stem, fileStem: stem, packageName: name, path: path,
                    relativePath: relative, fqn: fqn, file: file, config: config,
                    description: script.description ?? "",
                    isTemplated: !isScript && MetadataHeader.containsTemplateSyntax(text))
                if isScript { model.makeScript(at: PathText.join(root, path), header: script) }
                return model
            }
            project.models += models.compactMap { $0 }
            for relative in files {
                let path = PathText.join(modelPath, relative)
                switch PathText.ext(relative) {
                case "yml", "yaml":
                    loadPropertiesFile(root: root, path: path, displayPath: display(path), package: name, into: &project)
                case "md":
                    if let text = readText(PathText.join(root, path), displayPath: display(path)) {
                        project.docFiles.append(SourceFile(path: display(path), text: text))
                    }
                default:
                    continue
                }
            }
        }
        let ownSeeds = FolderConfigTree(settings.folderConfigs["seeds"])
        let rootSeeds = FolderConfigTree(project.settings.folderConfigs["seeds"])
        for seedPath in settings.seedPaths {
            for relative in fileSystem.filesRecursively(in: PathText.join(root, seedPath)) {
                switch PathText.ext(relative) {
                case "csv":
                    let stem = PathText.stem(relative)
                    let fqn = [name] + PathText.components(relative).dropLast() + [stem]
                    var config = NodeConfig(["materialized": .string("seed")])
                    for level in ownSeeds.levels(for: fqn) { config.merge(level) }
                    if name != project.settings.name { for level in rootSeeds.levels(for: fqn) { config.merge(level) } }
                    if var seed = makeSeed(root: root, seedPath: seedPath, relative: relative, package: name, id: "seed.\(name).\(stem)", name: stem, config: config) {
                        seed.path = display(seed.path)
                        project.seeds.append(seed)
                    }
                case "yml", "yaml":
                    loadPropertiesFile(root: root, path: PathText.join(seedPath, relative), displayPath: display(PathText.join(seedPath, relative)), package: name, into: &project)
                default:
                    continue
                }
            }
        }
        for macroPath in settings.macroPaths {
            for relative in fileSystem.filesRecursively(in: PathText.join(root, macroPath)) {
                let path = PathText.join(macroPath, relative)
                switch PathText.ext(relative) {
                case "sql", "jinja", "j2":
                    if let text = readText(PathText.join(root, path), displayPath: display(path)) {
                        project.macroFiles.append(MacroFile(packageName: name, file: SourceFile(path: display(path), text: text), path: path))
                    }
                case "md":
                    if let text = readText(PathText.join(root, path), displayPath: display(path)) {
                        project.docFiles.append(SourceFile(path: display(path), text: text))
                    }
                default:
                    continue
                }
            }
        }
        loadTestFiles(package: name, root: root, settings: settings, display: display, into: &project)
        loadSnapshotFiles(
            package: name, root: root, settings: settings, rootSettings: project.settings, display: display, into: &project)
        for docsPath in settings.docsPaths ?? [] where !settings.modelPaths.contains(docsPath) {
            for relative in fileSystem.filesRecursively(in: PathText.join(root, docsPath)) where PathText.ext(relative) == "md" {
                let path = PathText.join(docsPath, relative)
                if let text = readText(PathText.join(root, path), displayPath: display(path)) {
                    project.docFiles.append(SourceFile(path: display(path), text: text))
                }
            }
        }
    }

    /// Where a model's file starts, or where a snapshot (which may share its file) was declared.
    private static func definitionLabel(of model: Model, text: String) -> Label {
        guard let declaration = model.declaration else { return Label(file: model.file, span: .point(0), text: text) }
        return Label(file: declaration.file, span: declaration.span, text: text)
    }

    private func reportDuplicateNames(in project: Project) {
        // Keyed on all cores, checked here in order: the keys are most of the work.
        let keys = ParallelMap.map(project.models) { model in model.config.enabled ? model.packageName + "." + model.name : nil }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(project.models.count)
        for (index, key) in keys.enumerated() {
            guard let key else { continue }
            if let firstIndex = seen[key] {
                let (model, first) = (project.models[index], project.models[firstIndex])
                let kind = model.resourceType == first.resourceType ? "\(model.resourceType.rawValue)s" : "nodes"
                diagnostics.emit(
                    Diagnostic(
                        code: "P1011", message: "two \(kind) are named '\(model.name)' in package '\(model.packageName)'",
                        primary: Self.definitionLabel(of: model, text: "second definition"),
                        secondary: [Self.definitionLabel(of: first, text: "first definition")],
                        help: "rename one of the files or disable one with enabled: false"))
            } else {
                seen[key] = index
            }
        }
    }
}
