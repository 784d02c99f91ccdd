import Foundation
import StrataCore
import StrataTestSupport
import Testing

/// State-aware sync through the `strata` binary, on the embedded SQLite file and on PostgreSQL: plan, sync,
/// `--missing-only`, `--prune`, `--dry-run` and environments, over a small plain-SQL project whose graph is
///
///     raw.items (seed) → core.a (table) → core.b (view) → mart.c (view)
///                              │                └──────→ mart.d (table) → mart.f (view)
///                              └──────────────────────→ mart.e (view)
@Suite(.serialized) struct SyncCommandTests {
    typealias Engine = WarehouseSandbox.Engine

    /// The sync project on an empty warehouse.
    struct Sandbox {
        let warehouse: WarehouseSandbox
        var directory: TemporaryDirectory { warehouse.directory }
        var engine: Engine { warehouse.engine }
        var targetURL: String { warehouse.targetURL }

        init?(_ engine: Engine, name: String) throws {
            guard let warehouse = try WarehouseSandbox(engine, name: "sync_\(name)") else { return nil }
            self.warehouse = warehouse
            try directory.write("seeds/raw/items.csv", "id,name,price\n1,apple,3\n2,pear,4\n3,plum,5\n")
            try directory.write("models/core/b.sql", "select id, name, price * 2 as double_price\nfrom core.a\n")
            try directory.write("models/mart/c.sql", "select id, double_price from core.b\n")
            try directory.write("models/mart/d.sql", "/*---\nmaterialized: table\n---*/\nselect id, name from core.b\n")
            try directory.write("models/mart/e.sql", "select count(*) as n from core.a\n")
            try directory.write("models/mart/f.sql", "select name from mart.d\n")
            try directory.write("models/core/a.sql", "/*---\nmaterialized: table\n---*/\nselect id, name, price from raw.items\n")
        }

        func strata(_ arguments: [String]) throws -> CLIRunner.Output { try warehouse.strata(arguments) }

        func query(_ sql: String) throws -> String { try warehouse.query(sql) }

        func physical(_ schema: String, _ name: String) -> String { warehouse.physical(schema, name) }

        /// The relations a run's progress lines say it created, sorted.
        static func built(_ output: CLIRunner.Output) -> [String] {
            output.stderr.split(separator: "\n").compactMap { line -> String? in
                guard let range = line.range(of: #"OK (created (view|table)|loaded seed file) [a-z_0-9]+\.[a-z_0-9]+"#, options: .regularExpression)
                else { return nil }
                return String(line[range].split(separator: " ").last!)
            }.sorted()
        }
    }

