import Foundation
import StrataDiagnostics
import Testing

@testable import StrataJinja

@Suite struct SourceMapTests {
    /// Renders `source` with a macro library file and returns the output with its map.
    private func render(_ source: String, macros: String? = nil) throws -> (RenderOutput, SourceFile) {
        var environment = Environment()
        if let macros {
            try environment.macros.add(try environment.parse(SourceFile(path: "macros/m.sql", text: macros)))
        }
        let file = SourceFile(path: "models/x.sql", text: source)
        return (try environment.render(try environment.parse(file), globals: ["name": "orders"]), file)
    }

    private func offset(of needle: String, in text: String) -> Int {
        text.utf8.count - text.components(separatedBy: needle).dropFirst().joined(separator: needle).utf8.count
            - needle.utf8.count
    }

    @Test func literalTextMapsByteForByte() throws {
        let (output, file) = try render("select *\nfrom {{ name }}\nwhere x = 1")
        #expect(output.text == "select *\nfrom orders\nwhere x = 1")
        let whereOffset = offset(of: "where", in: output.text)
        let origin = try #require(output.sourceMap.origin(of: SourceSpan(start: whereOffset, end: whereOffset + 5)))
        #expect(origin.file == file)
        #expect(
            origin.span
                == SourceSpan(start: offset(of: "where", in: file.text), end: offset(of: "where", in: file.text) + 5))
        #expect(file.location(of: origin.span.start) == SourceLocation(line: 3, column: 1))
    }

    @Test func expressionOutputMapsToItsTag() throws {
        let (output, file) = try render("select *\nfrom {{ name }}\nwhere x = 1")
        let generated = offset(of: "orders", in: output.text)
        let origin = try #require(output.sourceMap.origin(ofOutputOffset: generated + 3))
        let tagStart = offset(of: "{{", in: file.text)
        #expect(origin.span == SourceSpan(start: tagStart, end: tagStart + "{{ name }}".utf8.count))
    }

    @Test func macroOutputMapsToTheCallingTagInTheRenderedTemplate() throws {
        let macros = "{% macro cents(c) -%}\n  ({{ c }} / 100)\n{%- endmacro %}"
        let (output, file) = try render("select\n  {{ cents('amount') }} as dollars\nfrom t", macros: macros)
        #expect(output.text == "select\n  (amount / 100) as dollars\nfrom t")
        let origin = try #require(output.sourceMap.origin(ofOutputOffset: offset(of: "/ 100", in: output.text)))
        #expect(origin.file == file)
        #expect(file.location(of: origin.span.start) == SourceLocation(line: 2, column: 3))
        #expect(origin.span.length == "{{ cents('amount') }}".utf8.count)
    }

    @Test func loopBodiesMapEachIterationToTheSameSource() throws {
        let (output, file) = try render("{% for c in ['a', 'b'] %}col_{{ c }}, {% endfor %}")
        #expect(output.text == "col_a, col_b, ")
        let first = try #require(output.sourceMap.origin(ofOutputOffset: 0))
        let second = try #require(output.sourceMap.origin(ofOutputOffset: offset(of: "col_b", in: output.text)))
        #expect(first.span.start == second.span.start)
        #expect(first.span.start == offset(of: "col_", in: file.text))
    }

    @Test func blockOutputMapsToTheOpeningTag() throws {
        let (output, file) = try render("x {% filter upper %}abc{% endfilter %} y")
        #expect(output.text == "x ABC y")
        let origin = try #require(output.sourceMap.origin(ofOutputOffset: 3))
        #expect(origin.span == SourceSpan(start: 2, end: 2 + "{% filter upper %}".utf8.count))
        #expect(file.location(of: origin.span.start).column == 3)
    }

    @Test func everyOutputByteIsMapped() throws {
        let source = "{% set n = 3 %}a{% for i in range(n) %}{{ i }}-{% if i %}{{ 'x' }}{% endif %}{% endfor %}b\n"
        let (output, _) = try render(source)
        for offset in 0..<output.text.utf8.count {
            #expect(output.sourceMap.origin(ofOutputOffset: offset) != nil, "offset \(offset) is unmapped")
        }
        let segments = output.sourceMap.segments
        for (previous, next) in zip(segments, segments.dropFirst()) {
            #expect(previous.outputStart + previous.outputLength == next.outputStart)
        }
    }
}
