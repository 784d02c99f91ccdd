import StrataDiagnostics
import StrataSQL
import Testing

/// Golden tests of fully rendered diagnostics over `Fixtures/errors/*.sql`: first what reference extraction
/// reports, then what the parser reports when that differs.
@Suite struct ErrorFixtureTests {
    @Test(arguments: FixtureFile.names(in: "errors"))
    func diagnostics(file name: String) throws {
        let dialect = FixtureDialect.for(name)
        try FixtureFile(folder: "errors", name: name).check { fixture in
            let file = SourceFile(path: "model.sql", text: fixture.sql)
            let renderer = DiagnosticRenderer()
            let extracted = renderer.render(RelationReferences.extract(from: file, dialect: dialect).diagnostics)
            let parsed = renderer.render(Parser.parse(file, dialect: dialect).diagnostics)
            let text = extracted.isEmpty ? "(no diagnostics)" : extracted
            return parsed == extracted
                ? text : text + "\n--- parser ---\n" + (parsed.isEmpty ? "(no diagnostics)" : parsed)
        }
    }
}
