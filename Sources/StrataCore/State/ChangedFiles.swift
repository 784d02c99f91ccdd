import StrataDiagnostics

extension CompiledProject {
    /// The nodes a set of changed files affects, plus all their descendants (what `--since <git-ref>` selects).
    ///
    /// A node is affected when its own file changed (model SQL, seed CSV, singular test, the properties file
    /// declaring a source or a generic test), when a properties file documenting it changed, or when a macro
    /// file defining a macro it calls changed. Changes to `strata.yml` or `dbt_project.yml` alone affect nothing.
    /// - Parameter paths: changed files relative to the project root (`models/core/deals.sql`).
    /// - Returns: the affected node ids and their descendants.
    public func nodesAffected(byChangedFiles paths: Set<String>) -> Set<String> {
        let paths = Set(paths.map(PathText.normalize))
        var changed = Set<String>()
        for node in nodes.values {
            if let file = node.file?.path, paths.contains(file) { changed.insert(node.id) }
            if !node.graphNode.path.isEmpty, paths.contains(node.graphNode.path), node.graphNode.packageName == project.name {
                changed.insert(node.id)
            }
        }
        changed.formUnion(nodesDocumented(inChangedFiles: paths))
        let changedMacros = Set(
            project.macroFiles.filter { paths.contains($0.file.path) }.flatMap { file in
                macros.filter { $0.packageName == file.packageName && $0.path == file.path }.map(\.uniqueID)
            })
        if !changedMacros.isEmpty {
            for node in nodes.values where node.macros.contains(where: changedMacros.contains) { changed.insert(node.id) }
        }
        return changed.union(graph.descendants(of: changed))
    }

    /// Models, seeds and snapshots named by `models:`/`seeds:`/`snapshots:` entries of changed properties files.
    private func nodesDocumented(inChangedFiles paths: Set<String>) -> Set<String> {
        var byName: [String: String] = [:]
        for node in nodes.values where [.model, .seed, .snapshot].contains(node.graphNode.resourceType) {
            byName["\(node.graphNode.packageName)|\(node.graphNode.name)"] = node.id
        }
        var documented = Set<String>()
        for properties in project.propertyFiles where paths.contains(properties.file.path) {
            let patches = ["models", "seeds", "snapshots"].flatMap { properties.patches(for: $0) }
            for patch in patches {
                let names = ProjectLoader.patchNames(patch.name, file: properties.file.path, layout: project.layout)
                if let id = names.lazy.compactMap({ byName["\(properties.packageName)|\($0)"] }).first { documented.insert(id) }
            }
        }
        return documented
    }
}
