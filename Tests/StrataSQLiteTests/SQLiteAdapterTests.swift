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
}
