import StrataCore
import StrataSQLite
import StrataTestSupport
import Testing

@Suite struct SQLiteAdapterTests {
    @Test func passesTheConformanceSuite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let adapter = try await SQLiteAdapter.open(path: directory.path + "/warehouse.sqlite")
        await #expect(throws: Never.self) { try await AdapterConformance(adapter: adapter, schema: "conformance").runAll() }
        await adapter.close()
    }

    @Test func schemaQualifiedNamesMapOntoOneFile() {
        #expect(SchemaMapping.physicalName(schema: "core", identifier: "deals") == "core.deals")
        #expect(SchemaMapping.physicalName(schema: "main", identifier: "deals") == "deals")
        #expect(SchemaMapping.rewrite("select d.id, deals.amount from core.deals d join core.deals on 1=1 where deals.id in (select id from raw.deals)")
            == #"select d.id, deals.amount from "core.deals" d join "core.deals" AS "deals" on 1=1 where deals.id in (select id from "raw.deals" AS "deals")"#)
        #expect(SchemaMapping.rewrite("with core as (select 1) select * from core") == "with core as (select 1) select * from core")
    }

    @Test func seedsUseDbtSQLiteColumnTypes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let adapter = try await SQLiteAdapter.open(path: directory.path + "/w.sqlite")
        await #expect(throws: Never.self) {
            let table = try SeedParser.parse(bytes: Array("id,price,day,flag,name\n1,2.5,2024-01-01,true,a\n".utf8), path: "s.csv")
            _ = try await adapter.loadSeed(Relation(schema: "raw", identifier: "s"), table: table)
            let columns = try await adapter.columns(of: Relation(schema: "raw", identifier: "s"))
            #expect(columns.map(\.dataType) == ["INT", "REAL", "TEXT", "INT", "TEXT"])
            #expect(try await adapter.query("select flag from raw.s", limit: nil).rows.first?.first == .integer(1))
        }
        await adapter.close()
    }

    /// dbt-sqlite 1.10.0 quotes seed columns unless `quote_columns: false`; bare, `Order ID` fails as it does there
    /// (`near "Order": syntax error`), and SQLite keeps a bare name's case.
    @Test func seedColumnNamesFollowQuoteColumns() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let adapter = try await SQLiteAdapter.open(path: directory.path + "/w.sqlite")
        let quoted = try SeedParser.parse(bytes: Array("Order ID,CamelCase\n1,2\n".utf8), path: "s.csv")
        _ = try await adapter.loadSeed(Relation(schema: "raw", identifier: "quoted"), table: quoted)
        #expect(try await adapter.columns(of: Relation(schema: "raw", identifier: "quoted")).map(\.name) == ["Order ID", "CamelCase"])

        var bare = try SeedParser.parse(bytes: Array("CamelCase,lower\n1,2\n".utf8), path: "s.csv")
        bare.quotesColumnNames = false
        _ = try await adapter.loadSeed(Relation(schema: "raw", identifier: "bare"), table: bare)
        #expect(try await adapter.columns(of: Relation(schema: "raw", identifier: "bare")).map(\.name) == ["CamelCase", "lower"])
        #expect(try await adapter.query("select camelcase from raw.bare", limit: nil).rows == [[.integer(1)]])

        var spaced = quoted
        spaced.quotesColumnNames = false
        do {
            _ = try await adapter.loadSeed(Relation(schema: "raw", identifier: "spaced"), table: spaced)
            Issue.record("a bare 'Order ID' should not be a valid column name")
        } catch let error as DatabaseError {
            #expect(error.message.contains("near \"Order\": syntax error"), "\(error.message)")
        }
        await adapter.close()
    }

    /// What dbt-sqlite 1.10.0 (agate 1.9.1) built from the same file: declared types, and the values and storage
    /// classes `select *` returned through Python's sqlite3.
    @Test func seedsReadNumbersAsDbtSQLiteDoes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let adapter = try await SQLiteAdapter.open(path: directory.path + "/w.sqlite")
        let csv = """
            id,amount,plain,pct,neg,exp,ws,onezero,big,nf
            1,"$1,234.50","1,000",5%,-€3,1e5,  ,1.0,12345678901234567890123456789012,1.5
            2,$3,"2,000",10%,(5),2E+1, null ,2.0,1,inf
            3, 7 ,7,%1,--5,3,x,3,2,-Infinity

            """
        let relation = Relation(schema: "raw", identifier: "lenient")
        _ = try await adapter.loadSeed(relation, table: try SeedParser.parse(bytes: Array(csv.utf8), path: "s.csv"))
        let columns = try await adapter.columns(of: relation)
        #expect(columns.map(\.dataType) == ["INT", "REAL", "INT", "INT", "TEXT", "INT", "TEXT", "INT", "REAL", "REAL"])
        let rows = try await adapter.query("select * from raw.lenient order by id", limit: nil).rows
        let expected: [[QueryValue]] = [
            [.integer(1), .double(1234.5), .integer(1000), .integer(5), .text("-€3"), .integer(100000), .null, .integer(1), .double(1.2345678901234567e+31), .double(1.5)],
            [.integer(2), .double(3), .integer(2000), .integer(10), .text("(5)"), .integer(20), .null, .integer(2), .double(1), .text("Infinity")],
            [.integer(3), .double(7), .integer(7), .integer(1), .text("--5"), .integer(3), .text("x"), .integer(3), .double(2), .text("-Infinity")],
        ]
        #expect(rows == expected)
        await adapter.close()
    }
}
