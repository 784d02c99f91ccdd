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
