import Foundation
import StrataCore
@testable import StrataPostgres
import StrataTestSupport
import Synchronization
import Testing

/// An adapter on the test server with a fresh schema, dropped afterwards.
struct ScratchWarehouse {
    let adapter: PostgresAdapter
    let schema: String

    static func open(_ prefix: String, connections: Int = 5) async throws -> ScratchWarehouse? {
        guard PostgresTestServer.isAvailable, let config = PostgresTestServer.config else { return nil }
        let adapter = try await PostgresAdapter.open(config, connections: connections, applicationName: "strata tests")
        let schema = PostgresTestServer.uniqueSchema(prefix)
        try await adapter.createSchemas([schema])
        return ScratchWarehouse(adapter: adapter, schema: schema)
    }

    func relation(_ name: String) -> Relation { Relation(schema: schema, identifier: name) }

    func scalar(_ sql: String) async throws -> String? {
        try await adapter.query(sql, limit: nil).rows.first?.first?.text
    }

    func build(_ name: String, _ kind: RelationKind, _ sql: String, rebuiltLater: Set<Relation> = []) async throws {
        _ = try await adapter.materialize(MaterializationRequest(relation: relation(name), kind: kind, sql: sql, nodeID: name, rebuiltLater: rebuiltLater))
    }

    func close(extraSchemas: [String] = []) async {
        for schema in [schema, schema + "_other"] + extraSchemas {
            _ = try? await adapter.execute("DROP SCHEMA IF EXISTS \(Relation.quote(schema)) CASCADE")
        }
        await adapter.close()
    }
}

@Suite struct PostgresAdapterTests {
    @Test func passesTheAdapterConformanceSuite() async throws {
        guard let warehouse = try await ScratchWarehouse.open("conformance") else { return }
        try await AdapterConformance(adapter: warehouse.adapter, schema: warehouse.schema).runAll()
        await warehouse.close()
    }

    @Test func tableSwapKeepsDependentViewsWithTheirCommentsAndGrants() async throws {
        guard let w = try await ScratchWarehouse.open("dependents") else { return }
        let s = w.schema
        try await w.build("base", .table, "select generate_series(1, 10) as id")
        try await w.build("evens", .view, "select id from \(s).base where id % 2 = 0")
        try await w.build("evens_count", .view, "select count(*) as n from \(s).evens")
        _ = try await w.adapter.execute("COMMENT ON VIEW \(s).evens IS 'even ids'; GRANT SELECT ON \(s).evens TO PUBLIC")
        try await w.build("base", .table, "select generate_series(1, 20) as id, 'x' as label")
        #expect(try await w.scalar("select n from \(s).evens_count") == "10")
        #expect(try await w.scalar("select obj_description('\(s).evens'::regclass, 'pg_class')") == "even ids")
        #expect(try await w.scalar("select has_table_privilege('public', '\(s).evens', 'SELECT')") == "true")
        #expect(try await w.scalar("select count(*) from pg_class where relnamespace = '\(s)'::regnamespace and position('__strata_' in relname) > 0") == "0")
        await w.close()
    }

    /// Same columns: the table is refilled in place, so the views over it are not even recreated.
    @Test func tableWithUnchangedColumnsIsRefilledUnderItsViews() async throws {
        guard let w = try await ScratchWarehouse.open("refill") else { return }
        let s = w.schema
        try await w.build("base", .table, "select generate_series(1, 10) as id")
        try await w.build("evens", .view, "select id from \(s).base where id % 2 = 0")
        let viewOID = try await w.scalar("select '\(s).evens'::regclass::oid")
        let tableOID = try await w.scalar("select '\(s).base'::regclass::oid")
        try await w.build("base", .table, "select generate_series(1, 30) as id")
        #expect(try await w.scalar("select count(*) from \(s).evens") == "15")
        #expect(try await w.scalar("select '\(s).evens'::regclass::oid") == viewOID)
        #expect(try await w.scalar("select '\(s).base'::regclass::oid") == tableOID)
        #expect(try await w.scalar("select count(*) from pg_class where relnamespace = '\(s)'::regnamespace and position('__strata_' in relname) > 0") == "0")
        await w.close()
    }

    @Test func viewWhoseColumnsChangeIsSwappedWithItsDependents() async throws {
        guard let w = try await ScratchWarehouse.open("viewswap") else { return }
        let s = w.schema
        try await w.build("v", .view, "select 1 as a, 2 as b")
        try await w.build("reader", .view, "select a from \(s).v")
        // Dropping column b and retyping a: CREATE OR REPLACE VIEW refuses both.
        try await w.build("v", .view, "select 'one'::text as a")
        #expect(try await w.scalar("select a from \(s).reader") == "one")
        #expect(try await w.adapter.columns(of: w.relation("v")).map(\.name) == ["a"])
        await w.close()
    }

