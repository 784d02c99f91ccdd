import Foundation
import StrataTestSupport
import Testing

/// Incremental models through the `strata` binary on both engines: each strategy as source rows are inserted,
/// updated and deleted between builds, `--full-refresh` and its `full_refresh: false` protection, and every
/// `on_schema_change` policy.
@Suite(.serialized) struct IncrementalCommandTests {
    typealias Engine = WarehouseSandbox.Engine

    static func model(_ config: String, _ body: String) -> String { "/*---\nmaterialized: incremental\n\(config)\n---*/\n\(body)\n" }

    /// Creates the source table `raw.events` with two rows (after the models are written: `strata` needs a project).
    static func createSource(_ sandbox: WarehouseSandbox) throws {
        let events = sandbox.physical("raw", "events")
        if sandbox.engine == .postgres { try sandbox.execute("create schema raw") }
        try sandbox.execute("create table \(events) (id integer, name text, amount integer, updated_at integer)")
        try sandbox.execute("insert into \(events) values (1, 'a', 10, 1), (2, 'b', 20, 1)")
    }

    @Test(arguments: Engine.allCases) func strategiesFollowInsertsUpdatesAndDeletes(engine: Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "incremental_strategies") else { return }
        defer { sandbox.directory.remove() }
        let newer = "select id, name, amount, updated_at from raw.events\n{% if is_incremental() %}where updated_at > (select max(updated_at) from {{ this }}){% endif %}"
        try sandbox.directory.write("models/core/merged.sql", Self.model("unique_key: id\nincremental_strategy: merge", newer))
        try sandbox.directory.write("models/core/replaced.sql", Self.model("unique_key: [id, name]\nincremental_strategy: delete+insert", newer))
        try sandbox.directory.write("models/core/protected.sql", Self.model("unique_key: id\nincremental_strategy: merge\nfull_refresh: false", newer))
        try sandbox.directory.write(
            "models/core/appended.sql",
            Self.model("incremental_strategy: append", "select id, amount from raw.events\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}"))
        try Self.createSource(sandbox)
        let first = try sandbox.strata(["build"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("created incremental table core.merged"))
        for name in ["merged", "replaced", "protected"] {
            #expect(try sandbox.query("select id, amount from core.\(name) order by id") == "id,amount\n1,10\n2,20\n")
        }

        let events = sandbox.physical("raw", "events")
        try sandbox.execute("insert into \(events) values (3, 'c', 30, 2)")
        try sandbox.execute("update \(events) set amount = 11, updated_at = 2 where id = 1")
        try sandbox.execute("delete from \(events) where id = 2")
        let second = try sandbox.strata(["build"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("merge into incremental table core.merged"))
        #expect(second.stderr.contains("delete+insert into incremental table core.replaced"))
        // Rows deleted at the source stay: an incremental build only sees the rows the model selects.
        for name in ["merged", "replaced", "protected"] {
            #expect(try sandbox.query("select id, amount from core.\(name) order by id") == "id,amount\n1,11\n2,20\n3,30\n", "\(name)")
        }
        // Append never revisits a row it already has: the update of row 1 is not seen.
        #expect(try sandbox.query("select id, amount from core.appended order by id") == "id,amount\n1,10\n2,20\n3,30\n")

        let refresh = try sandbox.strata(["build", "--full-refresh"])
        #expect(refresh.status == 0, "\(refresh.stderr)")
        #expect(try sandbox.query("select id, amount from core.merged order by id") == "id,amount\n1,11\n3,30\n")
        #expect(try sandbox.query("select id, amount from core.protected order by id") == "id,amount\n1,11\n2,20\n3,30\n")
    }

    @Test(arguments: Engine.allCases) func schemaChangePoliciesAreApplied(engine: Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "incremental_schema") else { return }
        defer { sandbox.directory.remove() }
        let original = "select id, amount, updated_at from raw.events\n{% if is_incremental() %}where updated_at > (select max(updated_at) from {{ this }}){% endif %}"
        for policy in ["ignore", "fail", "append_new_columns", "sync_all_columns"] {
            try sandbox.directory.write("models/core/\(policy).sql", Self.model("unique_key: id\nincremental_strategy: merge\non_schema_change: \(policy)", original))
        }
        try Self.createSource(sandbox)
        #expect(try sandbox.strata(["build"]).status == 0)

        // Every model now also selects `name` and no longer selects `updated_at` (filtering on the table's copy).
        let changed = "select id, amount, name from raw.events\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}"
        for policy in ["ignore", "fail", "append_new_columns", "sync_all_columns"] {
            try sandbox.directory.write("models/core/\(policy).sql", Self.model("unique_key: id\nincremental_strategy: merge\non_schema_change: \(policy)", changed))
        }
        try sandbox.execute("insert into \(sandbox.physical("raw", "events")) values (3, 'c', 30, 2)")
        let build = try sandbox.strata(["build"])
        #expect(build.status != 0)
        #expect(build.stderr.contains("the model's columns no longer match its table (on_schema_change is 'fail')"))
        #expect(build.stderr.contains("new column name"))
        #expect(build.stderr.contains("core.append_new_columns: added column name"))
        #expect(build.stderr.contains("core.sync_all_columns: dropped column updated_at"))

        #expect(try sandbox.query("select * from core.fail order by id") == "id,amount,updated_at\n1,10,1\n2,20,1\n", "fail leaves the table as it was")
        #expect(try sandbox.query("select * from core.ignore order by id") == "id,amount,updated_at\n1,10,1\n2,20,1\n3,30,\n")
        #expect(try sandbox.query("select * from core.append_new_columns order by id") == "id,amount,updated_at,name\n1,10,1,\n2,20,1,\n3,30,,c\n")
        #expect(try sandbox.query("select * from core.sync_all_columns order by id") == "id,amount,name\n1,10,\n2,20,\n3,30,c\n")
    }

