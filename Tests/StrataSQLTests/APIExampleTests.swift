import StrataDiagnostics
import StrataSQL
import Testing

/// The usage examples of the public API's documentation, run as tests so they stay true.
@Suite struct APIExampleTests {
    @Test func extractReferences() {
        let analysis = RelationReferences.extract(
            from: "with x as (select * from raw.a) select * from x", dialect: .postgres)
        #expect(analysis.references.map(\.description) == ["raw.a"])
        #expect(analysis.references[0].kind == .commonTableExpression)
        #expect(analysis.cteNames.map(\.text) == ["x"])
        #expect(analysis.isSingleQuery && analysis.diagnostics.isEmpty)
    }

    @Test func doubledQuotesInNamesStandForOne() {
        let postgres = RelationReferences.extract(
            from: #"select * from "Sch""ema"."t""""x" join "é""" on true join plain on true"#, dialect: .postgres)
        #expect(postgres.references.map(\.name.text) == [#"t""x"#, #"é""#, "plain"])
        #expect(postgres.references.map(\.description) == [#""Sch""ema"."t""""x""#, #""é""""#, "plain"])
        let sqlite = RelationReferences.extract(from: "select * from `a``b` join [c``d] on 1", dialect: .sqlite)
        #expect(sqlite.references.map(\.name.text) == ["a`b", "c``d"])
    }

    @Test func rewriteForSQLiteSchemaMapping() {
        let sql = "select d.x from core.deals d join raw.members on members.id = d.member_id"
        let result = RelationRewriter.rewrite(sql, dialect: .sqlite) {
            RelationRewrite.flattenedSchema($0, dialect: .sqlite)
        }
        #expect(
            result.text
                == #"select d.x from "core.deals" d join "raw.members" AS "members" on members.id = d.member_id"#)
        let custom = RelationRewriter.rewrite("select * from deals", dialect: .sqlite) { reference in
            RelationRewrite(
                replacement: Dialect.sqlite.quote("main." + reference.name.text), addsAliasWhenMissing: true)
        }
        #expect(custom.text == #"select * from "main.deals" AS "deals""#)
    }

    @Test func splitStatements() {
        let script = "create table t (a int); insert into t values (';');"
        let spans = StatementSplitter.split(script, dialect: .postgres)
        #expect(spans == [SourceSpan(start: 0, end: 22), SourceSpan(start: 24, end: 50)])
    }

    @Test func parseAQuery() throws {
        let (statements, diagnostics) = Parser.parse("select a, count(*) from t group by a", dialect: .postgres)
        #expect(diagnostics.isEmpty)
        guard case .select(let select) = try #require(statements.first?.query).body else {
            Issue.record("expected a select")
            return
        }
        #expect(select.items.count == 2)
        guard case .table(let name, _) = select.from[0].kind else { return }
        #expect(name.description == "t")
        #expect(select.groupBy.count == 1)
    }

    @Test func diagnosticsRenderWithTheirFile() {
        let file = SourceFile(path: "models/a.sql", text: "select * from")
        let analysis = RelationReferences.extract(from: file, dialect: .postgres)
        #expect(
            DiagnosticRenderer().render(analysis.diagnostics).hasPrefix(
                "models/a.sql:1:10: error: expected a relation after 'from' [S2004]"))
    }
}
