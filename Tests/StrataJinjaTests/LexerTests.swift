import StrataDiagnostics
import Testing

@testable import StrataJinja

@Suite struct LexerTests {
    /// Token streams of `Fixtures/lexer/*.jinja`, as kind, byte range and text.
    @Test(arguments: Golden.files(in: "lexer"))
    func tokensMatchSnapshot(_ name: String) throws {
        let source = try Golden.read("lexer", name)
        let bytes = Array(source.utf8)
        let tokens = try Lexer.tokenize(SourceFile(path: name, text: source), bytes: bytes, options: ParseOptions())
        Golden.assertMatches(ASTDump.tokens(tokens, bytes: bytes), kind: "lexer", name: name)
    }

    private func kinds(_ source: String, _ options: ParseOptions = ParseOptions()) throws -> [TokenKind] {
        try Lexer.tokenize(SourceFile(path: "t", text: source), bytes: Array(source.utf8), options: options).map(\.kind)
    }

    @Test func closingDelimiterInsideBracketsIsAnOperator() throws {
        #expect(
            try kinds("{{ {'a': {'b': 1}} }}") == [
                .variableBegin, .lbrace, .string, .colon, .lbrace, .string, .colon, .integer, .rbrace, .rbrace,
                .variableEnd, .eof,
            ])
    }

    @Test func minusBeforeCloserIsWhitespaceControl() throws {
        #expect(try kinds("{{ 5 -}}") == [.variableBegin, .integer, .variableEnd, .eof])
        #expect(try kinds("{{ 5 - 1 }}") == [.variableBegin, .integer, .sub, .integer, .variableEnd, .eof])
    }

    @Test func numberAfterDotIsAnInteger() throws {
        #expect(
            try kinds("{{ row.0.1 }}") == [.variableBegin, .name, .dot, .integer, .dot, .integer, .variableEnd, .eof])
        #expect(try kinds("{{ 1.5 }}") == [.variableBegin, .float, .variableEnd, .eof])
    }

    @Test func droppedTrailingNewlineHonoursCRLF() {
        #expect(Lexer.endWithoutTrailingNewline(Array("ab\r\n".utf8)) == 2)
        #expect(Lexer.endWithoutTrailingNewline(Array("ab\n\n".utf8)) == 3)
        #expect(Lexer.endWithoutTrailingNewline(Array("ab".utf8)) == 2)
    }

    @Test func trimBlocksRemovesCRLFAfterBlockTag() throws {
        let source = "{% if true %}\r\nx{% endif %}"
        let template = try Template.parse(SourceFile(path: "t", text: source), options: ParseOptions(trimBlocks: true))
        #expect(try Environment().render(template).text == "x")
    }

    @Test func unexpectedCharacterIsReportedAtItsSpan() {
        let error = #expect(throws: Diagnostic.self) { try kinds("{{ a ? b }}") }
        #expect(error?.code == .jinjaSyntax)
        #expect(error?.message == "unexpected character '?'")
        #expect(error?.primary?.span == SourceSpan(start: 5, end: 6))
    }
}
