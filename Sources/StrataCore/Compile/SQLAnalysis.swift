import StrataDiagnostics
import StrataSQL

/// Reads each model's compiled SQL: syntax errors become diagnostics at the template location; in the plain
/// layout, the relations it reads become its dependencies and are rewritten so the SQL runs anywhere (unqualified
/// names qualified with their schema, ephemeral models replaced by the CTE that inlines them).
enum SQLAnalysis {
    static let syntaxError: DiagnosticCode = "S2001"

    static func analyse(
        _ unit: consuming ModelUnit, layout: ProjectLayout, index: RelationIndex, dialectName: String
    ) -> ModelUnit {
        guard let sql = unit.compiledSQL, let map = unit.sourceMap else { return unit }
        let dialect: Dialect = dialectName == "sqlite" ? .sqlite : .postgres
        let compiledFile = SourceFile(path: "target/compiled/\(unit.model.packageName)/\(unit.model.path)", text: sql)
        if layout == .dbt {
            let analysis = RelationReferences.extract(from: compiledFile, dialect: dialect)
            unit.diagnostics += analysis.diagnostics.filter { $0.severity == .error }.map { mapped($0, map: map, compiled: compiledFile) }
            unit.compiledSQL = trimmedStatement(sql)
            return unit
        }
        var dependencies: [RecordedDependency] = []
        var external: [String] = []
        var externalSites: [ExternalReference] = []
        let ownSchema = unit.relation.schema
        let result = RelationRewriter.rewrite(sql, dialect: dialect, path: compiledFile.path) { reference in
            let parts = reference.parts.map { $0.isQuoted ? $0.text : $0.text.lowercased() }
            let schema = parts.count >= 2 ? parts[parts.count - 2] : nil
            let origin = map.origin(of: reference.span)
            let found = index.table(schema: schema, name: parts[parts.count - 1], defaultSchema: ownSchema)
            guard let resolved = found, resolved.nodeID != unit.id else {
                external.append(parts.joined(separator: "."))
                if found == nil {
                    externalSites.append(
                        ExternalReference(parts: parts, file: origin?.file ?? unit.model.file, span: origin?.span ?? reference.span))
                }
                return nil
            }
            dependencies.append(
                RecordedDependency(nodeID: resolved.nodeID, file: origin?.file ?? unit.model.file, span: origin?.span ?? reference.span))
            if let cteName = resolved.cteName {
                return RelationRewrite(replacement: cteName, addsAliasWhenMissing: true)
            }
            guard schema == nil else { return nil }
            return RelationRewrite(replacement: resolved.relation.quoted)
        }
        unit.diagnostics += result.diagnostics.filter { $0.severity == .error }.map { mapped($0, map: map, compiled: compiledFile) }
        unit.dependencies += dependencies
        unit.externalReferences = Array(Set(external)).sorted()
        unit.externalReferenceSites = externalSites
        let edits = result.edits.map { TextEdit(range: $0.original, replacementLength: $0.rewritten.length) }
        unit.sourceMap = map.applying(edits)
        unit.compiledSQL = trimmedStatement(result.text)
        return unit
    }

    /// A diagnostic about compiled SQL, moved to the template text that produced it.
    static func mapped(_ diagnostic: Diagnostic, map: SourceMap, compiled: SourceFile) -> Diagnostic {
        guard let primary = diagnostic.primary, primary.file == compiled || primary.file.path == compiled.path else { return diagnostic }
        var result = diagnostic
        if let origin = map.origin(of: primary.span) {
            result.primary = Label(file: origin.file, span: origin.span, text: primary.text)
            if origin.file.text != compiled.text {
                result.notes.append("compiled SQL: \(compiled.path):\(compiled.location(of: primary.span.start))")
            }
        }
        result.secondary = diagnostic.secondary.compactMap { label in
            guard let origin = map.origin(of: label.span) else { return nil }
            return Label(file: origin.file, span: origin.span, text: label.text)
        }
        return result
    }

    /// Drops trailing semicolons and whitespace so the SQL can be wrapped in DDL or a CTE.
    static func trimmedStatement(_ sql: String) -> String {
        var end = sql.endIndex
        while end > sql.startIndex {
            let previous = sql.index(before: end)
            let character = sql[previous]
            guard character == ";" || character.isWhitespace else { break }
            end = previous
        }
        return String(sql[..<end])
    }
}