    @Test func dependentThatCannotSurviveFailsTheSwapUnlessTheRunRebuildsIt() async throws {
        guard let w = try await ScratchWarehouse.open("survive") else { return }
        let s = w.schema
        try await w.build("base", .table, "select 1 as old_name")
        try await w.build("reader", .view, "select old_name from \(s).base")
        do {
            try await w.build("base", .table, "select 1 as new_name")
            Issue.record("the swap should fail: reader needs old_name")
        } catch let error as DatabaseError {
            #expect(error.message.contains("\(s).reader depends on \(s).base"))
        }
        #expect(try await w.scalar("select old_name from \(s).reader") == "1")
        #expect(try await w.adapter.columns(of: w.relation("base")).map(\.name) == ["old_name"])
        // When the run rebuilds the reader next, the swap goes ahead and leaves the reader to that rebuild.
        try await w.build("base", .table, "select 1 as new_name", rebuiltLater: [w.relation("reader")])
        #expect(try await w.adapter.relationKind(w.relation("reader")) == nil)
        try await w.build("reader", .view, "select new_name from \(s).base")
        #expect(try await w.scalar("select new_name from \(s).reader") == "1")
        await w.close()
    }

    /// Readers on another connection never see an error or a missing relation while tables and views are
    /// rebuilt over and over, including kind changes and column changes that force swaps with dependents.
    @Test func readersNeverSeeAGapDuringRebuilds() async throws {
        guard let w = try await ScratchWarehouse.open("readers"), let config = PostgresTestServer.config else { return }
        let s = w.schema
        try await w.build("facts", .table, "select generate_series(1, 1000) as id")
        try await w.build("summary", .view, "select count(*) as n from \(s).facts")
        try await w.build("flip", .view, "select id from \(s).facts")
        let reader = try await PostgresAdapter.open(config, connections: 1)
        let stop = Mutex(false)
        let observed = Mutex<(reads: Int, errors: [String])>((0, []))
        let readLoop = Task {
            while !stop.withLock({ $0 }) {
                for sql in ["select count(*) from \(s).facts", "select n from \(s).summary", "select count(*) from \(s).flip"] {
                    do {
                        let value = try await reader.query(sql, limit: nil).rows.first?.first?.text
                        observed.withLock { $0.reads += 1 }
                        if value == nil { observed.withLock { $0.errors.append("\(sql): no row") } }
                    } catch {
                        observed.withLock { $0.errors.append("\(sql): \(error)") }
                    }
                }
                try? await Task.sleep(for: .milliseconds(2))
            }
        }
        for round in 1...12 {
            try await w.build("facts", .table, "select generate_series(1, \(1000 + round)) as id, \(round) as round")
            try await w.build("summary", .view, round % 2 == 0 ? "select count(*) as n from \(s).facts" : "select count(*)::int as n, max(id) as top from \(s).facts")
            try await w.build("flip", round % 3 == 0 ? .table : .view, "select id from \(s).facts")
            // A failing rebuild leaves the previous version readable.
            try? await w.build("facts", .table, "select no_such_column from \(s).facts")
        }
        stop.withLock { $0 = true }
        await readLoop.value
        let result = observed.withLock { $0 }
        #expect(result.errors.isEmpty, "readers saw: \(result.errors.prefix(5))")
        #expect(result.reads > 30)
        await reader.close()
        await w.close()
    }

    /// A swap locks the views it recreates, but not what else they read: a long query on an unrelated table under a
    /// dependent view (an analyst's, or a model being built in parallel) must not hold up the swap.
    @Test func swapDoesNotWaitForReadersOfOtherTablesUnderItsDependents() async throws {
        guard let w = try await ScratchWarehouse.open("unrelated"), let config = PostgresTestServer.config else { return }
        let s = w.schema
        try await w.build("base", .table, "select 1 as id")
        try await w.build("other", .table, "select 1 as id, 'x' as label")
        try await w.build("joined", .view, "select b.id, o.label from \(s).base b join \(s).other o using (id)")
        let reader = try await PostgresAdapter.open(config, connections: 1)
        _ = try await reader.execute("BEGIN; SELECT count(*) FROM \(s).other")
        let done = Mutex(false)
        let swap = Task {
            try await w.build("base", .table, "select 2 as id")
            done.withLock { $0 = true }
        }
        var waited = 0
        while !done.withLock({ $0 }) && waited < 50 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        let swapped = done.withLock { $0 }
        #expect(swapped, "the swap of base waited for a reader of other")
        _ = try await reader.execute("ROLLBACK")
        try await swap.value
        #expect(try await w.scalar("select count(*) from \(s).joined") == "0")
        await reader.close()
        await w.close()
    }

