import StrataCore
import StrataDiagnostics
import Testing

@Suite struct SeedParserTests {
    @Test func infersTypesInDbtOrder() throws {
        let csv = #"""
            id,amount,joined,updated,active,name,empty,code
            1,10.5,2024-01-02,2024-01-02 10:00:00,true,"Müller, Zoë",,007
            2,3,2024-02-29,2024-03-01T09:30:00Z,false,"say ""hi""",,010
            """#
        let table = try SeedParser.parse(bytes: Array(csv.utf8), path: "seeds/x.csv")
        #expect(table.columns.map(\.inferred) == [.integer, .number, .date, .timestamp, .boolean, .text, .integer, .integer])
        #expect(table.rows[0][5] == "Müller, Zoë")
        #expect(table.rows[1][5] == "say \"hi\"")
        #expect(table.rows[0][6] == nil)
    }

    @Test func nullWordIsNullInEveryColumn() throws {
        let table = try SeedParser.parse(bytes: Array("a,b,n\nnull,x,1\nfoo,null,NULL\n".utf8), path: "s.csv")
        #expect(table.columns.map(\.inferred) == [.text, .text, .integer])
        #expect(table.rows[0][0] == nil)
        #expect(table.rows[1][1] == nil)
        #expect(table.rows[1][2] == nil)
    }

    @Test func raggedRowPointsAtTheLine() {
        #expect(throws: Diagnostic.self) { try SeedParser.parse(bytes: Array("a,b\n1,2\n3\n".utf8), path: "s.csv") }
        do {
            _ = try SeedParser.parse(bytes: Array("a,b\n1,2\n3\n".utf8), path: "s.csv")
        } catch {
            #expect(error.primary?.location == SourceLocation(line: 3, column: 1))
        }
    }

    @Test func overridesAndDelimiterAreHonoured() throws {
        let table = try SeedParser.parse(bytes: Array("a;b\n1;2\n".utf8), path: "s.csv", delimiter: UInt8(ascii: ";"), columnTypes: ["a": "varchar(10)"])
        #expect(table.columns[0].override == "varchar(10)")
        #expect(table.columns[1].name == "b")
    }
}

@Suite struct SupportTests {
    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func configMergeFollowsDbtPrecedence() {
        var config = NodeConfig(["materialized": .string("view"), "tags": .list([.string("a")]), "meta": .dict(["x": .int(1)])])
        config.merge(["+materialized": .string("table"), "tags": .string("b"), "meta": .dict(["y": .int(2)]), "pre_hook": .string("select 1")])
        #expect(config.materialized == "table")
        #expect(config.tags == ["a", "b"])
        #expect(config.meta == ["x": .int(1), "y": .int(2)])
        #expect(config.preHooks == ["select 1"])
    }
}
