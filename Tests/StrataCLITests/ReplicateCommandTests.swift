import Foundation
import StrataTestSupport
import Testing

/// `strata replicate` through the binary, from a real second PostgreSQL database into PostgreSQL and SQLite
/// warehouses: full copy, incremental passes after inserts and updates, source schema changes, excluded
/// columns, config errors, and a run killed mid-table that resumes without losing or repeating rows.
@Suite(.serialized) struct ReplicateCommandTests {
    typealias Engine = WarehouseSandbox.Engine

    /// A warehouse sandbox plus a source database of its own on the test server.
    struct Setup {
        let sandbox: WarehouseSandbox
        let sourceURL: String

        init?(_ engine: Engine, name: String) throws {
            guard PostgresTestServer.isAvailable, let server = PostgresTestServer.url,
                let sandbox = try WarehouseSandbox(engine, name: "repl_\(name)")
            else { return nil }
            self.sandbox = sandbox
            let database = try WarehouseSandbox.createDatabase(
                "strata_replsrc_\(name)_\(engine.rawValue)", serverURL: server, projectDirectory: sandbox.directory.path
            )
            var url = try #require(URLComponents(string: server))
            url.path = "/" + database
            sourceURL = try #require(url.string)
        }

        /// Runs statements on the source database.
        func source(_ sql: String) throws {
            let output = try CLIRunner.run([
                "query", "--project-dir", sandbox.directory.path, "--target-url", sourceURL, sql,
            ])
            #expect(output.status == 0, "\(sql): \(output.stderr)")
        }

        func sourceQuery(_ sql: String) throws -> String {
            let output = try CLIRunner.run([
                "query", "--format", "csv", "--project-dir", sandbox.directory.path, "--target-url", sourceURL, sql,
            ])
            #expect(output.status == 0, "\(sql): \(output.stderr)")
            return output.stdout
        }

        func writeConfig(_ tables: String) throws {
            try sandbox.directory.write(
                "replication.yml", "source:\n  url: \(sourceURL)\ntarget_schema: raw\ntables:\n\(tables)")
        }

        func replicate(_ arguments: [String] = []) throws -> CLIRunner.Output {
            try sandbox.strata(["replicate"] + arguments)
        }
    }

    static let ordersTable = """
          - source: shop.orders
            cursor: updated_at
            exclude: [customer_email]

        """

    static func createOrders(_ setup: Setup, rows: Int) throws {
        try setup.source(
            """
            create schema shop;
            create table shop.orders (id bigint primary key, customer_email text, amount numeric(12,2), status varchar(20), note text,
                                      paid boolean, updated_at timestamp not null);
            insert into shop.orders select g, 'person' || g || '@example.com', g * 1.25, 'new',
                   case when g % 7 = 0 then E'tab\\there\\nline two \\\\ slash' end, g % 2 = 0, timestamp '2026-01-01' + g * interval '1 second'
            from generate_series(1, \(rows)) g
            """)
    }