    @Test(arguments: Engine.allCases) func editingAMidGraphModelRebuildsOnlyItAndItsDescendants(engine: Engine) throws {
        guard let sandbox = try Sandbox(engine, name: "edit") else { return }
        defer { sandbox.directory.remove() }
        let first = try sandbox.strata(["build"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(Sandbox.built(first) == ["core.a", "core.b", "mart.c", "mart.d", "mart.e", "mart.f", "raw.items"])
        #expect(try sandbox.query("select count(*) as n from strata.nodes") == "n\n7\n")

        let clean = try sandbox.strata(["plan"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("7 unchanged"), "\(clean.stdout)")
        let noop = try sandbox.strata(["sync"])
        #expect(noop.status == 0, "\(noop.stderr)")
        #expect(Sandbox.built(noop).isEmpty, "\(noop.stderr)")
        #expect(noop.stderr.contains("Nothing to do: 7 nodes in sync"), "\(noop.stderr)")

        try sandbox.directory.write("models/core/b.sql", "select id, name, price * 2 as double_price, price as unit_price\nfrom core.a\n")
        let plan = try sandbox.strata(["plan"])
        #expect(plan.status == 3, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("~ changed    view core.b  (SQL changed)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("+ select id, name, price * 2 as double_price, price as unit_price"), "\(plan.stdout)")
        #expect(plan.stdout.contains("columns: +unit_price"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 1 changed, 3 downstream, 3 unchanged."), "\(plan.stdout)")

        let json = try sandbox.strata(["plan", "--format", "json"])
        #expect(json.status == 3)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let nodes = try #require(document["nodes"] as? [[String: Any]])
        let changes = Dictionary(uniqueKeysWithValues: nodes.map { ($0["relation"] as? String ?? "", $0["change"] as? String ?? "") })
        #expect(changes == ["raw.items": "unchanged", "core.a": "unchanged", "core.b": "changed", "mart.c": "downstream",
                            "mart.d": "downstream", "mart.e": "unchanged", "mart.f": "downstream"])

        let sync = try sandbox.strata(["sync"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(Sandbox.built(sync) == ["core.b", "mart.c", "mart.d", "mart.f"], "\(sync.stderr)")
        #expect(try sandbox.query("select unit_price from core.b where id = 2") == "unit_price\n4\n")
        let after = try sandbox.strata(["plan"])
        #expect(after.status == 0, "\(after.stdout)")
        // One run row per command that built, with its outcome.
        #expect(try sandbox.query("select command, outcome from strata.runs order by started_at") == "command,outcome\nbuild,success\nsync,success\nsync,success\n")
    }

    @Test(arguments: Engine.allCases) func missingOnlyRestoresExactlyTheViewDroppedByHand(engine: Engine) throws {
        guard let sandbox = try Sandbox(engine, name: "missing") else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        _ = try sandbox.query("drop view \(sandbox.physical("mart", "c"))")
        // A pending edit elsewhere is not what --missing-only is about.
        try sandbox.directory.write("models/mart/e.sql", "select count(*) as n, max(price) as top from core.a\n")
        let plan = try sandbox.strata(["plan"])
        #expect(plan.status == 3)
        #expect(plan.stdout.contains("! missing    view mart.c  (not in the warehouse)"), "\(plan.stdout)")
        let sync = try sandbox.strata(["sync", "--missing-only"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(Sandbox.built(sync) == ["mart.c"], "\(sync.stderr)")
        #expect(try sandbox.query("select double_price from mart.c where id = 3") == "double_price\n10\n")
        let rest = try sandbox.strata(["plan", "--format", "json"])
        #expect(rest.stdout.contains("\"changed\": 1"), "\(rest.stdout)")
        #expect(rest.stdout.contains("\"missing\": 0"), "\(rest.stdout)")
    }

    @Test(arguments: Engine.allCases) func aDeletedModelIsDroppedOnlyWithPrune(engine: Engine) throws {
        guard let sandbox = try Sandbox(engine, name: "prune") else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        try FileManager.default.removeItem(atPath: sandbox.directory.path + "/models/mart/f.sql")
        let plan = try sandbox.strata(["plan"])
        #expect(plan.status == 3)
        #expect(plan.stdout.contains("- orphaned   view mart.f"), "\(plan.stdout)")
        let keep = try sandbox.strata(["sync"])
        #expect(keep.status == 0, "\(keep.stderr)")
        #expect(try sandbox.query("select count(*) as n from mart.f") == "n\n3\n")
        let prune = try sandbox.strata(["sync", "--prune"])
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(prune.stderr.contains("dropped view mart.f (no longer in the project)"), "\(prune.stderr)")
        let gone = try sandbox.strata(["query", "select * from mart.f"])
        #expect(gone.status != 0)
        #expect(try sandbox.query("select count(*) as n from strata.nodes where node_id like '%mart.f'") == "n\n0\n")
        #expect(try sandbox.strata(["plan"]).status == 0)
    }

    @Test(arguments: Engine.allCases) func aBrokenChangeFailsTheDryRunOfAnEnvironmentAndProductionStaysAsItWas(engine: Engine) throws {
        guard let sandbox = try Sandbox(engine, name: "env") else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        let production = try sandbox.query("select * from mart.c order by id")

        // Two dependent changes validated together: b gains a column, c reads it, with a typo in c.
        try sandbox.directory.write("models/core/b.sql", "select id, name, price * 2 as double_price, price as unit_price\nfrom core.a\n")
        try sandbox.directory.write("models/mart/c.sql", "select id, double_price,\n       unit_prize\nfrom core.b\n")
        let dryRun = try sandbox.strata(["build", "--env", "pr7", "--dry-run"])
        #expect(dryRun.status == 1, "\(dryRun.stderr)")
        #expect(dryRun.stderr.contains("models/mart/c.sql:2:8: error:"), "\(dryRun.stderr)")
        #expect(dryRun.stderr.contains("unit_prize"), "\(dryRun.stderr)")
        #expect(dryRun.stderr.contains("OK validated view core__pr7.b"), "\(dryRun.stderr)")
        #expect(try sandbox.query("select * from mart.c order by id") == production)
        let leftovers = try sandbox.strata(["query", "select * from core__pr7.b"])
        #expect(leftovers.status != 0, "the dry run left core__pr7.b behind")
        #expect(try sandbox.query("select count(*) as n from strata.nodes where environment <> ''") == "n\n0\n")

        // Fixed: the environment holds only what differs from production and reads production for the rest.
        try sandbox.directory.write("models/mart/c.sql", "select id, double_price,\n       unit_price\nfrom core.b\n")
        let env = try sandbox.strata(["build", "--env", "pr7"])
        #expect(env.status == 0, "\(env.stderr)")
        #expect(Sandbox.built(env) == ["core__pr7.b", "mart__pr7.c", "mart__pr7.d", "mart__pr7.f"], "\(env.stderr)")
        #expect(try sandbox.query("select unit_price from mart__pr7.c where id = 1") == "unit_price\n3\n")
        #expect(try sandbox.query("select * from mart.c order by id") == production)
        let list = try sandbox.strata(["env", "list"])
        #expect(list.stdout.hasPrefix("pr7\t4 objects"), "\(list.stdout)")
        let drop = try sandbox.strata(["env", "drop", "pr7"])
        #expect(drop.status == 0, "\(drop.stderr)")
        #expect(try sandbox.strata(["query", "select * from mart__pr7.c"]).status != 0)
        #expect(try sandbox.strata(["env", "list"]).stdout.isEmpty)
        #expect(try sandbox.query("select * from mart.c order by id") == production)
    }

    @Test(arguments: Engine.allCases) func aFailedBuildLeavesTheStateDescribingTheObjectStillThere(engine: Engine) throws {
        guard let sandbox = try Sandbox(engine, name: "failed") else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        let before = try sandbox.query("select checksum, built_at from strata.nodes where node_id like '%core.b'")
        try sandbox.directory.write("models/core/b.sql", "select id, nme from core.a\n")
        let failed = try sandbox.strata(["sync"])
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(try sandbox.query("select checksum, built_at from strata.nodes where node_id like '%core.b'") == before)
        #expect(try sandbox.query("select count(*) as n from strata.runs where outcome = 'error'") == "n\n1\n")
        let plan = try sandbox.strata(["plan"])
        #expect(plan.stdout.contains("~ changed    view core.b"), "\(plan.stdout)")
    }
}
