import StrataDiagnostics

/// A script model's parents: its header's `depends_on` when it has one; otherwise what the code mentions —
/// `ref("name")` calls and `schema.table` names of the project's relations. Only names that resolve count, so a
/// mention like `os.environ` adds nothing.
enum ScriptDependencies {
    static func analyse(_ unit: ModelUnit, index: RelationIndex, rootPackage: String) -> ModelUnit {
        var unit = unit
        let file = unit.model.file
        let ownSchema = unit.relation.schema
        var found: [RecordedDependency] = []
        func add(_ reference: ResolvedReference?, _ span: SourceSpan) {
            guard let reference, reference.nodeID != unit.id, !found.contains(where: { $0.nodeID == reference.nodeID })
            else { return }
            found.append(RecordedDependency(nodeID: reference.nodeID, file: file, span: span))
        }
        func resolve(_ name: String) -> ResolvedReference? {
            let parts = name.split(separator: ".").map(String.init)
            if parts.count == 2, let table = index.table(schema: parts[0], name: parts[1], defaultSchema: ownSchema) {
                return table
            }
            if parts.count == 2, let source = index.source(parts[0], parts[1]) { return source }
            if parts.count == 1 {
                return index.ref(parts[0], package: nil, callingPackage: unit.model.packageName, rootPackage: rootPackage)
                    ?? index.table(schema: nil, name: parts[0], defaultSchema: ownSchema)
            }
            return nil
        }
        if !unit.model.declaredDependencies.isEmpty {
            for declared in unit.model.declaredDependencies {
                guard let reference = resolve(declared.name) else {
                    unit.diagnostics.append(
                        .error(
                            "P1121", "unknown relation '\(declared.name)' in depends_on", in: file, at: declared.span,
                            label: "no model, seed or source has this name",
                            help: "name it as schema.name (or a dbt model name); dbt sources as source_name.table_name"))
                    continue
                }
                add(reference, declared.span)
            }
        } else {
            let text = file.text
            for match in text.matches(of: /ref\(\s*["']([A-Za-z0-9_.]+)["']\s*\)/) {
                add(resolve(String(match.1)), span(of: match.range, in: text))
            }
            for match in text.matches(of: /\b([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\b/) {
                add(index.table(schema: String(match.1), name: String(match.2), defaultSchema: ownSchema), span(of: match.range, in: text))
            }
        }
        unit.dependencies = found
        return unit
    }

    private static func span(of range: Range<String.Index>, in text: String) -> SourceSpan {
        SourceSpan(
            start: text.utf8.distance(from: text.startIndex, to: range.lowerBound),
            end: text.utf8.distance(from: text.startIndex, to: range.upperBound))
    }
}
