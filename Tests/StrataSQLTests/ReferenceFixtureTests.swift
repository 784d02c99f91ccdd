import StrataDiagnostics
import StrataSQL
import Testing

/// Golden tests of `RelationReferences.extract` over `Fixtures/refs/*.sql`.
@Suite struct ReferenceFixtureTests {
    @Test(arguments: FixtureFile.names(in: "refs"))
    func references(file name: String) throws {
        let dialect = FixtureDialect.for(name)
        try FixtureFile(folder: "refs", name: name).check { fixture in
            Self.render(RelationReferences.extract(from: fixture.sql, dialect: dialect, path: "model.sql"), fixture.sql)
        }
    }

    /// One line per reference, target, CTE and diagnostic, with 1-based line:column spans.
    static func render(_ analysis: ReferenceAnalysis, _ sql: String) -> String {
        let file = SourceFile(path: "model.sql", text: sql)
        var lines: [String] = []
        for reference in analysis.references + analysis.targets {
            var line =
                "\(reference.kind) \(FixtureText.range(reference.span, in: file)) \(FixtureText.slice(reference.span, of: sql))"
            if reference.parts.contains(where: \.isQuoted) {
                line += " = " + reference.parts.map { "[\($0.text)]" }.joined()
            }
            if let alias = reference.alias { line += " as \(alias.text)" }
            lines.append(line)
        }
        if !analysis.cteNames.isEmpty { lines.append("ctes: " + analysis.cteNames.map(\.text).joined(separator: ", ")) }
        let kinds = analysis.statements.map(\.kind.rawValue).joined(separator: ", ")
        lines.append("statements: \(kinds.isEmpty ? "none" : kinds)")
        for diagnostic in analysis.diagnostics {
            let where_ = diagnostic.primary.map { FixtureText.range($0.span, in: file) } ?? "-"
            lines.append("\(diagnostic.severity) \(diagnostic.code) \(where_) \(diagnostic.message)")
        }
        return lines.joined(separator: "\n")
    }
}

enum FixtureDialect {
    /// Files whose name starts with `sqlite_` use SQLite's rules; all others PostgreSQL's.
    static func `for`(_ name: String) -> Dialect { name.hasPrefix("sqlite_") ? .sqlite : .postgres }
}

enum FixtureText {
    static func range(_ span: SourceSpan, in file: SourceFile) -> String {
        "\(file.location(of: span.start))-\(file.location(of: span.end))"
    }

    static func slice(_ span: SourceSpan, of text: String) -> String {
        let utf8 = Array(text.utf8)
        return String(decoding: utf8[max(0, span.start)..<min(span.end, utf8.count)], as: UTF8.self)
    }
}