    @Test func seedsTravelThroughCopyWithEveryAwkwardCharacter() async throws {
        guard let w = try await ScratchWarehouse.open("copy") else { return }
        let columns = [SeedColumn(name: "id", inferred: .integer), SeedColumn(name: "Odd \"Name\"", inferred: .text), SeedColumn(name: "select", inferred: .boolean)]
        let awkward = ["tab\there", "line\nbreak", "back\\slash", "cr\rlf", "\\N", "Zoë ✓", "", "quote ' \""]
        let rows: [[String?]] = awkward.enumerated().map { ["\($0.offset)", $0.element, $0.offset % 2 == 0 ? "True" : "false"] } + [["99", nil, nil]]
        let seed = w.relation("Awkward Seed")
        _ = try await w.adapter.loadSeed(seed, table: SeedTable(columns: columns, rows: rows))
        let result = try await w.adapter.query("select \"Odd \"\"Name\"\"\", \"select\" from \(seed.quoted) order by id", limit: nil)
        #expect(result.rows.dropLast().map { $0[0].text } == awkward)
        #expect(result.rows.last?[0] == .null)
        #expect(result.rows.first?[1] == .bool(true))
        #expect(try await w.adapter.columns(of: seed).map(\.dataType) == ["integer", "text", "boolean"])
        await w.close()
    }

    @Test func resultValuesPrintLikePsql() async throws {
        guard let w = try await ScratchWarehouse.open("values") else { return }
        let result = try await w.adapter.query(
            """
            select 12.50::numeric as n, -0.0012::numeric as small, 123456789.000100::numeric as big, 1e20::numeric as huge,
                   date '2024-02-29' as d, timestamp '2024-01-02 03:04:05.25' as ts, timestamptz '2024-01-02 03:04:05+00' as tz,
                   interval '1 year 2 months 3 days 04:05:06' as iv, array[1, null, 3] as arr, array['a b', 'c'] as texts,
                   'x'::varchar(3) as vc, true as b, 1.5::float8 as f, 2::float8 as whole, 'NaN'::float8 as nan, 1e-5::float4 as tiny, 7::bigint as i, '{"k": 1}'::jsonb as j,
                   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as u, date '0044-03-15' - 1000000 as bc, date '0001-01-01' - 1 as bc1
            """, limit: nil)
        let texts = result.rows[0].map(\.text)
        #expect(texts[0...3] == ["12.50", "-0.0012", "123456789.000100", "100000000000000000000"])
        #expect(texts[4...7] == ["2024-02-29", "2024-01-02 03:04:05.25", "2024-01-02 03:04:05+00", "1 year 2 mons 3 days 04:05:06"])
        #expect(texts[8...10] == ["{1,NULL,3}", "{\"a b\",c}", "x"])
        #expect(result.rows[0][11] == .bool(true))
        #expect(texts[12...18] == ["1.5", "2", "NaN", "1e-05", "7", "{\"k\": 1}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"])
        #expect(texts[19...20] == ["2695-04-19 BC", "0001-12-31 BC"])
        #expect(result.columns.map(\.dataType).prefix(6) == ["numeric", "numeric", "numeric", "numeric", "date", "timestamp without time zone"])
        let empty = try await w.adapter.query("select 1 as one, 'x'::text as two where false", limit: nil)
        #expect(empty.columns.map(\.name) == ["one", "two"])
        #expect(empty.columns.map(\.dataType) == ["integer", "text"])
        await w.close()
    }

    @Test func serverErrorsCarryStateDetailAndAPositionInTheModelSQL() async throws {
        guard let w = try await ScratchWarehouse.open("errors") else { return }
        let sql = "select 1 as a,\n       missing_column as b"
        for kind in [RelationKind.view, .table] {
            do {
                try await w.build("broken_\(kind.rawValue)", kind, sql)
                Issue.record("should fail")
            } catch let error as DatabaseError {
                #expect(error.code == "42703")
                #expect(error.message.contains("missing_column"))
                #expect(error.sql == sql)
                #expect(error.position == 23)
            }
        }
        do {
            _ = try await w.adapter.execute("insert into \(w.schema).nothing values (1)")
        } catch let error as DatabaseError {
            #expect(error.code == "42P01")
            #expect(!error.connectionLost)
        }
        await w.close()
    }

