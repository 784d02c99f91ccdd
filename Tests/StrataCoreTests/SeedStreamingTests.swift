import StrataCore
import StrataDiagnostics
import Testing

/// The CSV splitting shared by `CSVReader` and the seed cursor, and the cursor's view of a parsed seed.
@Suite struct SeedStreamingTests {
    @Test(arguments: [
        ("a,b\n1,2\n", [["a", "b"], ["1", "2"]]),
        ("a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),
        ("\u{FEFF}a\n1", [["a"], ["1"]]),
        ("a\n\n\r\n1\n\n", [["a"], ["1"]]),
        ("\"x,y\",\"say \"\"hi\"\"\"\n", [["x,y", "say \"hi\""]]),
        ("\"two\nlines\",z\n", [["two\nlines", "z"]]),
        ("\"ab\"cd,ab\"cd\n", [["abcd", "ab\"cd"]]),
        ("\"\"\"\",\"\"\n", [["\"", ""]]),
        ("a\rb,\"c\rd\"\n", [["ab", "c\rd"]]),
        ("a,,\n", [["a", "", ""]]),
        ("\"open,end", [["open,end"]]),
    ])
    func readerSplitsLikeRFC4180(csv: String, expected: [[String]]) {
        #expect(Array(CSVReader(text: csv)) == expected)
    }

    @Test func readerCountsLinesInsideQuotes() {
        var iterator = CSVReader(text: "h\n\"a\nb\"\n\nc\n").makeIterator()
        _ = iterator.next()
        _ = iterator.next()
        #expect(iterator.line == 2)
        _ = iterator.next()
        #expect(iterator.line == 5)
    }

    @Test func cursorLendsFieldsOfAParsedFile() throws {
        let csv = "id,name,flag\n1,\"a, \"\"b\"\"\",TRUE\n2,,null\n3,NULL,False\r\n4,\"x\ry\",true"
        let table = try SeedParser.parse(bytes: Array(csv.utf8), path: "s.csv")
        #expect(table.rowCount == 4)
        #expect(table.columns.map(\.inferred) == [.integer, .text, .boolean])
        var cursor = table.makeCursor()
        var rows: [[String?]] = []
        while cursor.next() { rows.append((0..<3).map { cursor.string(at: $0) }) }
        let expected: [[String?]] = [
            ["1", "a, \"b\"", "TRUE"], ["2", nil, nil], ["3", nil, "False"], ["4", "x\ry", "true"],
        ]
        #expect(rows == expected)
        #expect(table.rows == expected)
    }

    @Test func cursorOverRowsKeepsEmptyStringsApartFromNull() {
        let table = SeedTable(columns: [SeedColumn(name: "a", inferred: .text)], rows: [[""], [nil], ["null"]])
        var cursor = table.makeCursor()
        var seen: [String?] = []
        while cursor.next() { seen.append(cursor.string(at: 0)) }
        #expect(seen == ["", nil, "null"])
        #expect(table.rowCount == 3)
    }

    @Test(arguments: [
        ("1\n-2\n+3", SeedColumnType.integer),
        ("1\n2.5\n1e3", .number),
        ("1.\n.5", .number),
        ("1e\n2", .text),
        ("2024-02-29\n2024-12-31", .date),
        ("2024-13-01", .text),
        ("2024-01-02 03:04:05\n2024-01-02T03:04:05.25+02:00", .timestamp),
        ("2024-01-02 03:04:05.123", .text),
        ("2024-01-02 03:04:05Z", .text),
        ("true\nFALSE\nTrue", .boolean),
        ("true\n1", .text),
        ("\nnull\nNuLL", .integer),
        ("\"1\"\n\"2\"", .integer),
        ("Zoë\n1", .text),
    ])
    func inferenceFollowsDbtOrder(values: String, expected: SeedColumnType) throws {
        let table = try SeedParser.parse(bytes: Array(("v\n" + values + "\n").utf8), path: "s.csv")
        #expect(table.columns[0].inferred == expected)
    }

    @Test func raggedRowAfterAQuotedLineBreakPointsAtItsLine() {
        do {
            _ = try SeedParser.parse(bytes: Array("a,b\n\"x\ny\",2\n3\n".utf8), path: "s.csv")
            Issue.record("expected a diagnostic")
        } catch {
            #expect(error.code == "P1040")
            #expect(error.primary?.location == SourceLocation(line: 4, column: 1))
        }
    }
}
