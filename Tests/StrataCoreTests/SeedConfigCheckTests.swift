import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Testing

/// `quote_columns` and `delimiter` of seeds are checked where they are written, as dbt checks them while parsing
/// ("'yes' is not valid under any of the given schemas").
@Suite struct SeedConfigCheckTests {
    func load(project: String, properties: String = "seeds: []\n") -> (Project?, [Diagnostic]) {
        let files = InMemoryFileSystem([
            "/d/dbt_project.yml": project,
            "/d/seeds/raw/orders.csv": "Order ID,CamelCase\n1,2\n",
            "/d/seeds/props.yml": properties,
        ])
        let diagnostics = DiagnosticCollector()
        let loaded = ProjectLoader(fileSystem: files, diagnostics: diagnostics).load(directory: "/d")
        return (loaded, diagnostics.diagnostics.filter { $0.code == "P1041" })
    }

    @Test func booleansAndOneCharacterDelimitersAreAccepted() throws {
        let (project, errors) = load(
            project: """
                name: shop
                seeds:
                  shop:
                    +quote_columns: false
                    raw:
                      orders:
                        +delimiter: "\\t"
                """,
            properties: "seeds:\n  - name: orders\n    config:\n      quote_columns: yes\n")
        #expect(errors.isEmpty)
        let seed = try #require(project?.seeds.first)
        #expect(seed.config["quote_columns"] == .bool(true))
        #expect(seed.config["delimiter"] == .string("\t"))
    }

    @Test func quotedWordInTheProjectFileIsAnErrorAtTheValue() {
        let (_, errors) = load(
            project: """
                name: shop
                seeds:
                  shop:
                    raw:
                      +quote_columns: "yes"
                """)
        #expect(
            DiagnosticRenderer().render(errors) == """
                dbt_project.yml:5:23: error: 'quote_columns' must be true or false, not the string 'yes' [P1041]
                   |
                 5 |       +quote_columns: "yes"
                   |                       ^
                   = help: write quote_columns: true to keep the header's names as written, false to let the database fold them

                """)
    }

    @Test func numberInAPropertiesFileIsAnErrorAtTheValue() {
        let (_, errors) = load(
            project: "name: shop\n",
            properties: """
                seeds:
                  - name: orders
                    config:
                      quote_columns: 1
                      delimiter: ";;"
                """)
        #expect(
            errors.map(\.message) == [
                "'quote_columns' must be true or false, not '1'",
                "'delimiter' must be a single character, not the string ';;'",
            ])
        #expect(
            errors.map { $0.primary?.location } == [
                SourceLocation(line: 4, column: 22), SourceLocation(line: 5, column: 18),
            ])
        #expect(errors.allSatisfy { $0.primary?.file.path == "seeds/props.yml" })
    }

    @Test func multiByteDelimiterIsRefusedWithTheReason() {
        let (_, errors) = load(project: "name: shop\nseeds:\n  +delimiter: \"§\"\n")
        #expect(errors.map(\.message) == ["'delimiter' must be a single ASCII character, not the string '§'"])
        #expect(errors.first?.primary?.location == SourceLocation(line: 3, column: 15))
    }
}