    @Test func quotesMixedCaseAndReservedIdentifiers() async throws {
        guard let w = try await ScratchWarehouse.open("Quoted") else { return }
        try await w.build("Order", .table, "select 1 as \"Select\"")
        try await w.build("from", .view, "select \"Select\" from \(Relation(schema: w.schema, identifier: "Order").quoted)")
        #expect(try await w.scalar("select \"Select\" from \(w.relation("from").quoted)") == "1")
        #expect(try await w.adapter.relationKind(w.relation("Order")) == .table)
        await w.close()
    }

    @Test func longNamesGetScratchNamesWithinTheIdentifierLimit() async throws {
        guard let w = try await ScratchWarehouse.open("long") else { return }
        let name = String(repeating: "n", count: 60)
        try await w.build(name, .table, "select 1 as a")
        try await w.build(name, .table, "select 2 as a")
        #expect(try await w.scalar("select a from \(w.relation(name).quoted)") == "2")
        #expect(ScratchNames.name(name, suffix: "__strata_new").utf8.count <= 63)
        await w.close()
    }

    /// A session killed under a running build reports a lost connection (not a SQL error), leaves the previous
    /// version, and the pool goes on with a fresh connection.
    @Test func lostConnectionIsReportedAndThePoolRecovers() async throws {
        guard let w = try await ScratchWarehouse.open("lost"), let config = PostgresTestServer.config else { return }
        let name = "strata lost \(w.schema)"
        let victim = try await PostgresAdapter.open(config, connections: 1, applicationName: name)
        _ = try await victim.materialize(MaterializationRequest(relation: w.relation("t"), kind: .table, sql: "select 1 as a", nodeID: "t"))
        let build = Task {
            try await victim.materialize(MaterializationRequest(relation: w.relation("t"), kind: .table, sql: "select 2 as a from pg_sleep(10)", nodeID: "t"))
        }
        // Terminated only once the statement is running: a session killed between two statements of the build
        // would test something else (and postgres-nio may never answer a query sent on it).
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let running = try await w.adapter.query(
                "select count(*) from pg_stat_activity where application_name = '\(name)' and state = 'active' and query like '%pg_sleep%'",
                limit: nil)
            if running.rows.first?.first?.text == "1" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        _ = try await w.adapter.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = '\(name)'", limit: nil)
        do {
            _ = try await build.value
            Issue.record("the build survived its session being terminated")
        } catch let error as DatabaseError {
            #expect(error.connectionLost, "\(error)")
        }
        // Closed whatever happens below: a connection left open when the adapter goes away traps in postgres-nio.
        do {
            #expect(try await w.scalar("select a from \(w.schema).t") == "1")
            #expect(try await victim.query("select 3", limit: nil).rows.first?.first?.text == "3")
        } catch {
            Issue.record("the pool did not recover: \(error)")
        }
        await victim.close()
        await w.close()
    }

    /// The test server has no TLS: `require` must refuse to fall back to plain text, `prefer` must fall back.
    @Test func honoursSSLMode() async throws {
        guard PostgresTestServer.isAvailable, var config = PostgresTestServer.config else { return }
        config.sslMode = "require"
        do {
            _ = try await PostgresAdapter.open(config, connections: 1)
            Issue.record("sslmode=require connected without TLS")
        } catch let error as DatabaseError {
            #expect(error.message.contains("does not support SSL"), "\(error.message)")
        }
        config.sslMode = "prefer"
        let adapter = try await PostgresAdapter.open(config, connections: 1)
        #expect(try await adapter.serverInfo().first { $0.0 == "SSL" }?.1 == "off")
        await adapter.close()
        config.sslMode = "sometimes"
        await #expect(throws: DatabaseError.self) { _ = try await PostgresAdapter.open(config, connections: 1) }
    }

    @Test func readsPasswordsFromPgpass() {
        let text = """
            # comment
            otherhost:5432:*:me:nope
            localhost:55432:shop:me:s3cr\\:et
            *:*:*:*:fallback
            """
        #expect(PgPass.password(in: text, host: "127.0.0.1", port: 55432, database: "shop", user: "me") == "s3cr:et")
        #expect(PgPass.password(in: text, host: "db", port: 5432, database: "x", user: "y") == "fallback")
    }
}
