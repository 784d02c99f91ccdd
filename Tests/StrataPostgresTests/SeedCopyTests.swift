import StrataCore
import StrataTestSupport
import Testing

@testable import StrataPostgres

/// Seeds parsed from CSV bytes stream straight from the file's bytes into COPY.
@Suite struct SeedCopyTests {
    @Test func csvSeedTravelsThroughCopyWithEveryAwkwardCharacter() async throws {
        guard let w = try await ScratchWarehouse.open("csvcopy") else { return }
        let lines = [
            "id,label,flag,day",
            "1,tab\there,true,2024-02-29",
            "2,\"line\nbreak\",FALSE,",
            "3,back\\slash,,2024-01-01",
            "4,\"cr\rinside\",True,null",
            "5,\\N,false,2024-12-31",
            #"6,"Zoë ✓, ""quoted""",NULL,2024-06-01"#,
            "7,,true,2024-06-02",
            "8,null,false,2024-06-03",
        ]
        let csv = lines.joined(separator: "\r\n")
        let table = try SeedParser.parse(bytes: Array(csv.utf8), path: "seeds/awkward.csv")
        #expect(table.columns.map(\.inferred) == [.integer, .text, .boolean, .date])
        let seed = w.relation("awkward_csv")
        let response = try await w.adapter.loadSeed(seed, table: table)
        #expect(response.rowsAffected == 8)
        let result = try await w.adapter.query(
            "select label, flag, day::text from \(seed.quoted) order by id", limit: nil)
        let labels: [String?] = [
            "tab\there", "line\nbreak", "back\\slash", "cr\rinside", "\\N", "Zoë ✓, \"quoted\"", nil, nil,
        ]
        let flags: [QueryValue] = [
            .bool(true), .bool(false), .null, .bool(true), .bool(false), .null, .bool(true), .bool(false),
        ]
        let days: [String?] = [
            "2024-02-29", nil, "2024-01-01", nil, "2024-12-31", "2024-06-01", "2024-06-02", "2024-06-03",
        ]
        #expect(result.rows.map { $0[0].text } == labels)
        #expect(result.rows.map { $0[1] } == flags)
        #expect(result.rows.map { $0[2].text } == days)
        await w.close()
    }

    /// What dbt-postgres 1.11.0 (agate 1.9.1, psycopg2) built from the same file: `information_schema` types and
    /// the values as text.
    @Test func lenientNumbersLoadAsDbtPostgresLoadsThem() async throws {
        guard let w = try await ScratchWarehouse.open("csvnumbers") else { return }
        let csv = """
            id,amount,plain,pct,neg,exp,ws,onezero,big,nf
            1,"$1,234.50","1,000",5%,-€3,1e5,  ,1.0,12345678901234567890123456789012,1.5
            2,$3,"2,000",10%,(5),2E+1, null ,2.0,1,inf
            3, 7 ,7,%1,--5,3,x,3,2,-Infinity

            """
        let seed = w.relation("lenient")
        _ = try await w.adapter.loadSeed(seed, table: try SeedParser.parse(bytes: Array(csv.utf8), path: "seeds/lenient.csv"))
        let types = try await w.adapter.query(
            "select data_type from information_schema.columns where table_schema = '\(w.schema)' and table_name = 'lenient' order by ordinal_position",
            limit: nil)
        #expect(types.rows.map { $0[0].text } == [
            "integer", "double precision", "integer", "integer", "text", "integer", "text", "integer", "double precision",
            "double precision",
        ])
        let rows = try await w.adapter.query(
            "select amount::text, plain, pct, neg, exp, ws, onezero, big::text, nf::text from \(seed.quoted) order by id", limit: nil)
        let expected: [[String?]] = [
            ["1234.5", "1000", "5", "-€3", "100000", nil, "1", "1.2345678901234567e+31", "1.5"],
            ["3", "2000", "10", "(5)", "20", nil, "2", "1", "NaN"],
            ["7", "7", "1", "--5", "3", "x", "3", "2", "NaN"],
        ]
        #expect(rows.rows.map { $0.map(\.text) } == expected)
        await w.close()
    }

    /// dbt-postgres 1.11.0 quotes seed columns unless `quote_columns: false`; bare names fold to lower case, and
    /// `Order ID` is a syntax error there too.
    @Test func seedColumnNamesFollowQuoteColumns() async throws {
        guard let w = try await ScratchWarehouse.open("csvquote") else { return }
        let csv = Array("Order ID,CamelCase\n1,2\n".utf8)
        _ = try await w.adapter.loadSeed(w.relation("quoted"), table: try SeedParser.parse(bytes: csv, path: "s.csv"))
        #expect(try await w.scalar("select \"CamelCase\" + \"Order ID\" from \(w.relation("quoted").quoted)") == "3")

        var bare = try SeedParser.parse(bytes: Array("CamelCase,MiXed\n1,2\n".utf8), path: "s.csv")
        bare.quotesColumnNames = false
        _ = try await w.adapter.loadSeed(w.relation("bare"), table: bare)
        let names = try await w.adapter.query(
            "select column_name from information_schema.columns where table_schema = '\(w.schema)' and table_name = 'bare' order by ordinal_position",
            limit: nil)
        #expect(names.rows.map { $0[0].text } == ["camelcase", "mixed"])
        #expect(try await w.scalar("select camelcase + mixed from \(w.relation("bare").quoted)") == "3")

        var spaced = try SeedParser.parse(bytes: csv, path: "s.csv")
        spaced.quotesColumnNames = false
        do {
            _ = try await w.adapter.loadSeed(w.relation("spaced"), table: spaced)
            Issue.record("a bare 'Order ID' should not be a valid column name")
        } catch let error as DatabaseError {
            #expect(error.message.contains("syntax error at or near \"Order\""), "\(error.message)")
        }
        await w.close()
    }

    @Test func largeCsvSeedCrossesChunkBoundaries() async throws {
        guard let w = try await ScratchWarehouse.open("csvchunks") else { return }
        var csv = "id,label\n"
        let rows = 60_000
        for i in 1...rows { csv += "\(i),\"row \(i)\twith a tab and some padding to pass one megabyte\"\n" }
        let table = try SeedParser.parse(bytes: Array(csv.utf8), path: "seeds/big.csv")
        let seed = w.relation("big_csv")
        _ = try await w.adapter.loadSeed(seed, table: table)
        let result = try await w.adapter.query(
            "select count(*), sum(id), max(length(label)) from \(seed.quoted)", limit: nil)
        #expect(result.rows[0].map(\.text) == ["\(rows)", "\(rows * (rows + 1) / 2)", "58"])
        await w.close()
    }
}
