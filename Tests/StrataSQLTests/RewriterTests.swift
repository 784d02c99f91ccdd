import StrataDiagnostics
import StrataSQL
import Testing

/// `RelationRewriter`: golden fixtures mapping schemas onto one SQLite file, plus the offset map.
@Suite struct RewriterTests {
    @Test(arguments: FixtureFile.names(in: "rewrite"))
    func flattensSchemas(file name: String) throws {
        let dialect = FixtureDialect.for(name)
        try FixtureFile(folder: "rewrite", name: name).check { fixture in
            RelationRewriter.rewrite(fixture.sql, dialect: dialect) {
                RelationRewrite.flattenedSchema($0, dialect: dialect)
            }.text
        }
    }

    @Test func offsetsInTheRewrittenTextMapBackToTheOriginal() {
        let sql = "select d.x from core.deals d join raw.members on bogus"
        let result = RelationRewriter.rewrite(sql, dialect: .sqlite) {
            RelationRewrite.flattenedSchema($0, dialect: .sqlite)
        }
        #expect(result.text == #"select d.x from "core.deals" d join "raw.members" AS "members" on bogus"#)
        let bogus = result.text.utf8.count - "bogus".utf8.count
        #expect(result.originalOffset(of: bogus) == sql.utf8.count - "bogus".utf8.count)
        #expect(result.originalOffset(of: 3) == 3)
        let insideName = result.text.utf8.count - #"members" AS "members" on bogus"#.utf8.count
        #expect(result.originalOffset(of: insideName) == 34)
        #expect(result.edits.count == 3)
        let file = SourceFile(path: "m.sql", text: sql)
        let origin = result.sourceMap(for: file).origin(of: SourceSpan(start: bogus, end: bogus + 5))
        #expect(origin?.span == SourceSpan(start: sql.utf8.count - 5, end: sql.utf8.count))
    }

    @Test func transformSeesReadsAndTargetsButNotCTEs() {
        var seen: [String] = []
        _ = RelationRewriter.rewrite("with c as (select 1) insert into s.t select * from c, s.u", dialect: .postgres) {
            seen.append("\($0.kind) \($0)")
            return nil
        }
        #expect(seen == ["from s.u", "target s.t"])
    }
}