    @Test(arguments: Engine.allCases) func fullCopyIncrementalPassesAndSchemaChanges(engine: Engine) throws {
        guard let setup = try Setup(engine, name: "passes") else { return }
        defer { setup.sandbox.directory.remove() }
        let sandbox = setup.sandbox
        try Self.createOrders(setup, rows: 500)
        try setup.writeConfig(Self.ordersTable)

        let first = try setup.replicate()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("OK raw.orders: full copy (first run), 500 rows"))
        let checksum =
            "select count(*) as n, sum(amount) as total, count(note) as notes, sum(case when paid then 1 else 0 end) as paid from "
        let paidSum = engine == .sqlite ? "sum(paid)" : "sum(case when paid then 1 else 0 end)"
        #expect(
            try sandbox.query(
                "select count(*) as n, sum(amount) as total, count(note) as notes, \(paidSum) as paid from raw.orders")
                == "n,total,notes,paid\n500,156562.5\(engine == .postgres ? "0" : ""),71,250\n")
        #expect(try setup.sourceQuery(checksum + "shop.orders") == "n,total,notes,paid\n500,156562.50,71,250\n")
        // Escapes survive the trip: tab, newline and backslash.
        #expect(
            try sandbox.query("select note from raw.orders where id = 7") == "note\n\"tab\there\nline two \\ slash\"\n")
        // The excluded column never reaches the warehouse.
        #expect(try !sandbox.query("select * from raw.orders where id = 1").contains("customer_email"))

        try setup.source(
            """
            update shop.orders set status = 'paid', updated_at = timestamp '2026-02-01' + id * interval '1 second' where id <= 20;
            insert into shop.orders select g, 'x', g, 'new', null, true, timestamp '2026-03-01' from generate_series(501, 530) g
            """)
        let second = try setup.replicate()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("OK raw.orders: incremental"))
        #expect(
            try sandbox.query(
                "select count(*) as n, count(distinct id) as ids, sum(case when status = 'paid' then 1 else 0 end) as paid from raw.orders"
            ) == "n,ids,paid\n530,530,20\n")

        try setup.source(
            """
            alter table shop.orders add column region text;
            alter table shop.orders alter column status type varchar(50);
            alter table shop.orders drop column note;
            update shop.orders set region = 'eu', status = 'a status longer than twenty characters', updated_at = timestamp '2026-04-01' where id = 3
            """)
        let third = try setup.replicate()
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stderr.contains("raw.orders: column region (text) added"))
        #expect(
            third.stderr.contains(
                "raw.orders: column status widened from character varying(20) to character varying(50)"))
        #expect(third.stderr.contains("raw.orders: column note was dropped in the source; kept"))
        let changed = try sandbox.query("select region, status, note from raw.orders where id in (3, 7) order by id")
        #expect(
            changed
                == "region,status,note\neu,a status longer than twenty characters,\n,paid,\"tab\there\nline two \\ slash\"\n"
        )
        if engine == .postgres {
            #expect(
                try sandbox.query(
                    "select format_type(atttypid, atttypmod) as t from pg_attribute where attrelid = 'raw.orders'::regclass and attname = 'status'"
                ) == "t\ncharacter varying(50)\n")
        }

        // A column newly excluded by the config is dropped from the destination.
        try setup.writeConfig(
            Self.ordersTable.replacingOccurrences(of: "[customer_email]", with: "[customer_email, region]"))
        let fourth = try setup.replicate()
        #expect(fourth.status == 0, "\(fourth.stderr)")
        #expect(
            fourth.stderr.contains(
                "raw.orders: column region is excluded by the config now; dropped from the destination"))
        #expect(try !sandbox.query("select * from raw.orders where id = 3").contains("region"))
        #expect(try sandbox.query("select count(*) as n from raw.orders") == "n\n530\n")
        let state = try sandbox.query(
            "select phase, status, rows_copied, schema_version, runs_since_full from strata.replication_state")
        #expect(
            state == "phase,status,rows_copied,schema_version,runs_since_full\nincremental,ok,\(500 + 51 + 1),3,3\n")
    }

    @Test(arguments: Engine.allCases) func runKilledMidTableResumesWithoutLostOrRepeatedRows(engine: Engine)
        async throws
    {
        guard let setup = try Setup(engine, name: "killed") else { return }
        defer { setup.sandbox.directory.remove() }
        let sandbox = setup.sandbox
        let rows = 200_000
        try Self.createOrders(setup, rows: rows)
        try setup.writeConfig(Self.ordersTable)
        let arguments = [
            "replicate", "--project-dir", sandbox.directory.path, "--target-url", sandbox.targetURL, "--batch-size",
            "1000",
        ]
        let running = try CLIRunner.start(arguments)
        // Kill it (no chance to clean up) once some batches have landed.
        let deadline = Date().addingTimeInterval(60)
        var copied = 0
        while copied < 20_000, Date() < deadline, running.process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            let output = try sandbox.strata([
                "query", "--format", "csv", "select rows_copied from strata.replication_state",
            ])
            copied = Int(output.stdout.split(separator: "\n").dropFirst().first ?? "") ?? 0
        }
        running.signal(SIGKILL)
        let killed = running.wait()
        #expect(killed.status == SIGKILL || killed.status == 9, "\(killed.stderr)")
        #expect(copied >= 20_000 && copied < rows, "copied \(copied) rows before the kill")
        // Readers never see a half-copied table: the destination does not exist yet.
        let exists =
            engine == .postgres
            ? "select count(*) as n from pg_class where relname = 'orders' and relnamespace = 'raw'::regnamespace"
            : "select count(*) as n from sqlite_master where name = 'raw.orders'"
        #expect(try sandbox.query(exists) == "n\n0\n")

        try setup.source(
            "update shop.orders set amount = amount + 1, updated_at = timestamp '2027-01-01' where id in (1, 199999)")
        let resumed = try setup.replicate(["--batch-size", "1000"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("full copy (resuming an interrupted full copy)"))
        let after = try setup.replicate()
        #expect(after.status == 0, "\(after.stderr)")
        let check =
            "select count(*) as n, count(distinct id) as ids, cast(round(sum(amount) * 100) as bigint) as cents from "
        let copiedRows = try sandbox.query(check + "raw.orders")
        let sourceRows = try setup.sourceQuery(check + "shop.orders")
        #expect(copiedRows == sourceRows, "\(resumed.stderr)\n\(after.stderr)")
    }

    @Test func lostSourceConnectionFailsClearlyAndTheNextRunResumes() async throws {
        guard let setup = try Setup(.postgres, name: "lost") else { return }
        defer { setup.sandbox.directory.remove() }
        let sandbox = setup.sandbox
        try Self.createOrders(setup, rows: 100_000)
        try setup.writeConfig(Self.ordersTable)
        let running = try CLIRunner.start([
            "replicate", "--project-dir", sandbox.directory.path, "--target-url", sandbox.targetURL, "--batch-size",
            "500",
        ])
        let deadline = Date().addingTimeInterval(60)
        var copied = 0
        while copied == 0, Date() < deadline, running.process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            let output = try sandbox.strata([
                "query", "--format", "csv", "select rows_copied from strata.replication_state",
            ])
            copied = Int(output.stdout.split(separator: "\n").dropFirst().first ?? "") ?? 0
        }
        let database = try #require(URLComponents(string: setup.sourceURL)?.path.dropFirst())
        try setup.source(
            """
            select pg_terminate_backend(pid) from pg_stat_activity
            where datname = '\(database)' and application_name like 'strata replicate%'
            """)
        let failed = running.wait()
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("ERROR raw.orders: full copy (first run) failed"))
        #expect(failed.stderr.contains("[D3002]") || failed.stderr.contains("[D3001]"), "\(failed.stderr)")
        #expect(try sandbox.query("select status from strata.replication_state") == "status\nfailed\n")
        let resumed = try setup.replicate()
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let check = "select count(*) as n, count(distinct id) as ids from "
        let copiedRows = try sandbox.query(check + "raw.orders")
        #expect(try copiedRows == setup.sourceQuery(check + "shop.orders"))
    }

    @Test func configProblemsAreLocatedAndTheWarehouseIsUntouched() throws {
        guard let setup = try Setup(.sqlite, name: "config") else { return }
        defer { setup.sandbox.directory.remove() }
        try Self.createOrders(setup, rows: 3)
        try setup.writeConfig(
            """
              - source: shop.orderz
              - source: shop.orders
                cursor: updated_at
                include: [id, amount, emial]

            """)
        let output = try setup.replicate()
        #expect(output.status == 2)
        #expect(
            output.stderr.contains(
                "replication.yml:5:13: error: source table shop.orderz does not exist (or this user cannot see it) [R8003]"
            ))
        #expect(
            output.stderr.contains(
                "replication.yml:8:27: error: included column 'emial' does not exist in shop.orders [R8004]"))
        #expect(output.stderr.contains("2 errors found; nothing was copied"))
        #expect(!FileManager.default.fileExists(atPath: setup.sandbox.directory.path + "/target/warehouse.sqlite"))

        try setup.sandbox.directory.write(
            "replication.yml",
            "source:\n  url: \(setup.sourceURL)\ntables:\n  - source: shop.orders\n    exlude: [customer_email]\n")
        let typo = try setup.replicate()
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("replication.yml:5:5: error: unknown key 'exlude' in a table entry [R8002]"))
        #expect(typo.stderr.contains("did you mean 'exclude'?"))

        try setup.writeConfig(Self.ordersTable)
        let unknown = try setup.replicate(["--select", "orderz"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("error: --select names no table of the replication config: orderz [R8007]"))
        #expect(unknown.stderr.contains("did you mean 'orders'?"))
        #expect(!FileManager.default.fileExists(atPath: setup.sandbox.directory.path + "/target/warehouse.sqlite"))
    }

    @Test func watchRepeatsUntilInterruptedAndJSONLogs() async throws {
        guard let setup = try Setup(.postgres, name: "watch") else { return }
        defer { setup.sandbox.directory.remove() }
        let sandbox = setup.sandbox
        try Self.createOrders(setup, rows: 10)
        try setup.writeConfig(Self.ordersTable)
        let running = try CLIRunner.start([
            "replicate", "--project-dir", sandbox.directory.path, "--target-url", sandbox.targetURL, "--watch", "0.2",
            "--log-format", "json",
        ])
        try await RunControlTests.waitUntil(running, prints: "replication_cycle_finished")
        try setup.source("insert into shop.orders values (11, 'x', 1, 'new', null, true, timestamp '2027-01-01')")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, try sandbox.query("select count(*) as n from raw.orders") != "n\n11\n" {
            try await Task.sleep(for: .milliseconds(100))
        }
        running.signal(SIGINT)
        let output = running.wait()
        #expect(output.status == 130, "\(output.stderr)")
        #expect(try sandbox.query("select count(*) as n from raw.orders") == "n\n11\n")
        let events = output.stderr.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        #expect(events.contains { $0["event"] as? String == "replication_finished" && $0["status"] as? String == "ok" })
        #expect(events.filter { $0["event"] as? String == "replication_cycle_finished" }.count >= 2)
    }
}
