import StrataDiagnostics

/// Replaces relation names in SQL text, for example to map `core.deals` onto a SQLite table named `"core.deals"`.
public enum RelationRewriter {
    /// Rewrites every relation reference (reads and targets, inside CTE bodies and subqueries too; never names
    /// that resolve to a CTE) for which `transform` returns a rewrite. Columns qualified by a rewritten relation's
    /// full name (`core.deals.amount`) are requalified by its alias or new name.
    ///
    /// ```swift
    /// let result = RelationRewriter.rewrite("select * from raw.members", dialect: .sqlite) {
    ///     RelationRewrite.flattenedSchema($0, dialect: .sqlite)
    /// }
    /// result.text  // select * from "raw.members" AS "members"
    /// ```
    /// - Parameters:
    ///   - sql: the SQL text.
    ///   - dialect: the rules to lex and resolve names by.
    ///   - path: the path diagnostics name.
    ///   - transform: the new text for a reference, or nil to keep it.
    /// - Returns: the new text, the edits made and the diagnostics of the original.
    public static func rewrite(
        _ sql: String, dialect: Dialect, path: String = "<sql>", _ transform: (RelationReference) -> RelationRewrite?
    ) -> RewriteResult {
        let scan = RelationReferences.scan(sql, dialect: dialect)
        var planner = EditPlanner(sql: sql, dialect: dialect)
        planner.plan(scan, transform)
        let (text, edits) = planner.apply()
        let file = SourceFile(path: path, text: sql)
        return RewriteResult(text: text, edits: edits, diagnostics: scan.issues.map { $0.diagnostic(in: file) })
    }
}

/// Decides the edits of one rewrite and applies them.
private struct EditPlanner {
    struct Planned {
        var span: SourceSpan
        var text: String
    }

    /// How a rewritten relation is named after the rewrite, for requalifying columns.
    struct Renamed {
        var key: [String]
        var visibleName: String
    }

    let sql: String
    let bytes: [UInt8]
    let dialect: Dialect
    var planned: [Planned] = []
    var renamed: [Renamed] = []

    init(sql: String, dialect: Dialect) {
        self.sql = sql
        self.bytes = Array(sql.utf8)
        self.dialect = dialect
    }

    mutating func plan(_ scan: ScanOutput, _ transform: (RelationReference) -> RelationRewrite?) {
        for (index, reference) in scan.references.enumerated() {
            guard let rewrite = transform(reference) else { continue }
            planned.append(Planned(span: reference.span, text: rewrite.replacement))
            var visible = rewrite.replacement
            if let alias = reference.alias {
                visible = slice(alias.span)
            } else if rewrite.addsAliasWhenMissing && scan.referenceLists[index] != ScanOutput.notInFromList
                && isUniqueName(index, in: scan)
            {
                let alias = dialect.quote(reference.name.normalized(for: dialect))
                planned.append(Planned(span: .point(reference.span.end), text: " AS \(alias)"))
                visible = slice(reference.name.span)
            }
            renamed.append(Renamed(key: key(reference.parts), visibleName: visible))
        }
        for target in scan.targets {
            guard let rewrite = transform(target) else { continue }
            planned.append(Planned(span: target.span, text: rewrite.replacement))
            renamed.append(Renamed(key: key(target.parts), visibleName: rewrite.replacement))
        }
        for path in scan.columnPaths {
            let pathKey = key(path.qualifier)
            if let match = renamed.first(where: { $0.key == pathKey }) {
                planned.append(Planned(span: path.qualifierSpan, text: match.visibleName))
            }
        }
    }

    /// Whether no other relation of the same from list is exposed under this reference's name.
    private func isUniqueName(_ index: Int, in scan: ScanOutput) -> Bool {
        let list = scan.referenceLists[index]
        let name = scan.references[index].name.normalized(for: dialect)
        for (other, reference) in scan.references.enumerated()
        where other != index && scan.referenceLists[other] == list {
            if reference.exposedName.normalized(for: dialect) == name { return false }
        }
        return true
    }

    private func key(_ parts: [Identifier]) -> [String] { parts.map { $0.normalized(for: dialect) } }

    private func slice(_ span: SourceSpan) -> String { String(decoding: bytes[span.start..<span.end], as: UTF8.self) }

    func apply() -> (String, [RewriteResult.Edit]) {
        let ordered = planned.sorted { ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + ordered.count * 16)
        var edits: [RewriteResult.Edit] = []
        var copied = 0
        for edit in ordered where edit.span.start >= copied {
            output.append(contentsOf: bytes[copied..<edit.span.start])
            let start = output.count
            output.append(contentsOf: edit.text.utf8)
            edits.append(
                .init(original: edit.span, rewritten: SourceSpan(start: start, end: output.count), text: edit.text))
            copied = edit.span.end
        }
        output.append(contentsOf: bytes[copied...])
        return (String(decoding: output, as: UTF8.self), edits)
    }
}
