import Foundation
import StrataDiagnostics
import StrataSQL
import Testing

/// Parser coverage: `Fixtures/identity.sql` must parse with no diagnostic, and key shapes come out right.
@Suite struct ParserTests {
    @Test func identityStatementsParseWithoutDiagnostics() throws {
        let url = FixtureFile.directory.appending(path: "identity.sql")
        let sql = try String(contentsOf: url, encoding: .utf8)
        let file = SourceFile(path: "Fixtures/identity.sql", text: sql)
        let (statements, diagnostics) = Parser.parse(file, dialect: .postgres)
        #expect(statements.count > 90)
        #expect(diagnostics.isEmpty, "\(DiagnosticRenderer().render(diagnostics))")
        for statement in statements {
            if case .opaque(let node) = statement.kind { Issue.record("opaque: \(node.reason)") }
        }
    }
}

/// Golden tree dumps of `Fixtures/parser/*.sql`.
@Suite struct ParserFixtureTests {
    @Test(arguments: FixtureFile.names(in: "parser"))
    func trees(file name: String) throws {
        let dialect = FixtureDialect.for(name)
        try FixtureFile(folder: "parser", name: name).check { fixture in
            let (statements, diagnostics) = Parser.parse(fixture.sql, dialect: dialect, path: "model.sql")
            let rendered = DiagnosticRenderer().render(diagnostics)
            return ASTDump.render(statements) + (rendered.isEmpty ? "" : "\n" + rendered)
        }
    }
}
