import StrataDiagnostics
import Testing

@testable import StrataJinja

@Suite struct ParserTests {
    static let options = ParseOptions(blockTags: FixtureHost.blockTags)

    /// Syntax trees of `Fixtures/parser/*.jinja` printed as indented S-expressions.
    @Test(arguments: Golden.files(in: "parser"))
    func treeMatchesSnapshot(_ name: String) throws {
        let template = try Template.parse(
            SourceFile(path: name, text: try Golden.read("parser", name)), options: Self.options)
        Golden.assertMatches(ASTDump(file: template.file).nodes(template.nodes), kind: "parser", name: name)
    }

    private func expr(_ source: String) throws -> String {
        let template = try Template.parse(SourceFile(path: "t", text: "{{ \(source) }}"))
        guard case .output(let expr, _) = template.nodes[0] else { return "" }
        return ASTDump.expr(expr)
    }

    @Test func precedenceFollowsJinja2() throws {
        #expect(try expr("1 + 2 * 3 ** 2") == "(+ 1 (* 2 (** 3 2)))")
        #expect(try expr("-x|abs") == "(| (- x) abs)")
        #expect(try expr("a ~ b + c") == "(+ (~ a b) c)")
        #expect(try expr("not a in b") == "(not (compare a in b))")
        #expect(try expr("a if b else c if d") == "(if b a (if d c -))")
        #expect(try expr("x is divisibleby 3 and y") == "(and (is x divisibleby (3)) y)")
        #expect(try expr("a not in b") == "(compare a not in b)")
        #expect(try expr("f(1, *xs, k=2, **kw)") == "(call f (1, k=2, *xs, **kw))")
    }

    @Test func spansCoverTheWholeExpression() throws {
        let template = try Template.parse(SourceFile(path: "t", text: "{{ ref('a') | upper }}"))
        guard case .output(let expr, let tag) = template.nodes[0] else {
            Issue.record("expected output node")
            return
        }
        #expect(expr.span == SourceSpan(start: 3, end: 19))
        #expect(tag == SourceSpan(start: 0, end: 22))
    }

    @Test func plainTextTakesTheFastPath() throws {
        let file = SourceFile(path: "t", text: "select 1 from t where a = '{' and b = '%}'\n")
        let template = try Template.parse(file)
        #expect(template.isPlainText)
        #expect(try Environment().render(template).text == "select 1 from t where a = '{' and b = '%}'")
        let kept = try Template.parse(file, options: ParseOptions(keepTrailingNewline: true))
        #expect(try Environment().render(kept).text == file.text)
    }

    @Test func namedBlocksAreExposedAndRenderNothing() throws {
        let source = """
            {% docs orders %}The **orders** table.{% enddocs %}
            {% materialization table, adapter='sqlite', default %}x{% endmaterialization %}
            {% test unique(model, column_name='id') %}select {{ column_name }} from {{ model }}{% endtest %}
            """
        let template = try Template.parse(SourceFile(path: "m.sql", text: source), options: Self.options)
        #expect(template.namedBlocks.map(\.kind) == ["docs", "materialization", "test"])
        #expect(template.namedBlocks[0].name == "orders")
        #expect(template.namedBlocks[0].bodySource == "The **orders** table.")
        let arguments = template.namedBlocks[1].arguments
        #expect(arguments.map(\.name) == ["adapter", "default"])
        #expect(arguments[0].value?.stringValue == "sqlite")
        #expect(arguments[1].value?.boolValue == true)
        #expect(template.macros.map(\.name) == ["test_unique"])
        #expect(template.macros[0].parameterNames == ["model", "column_name"])
        #expect(template.macros[0].requiredParameterCount == 1)
        #expect(try Environment().render(template).text == "\n\n")
        let docs = try Environment().render(template.namedBlocks[0].body)
        #expect(docs.text == "The **orders** table.")
    }
}