    @Test func postgresWidensCompatibleTypesAndRefusesIncompatibleOnes() throws {
        guard let sandbox = try WarehouseSandbox(.postgres, name: "incremental_types") else { return }
        defer { sandbox.directory.remove() }
        let model = { (amount: String, stamp: String) in
            Self.model("unique_key: id\nincremental_strategy: merge\non_schema_change: append_new_columns", "select id, \(amount) as amount, \(stamp) as stamp from raw.events")
        }
        try sandbox.directory.write("models/core/typed.sql", model("amount::smallint", "date '2026-01-01'"))
        try Self.createSource(sandbox)
        #expect(try sandbox.strata(["build"]).status == 0)

        try sandbox.directory.write("models/core/typed.sql", model("amount * 1.5", "timestamp '2026-01-02 10:00'"))
        let widened = try sandbox.strata(["build"])
        #expect(widened.status == 0, "\(widened.stderr)")
        #expect(widened.stderr.contains("widened column amount from smallint to numeric"))
        #expect(widened.stderr.contains("widened column stamp from date to timestamp without time zone"))
        #expect(try sandbox.query("select id, amount, stamp from core.typed order by id") == "id,amount,stamp\n1,15.0,2026-01-02 10:00:00\n2,30.0,2026-01-02 10:00:00\n")

        try sandbox.directory.write("models/core/typed.sql", model("amount", "true"))
        let refused = try sandbox.strata(["build"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("column type change cannot be applied without losing data: stamp from timestamp without time zone to boolean"))
        #expect(try sandbox.query("select id, amount, stamp from core.typed order by id") == "id,amount,stamp\n1,15.0,2026-01-02 10:00:00\n2,30.0,2026-01-02 10:00:00\n")
    }

    @Test func badIncrementalConfigIsReportedWithTheModelFile() throws {
        guard let sandbox = try WarehouseSandbox(.sqlite, name: "incremental_config") else { return }
        defer { sandbox.directory.remove() }
        try sandbox.directory.write("models/core/bad.sql", Self.model("incremental_strategy: upsert", "select 1 as id"))
        let output = try sandbox.strata(["build"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("unknown incremental_strategy 'upsert'"))
        #expect(output.stderr.contains("models/core/bad.sql"))
        #expect(output.stderr.contains("use one of: append, merge, delete+insert"))
    }
}
