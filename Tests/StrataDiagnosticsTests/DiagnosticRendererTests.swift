import StrataDiagnostics
import Testing

@Suite struct DiagnosticRendererTests {
    let file = SourceFile(
        path: "models/marts/orders.sql",
        text: "select *\n    from {{ ref('stg_orderz') }}\nwhere é = 1\n")

    @Test func rendersHeadlineExcerptCaretAndHelp() {
        let start = file.text.utf8.count - "where é = 1\n".utf8.count - "'stg_orderz') }}\n".utf8.count
        let diagnostic = Diagnostic.error(
            "G4001", "unknown model 'stg_orderz' in ref()", in: file,
            at: SourceSpan(start: start, end: start + 12), label: "no model with this name",
            help: "did you mean 'stg_orders'?")
        let expected = """
            models/marts/orders.sql:2:17: error: unknown model 'stg_orderz' in ref() [G4001]
               |
             2 |     from {{ ref('stg_orderz') }}
               |                 ^^^^^^^^^^^^ no model with this name
               = help: did you mean 'stg_orders'?

            """
        #expect(DiagnosticRenderer().render(diagnostic) == expected)
    }

    @Test func columnsCountUnicodeScalars() {
        let offset = file.text.utf8.count - " = 1\n".utf8.count
        #expect(file.location(of: offset) == SourceLocation(line: 3, column: 8))
        #expect(file.offset(line: 3, column: 8) == offset)
    }

    @Test func cycleWithoutPrimaryListsEdges() {
        let a = SourceFile(path: "models/a.sql", text: "select * from b")
        let b = SourceFile(path: "models/b.sql", text: "select * from a")
        let diagnostic = Diagnostic(
            code: "G4002", message: "dependency cycle between models",
            secondary: [
                Label(file: a, span: SourceSpan(start: 14, end: 15), text: "a -> b"),
                Label(file: b, span: SourceSpan(start: 14, end: 15), text: "b -> a"),
            ])
        let expected = """
            error: dependency cycle between models [G4002]
              --> models/a.sql:1:15  a -> b
              --> models/b.sql:1:15  b -> a

            """
        #expect(DiagnosticRenderer().render(diagnostic) == expected)
    }

    @Test func longLinesAreCutAroundTheCaret() {
        let long = String(repeating: "x", count: 300) + " bad " + String(repeating: "y", count: 300)
        let source = SourceFile(path: "m.sql", text: long)
        let diagnostic = Diagnostic.error("S2001", "oops", in: source, at: SourceSpan(start: 301, end: 304))
        let rendered = DiagnosticRenderer(maxLineWidth: 40).render(diagnostic)
        let lines = rendered.split(separator: "\n")
        #expect(lines[2].contains("…"))
        let excerpt = String(lines[2].split(separator: "| ", maxSplits: 1)[1])
        let caretLine = String(lines[3].split(separator: "| ", maxSplits: 1)[1])
        let caretOffset = caretLine.firstIndex(of: "^").map { caretLine.distance(from: caretLine.startIndex, to: $0) }!
        let chars = Array(excerpt)
        #expect(String(chars[caretOffset..<(caretOffset + 3)]) == "bad")
    }

    @Test func jsonCarriesLocation() {
        let diagnostic = Diagnostic.error("P1001", "bad yaml", in: file, at: SourceSpan(start: 9, end: 13))
        let json = DiagnosticRenderer().renderJSON(diagnostic)
        #expect(json == #"{"code":"P1001","column":1,"endColumn":5,"endLine":2,"file":"models/marts/orders.sql","line":2,"message":"bad yaml","severity":"error"}"#)
    }
}

@Suite struct SourceMapTests {
    @Test func verbatimAndGeneratedRunsMapBack() {
        let template = SourceFile(path: "t.sql", text: "select {{ x }} from t")
        var map = SourceMap()
        map.appendVerbatim(outputStart: 0, length: 7, file: template, sourceStart: 0)
        map.appendGenerated(outputStart: 7, length: 3, file: template, tag: SourceSpan(start: 7, end: 14))
        map.appendVerbatim(outputStart: 10, length: 7, file: template, sourceStart: 14)
        #expect(map.origin(ofOutputOffset: 2)?.span == .point(2))
        #expect(map.origin(ofOutputOffset: 8)?.span == SourceSpan(start: 7, end: 14))
        #expect(map.origin(of: SourceSpan(start: 16, end: 17))?.span == SourceSpan(start: 20, end: 21))
        #expect(map.origin(ofOutputOffset: 99) == nil)
    }

    @Test func suggestionsFindNearMisses() {
        #expect(EditDistance.suggestion(for: "stg_orderz", among: ["stg_orders", "stg_payments"]) == "stg_orders")
        #expect(EditDistance.suggestion(for: "completely_else", among: ["stg_orders"]) == nil)
    }
}

@Suite struct SourceMapEditTests {
    @Test func editsShiftLaterRunsAndMapReplacementsToTheOriginalText() {
        let file = SourceFile(path: "m.sql", text: "select * from base b join x")
        let map = SourceMap.identity(of: file)
        // "base" (14..<18) becomes "\"claims\".\"base\"" (15 bytes); an insertion of 4 bytes at 0.
        let edited = map.applying([
            TextEdit(range: SourceSpan(start: 14, end: 18), replacementLength: 15),
            .insertion(at: 0, length: 4),
        ])
        #expect(edited.origin(ofOutputOffset: 4)?.span == .point(0))
        #expect(edited.origin(ofOutputOffset: 4 + 14 + 3)?.span == SourceSpan(start: 14, end: 18))
        #expect(edited.origin(ofOutputOffset: 4 + 14 + 15 + 1)?.span == .point(19))
        #expect(edited.origin(ofOutputOffset: 1) == nil)
    }
}
