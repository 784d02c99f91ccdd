import StrataDiagnostics

extension ProjectLoader {
    /// Notes a properties (`schema.yml`) file; all of them are parsed together, in parallel, by
    /// `parsePropertiesFiles`.
    func loadPropertiesFile(root: String, path: String, displayPath: String? = nil, package: String, into project: inout Project) {
        project.pendingPropertyFiles.append(PendingPropertiesFile(absolutePath: PathText.join(root, path), displayPath: displayPath ?? path, packageName: package))
    }

    /// Parses every noted properties file, keeping discovery order.
    func parsePropertiesFiles(into project: inout Project) {
        // A file at a time: a project has tens of them, each thousands of lines.
        let parsed = ParallelMap.map(project.pendingPropertyFiles, serialBelow: 2, chunkSize: 1) { pending -> PropertiesFile? in
            guard let (file, yaml) = readYAML(pending.absolutePath, displayPath: pending.displayPath), let yaml else { return nil }
            guard yaml.isMapping else {
                diagnostics.emit(.error("P1004", "a properties file must be a YAML mapping", in: file, at: yaml.span))
                return nil
            }
            return PropertiesFile(packageName: pending.packageName, file: file, root: yaml)
        }
        project.propertyFiles += parsed.compactMap { $0 }
        project.pendingPropertyFiles = []
    }

    /// Applies `models:` and `seeds:` entries of properties files to the nodes they name.
    func applyPatches(to project: inout Project) {
        parsePropertiesFiles(into: &project)
        defineYAMLSnapshots(in: &project)
        // Keyed by resource type too: `models:` entries patch models, `snapshots:` entries patch snapshots.
        var modelIndex: [ModelKey: [Int]] = [:]
        modelIndex.reserveCapacity(project.models.count)
        for (index, model) in project.models.enumerated() {
            modelIndex[ModelKey(type: model.resourceType, package: model.packageName, name: model.name), default: []].append(index)
        }
        var seedIndex: [String: Int] = [:]
        for (index, seed) in project.seeds.enumerated() { seedIndex["\(seed.packageName)|\(seed.name)"] = index }

        // Reading the entries (columns and all) and finding the models they name is per file: on all cores.
        let layout = project.layout
        let patchesByFile = ParallelMap.map(project.propertyFiles, serialBelow: 2, chunkSize: 1) { [modelIndex] properties in
            let entries = [(properties.patches(for: "models"), ResourceType.model), (properties.patches(for: "snapshots"), .snapshot)]
            let models = entries.flatMap { patches, type in
                patches.map { patch in
                    let candidates = Self.patchNames(patch.name, file: properties.file.path, layout: layout)
                    let indices = candidates.lazy.compactMap { modelIndex[ModelKey(type: type, package: properties.packageName, name: $0)] }.first
                    return (patch: patch, type: type, indices: indices)
                }
            }
            return (models: models, seeds: properties.patches(for: "seeds"))
        }
        // Then, in file order (warnings come out in that order), each model is given its entries; they are applied
        // on all cores, each model's in file order.
        var patchesByModel = [[(patch: NodePatch, path: String)]](repeating: [], count: project.models.count)
        for (properties, patches) in zip(project.propertyFiles, patchesByFile) {
            let patchPath = "\(properties.packageName)://\(properties.file.path)"  // one string the file's models share
            for (patch, type, indices) in patches.models {
                guard let indices else {
                    let known = project.models.filter { $0.packageName == properties.packageName && $0.resourceType == type }.map(\.name)
                    warnUnmatched(patch, kind: type.rawValue, known: known)
                    continue
                }
                for index in indices { patchesByModel[index].append((patch, patchPath)) }
            }
            for patch in patches.seeds {
                SeedConfigCheck.checkEntry(config: patch.entry["config"], in: properties.file, diagnostics: diagnostics)
                let candidates = Self.patchNames(patch.name, file: properties.file.path, layout: project.layout)
                guard let index = candidates.compactMap({ seedIndex["\(properties.packageName)|\($0)"] }).first else {
                    warnUnmatched(patch, kind: "seed", known: project.seeds.filter { $0.packageName == properties.packageName }.map(\.name))
                    continue
                }
                apply(patch, to: &project.seeds[index].config)
                if let description = patch.description { project.seeds[index].description = description }
                if !patch.columns.isEmpty { project.seeds[index].columns = mergeColumns(project.seeds[index].columns, patch.columns) }
            }
        }
        ParallelMap.update(&project.models) { [patchesByModel] index, model in
            for (patch, patchPath) in patchesByModel[index] {
                model.update { model in
                    apply(patch, to: &model.config)
                    if let description = patch.description { model.description = description }
                    if !patch.columns.isEmpty { model.columns = mergeColumns(model.columns, patch.columns) }
                    model.patchPath = patchPath
                }
            }
        }
        // Tens of thousands of entries, each a tree of YAML nodes: freed beside the next phase.
        releaseInBackground((consume patchesByFile, consume patchesByModel))
    }

    /// A model or snapshot as properties files name it.
    private struct ModelKey: Hashable {
        let type: ResourceType
        let package: String
        let name: String
    }

    /// In the plain layout an entry named `deals` inside `models/core/` means `core.deals`.
    /// The node names a properties-file entry may mean: in the plain layout `policies` in
    /// `models/core/schema.yml` is `core.policies` (or, failing that, a node literally named `policies`).
    static func patchNames(_ name: String, file: String, layout: ProjectLayout) -> [String] {
        guard layout == .plain, !name.contains(".") else { return [name] }
        let components = PathText.components(file)
        guard components.count >= 3 else { return [name] }
        return ["\(Self.schemaName(forFolder: components[1])).\(name)", name]
    }

    private func apply(_ patch: NodePatch, to config: inout NodeConfig) {
        // Properties sit between folder configuration and the file's own config(), so keep file-level keys.
        config.merge(patch.config)
    }

    private func mergeColumns(_ existing: [ColumnInfo], _ patch: [ColumnInfo]) -> [ColumnInfo] {
        // Most nodes document their columns in one entry only: the entry's list is the result, shared, not rebuilt
        // column by column.
        if existing.isEmpty, Self.namesAreDistinct(patch) { return patch }
        var result = existing
        for column in patch {
            if let index = result.firstIndex(where: { $0.name == column.name }) {
                if !column.description.isEmpty { result[index].description = column.description }
                result[index].dataType = column.dataType ?? result[index].dataType
                result[index].meta.merge(column.meta) { _, new in new }
                result[index].tags += column.tags
            } else {
                result.append(column)
            }
        }
        return result
    }

    private static func namesAreDistinct(_ columns: [ColumnInfo]) -> Bool {
        columns.withUnsafeBufferPointer { columns in
            for later in columns.indices {
                for earlier in 0..<later where columns[earlier].name == columns[later].name { return false }
            }
            return true
        }
    }

    private func warnUnmatched(_ patch: NodePatch, kind: String, known: [String]) {
        let help = EditDistance.suggestion(for: patch.name, among: known).map { "did you mean '\($0)'?" }
        diagnostics.emit(
            Diagnostic(
                .warning, code: "P1030", message: "properties for \(kind) '\(patch.name)' match no \(kind) in the project",
                primary: Label(file: patch.file.file, span: patch.nameNode.span), help: help))
    }
}
