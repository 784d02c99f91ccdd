import Foundation
import StrataTestSupport
import Testing

/// Script models: a Python file or an executable with a shebang prints rows (CSV or JSON lines) that are loaded
/// into the model's table, on SQLite and PostgreSQL.
@Suite struct ScriptModelCommandTests {
    static func write(_ sandbox: WarehouseSandbox, _ path: String, _ text: String, executable: Bool = false) throws {
        let full = sandbox.directory.path + "/" + path
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: full) }
    }

    static func project(_ sandbox: WarehouseSandbox) throws {
        try write(sandbox, "models/core/users.sql", "select 1 as user_id, 'ann' as name union all select 2, 'bob'\n")
        // Python, dependency declared in the header; reads nothing, so it runs the same on both engines.
        try write(
            sandbox, "models/scores/user_scores.py",
            """
            # depends_on: [core.users]
            # description: Scores per user.
            import os, sys
            print("scoring", os.environ["STRATA_RELATION"], file=sys.stderr)
            print("user_id,score,target")
            print(f"1,1.5,{os.environ['STRATA_TARGET_TYPE']}")
            print(f"2,3.0,{os.environ['STRATA_TARGET_TYPE']}")

            """)
        // Shell, JSON lines, no header: its dependency on core.users is inferred from the mention below.
        try write(
            sandbox, "models/raw/events",
            """
            #!/bin/sh
            # reads core.users upstream (a mention is enough)
            echo '{"id": 1, "kind": "click", "user_id": 1}'
            echo '{"id": 2, "kind": "view, page", "user_id": 2, "note": null}'

            """, executable: true)
        try write(
            sandbox, "models/marts/summary.sql",
            "select s.user_id, s.score, (select count(*) from raw.events e where e.user_id = s.user_id) as events from scores.user_scores s\n")
    }

    @Test(arguments: WarehouseSandbox.Engine.allCases) func scriptsBuildInOrderWithTheirRows(engine: WarehouseSandbox.Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "scripts") else { return }
        defer { sandbox.directory.remove() }
        try Self.project(sandbox)
        let build = try sandbox.strata(["build"])
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(build.stderr.contains("loaded 2 rows from script into scores.user_scores"), "\(build.stderr)")
        #expect(try sandbox.query("select sum(score) as s, sum(events) as e from marts.summary") == "s,e\n4.5,2\n")
        #expect(try sandbox.query("select kind, note from \(sandbox.physical("raw", "events")) order by id") == "kind,note\nclick,\n\"view, page\",\n")
        #expect(try sandbox.query("select distinct target from \(sandbox.physical("scores", "user_scores"))") == "target\n\(engine.rawValue)\n")

        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: sandbox.directory.path + "/target/manifest.json"))) as? [String: Any]
        let nodes = try #require(manifest?["nodes"] as? [String: Any])
        func node(_ suffix: String) -> [String: Any]? { nodes.first { $0.key.hasSuffix(suffix) }?.value as? [String: Any] }
        #expect((node(".scores.user_scores")?["depends_on"] as? [String: Any])?["nodes"] as? [String] == [nodes.keys.first { $0.hasSuffix(".core.users") }!])
        #expect(((node(".raw.events")?["depends_on"] as? [String: Any])?["nodes"] as? [String])?.count == 1)
        #expect(node(".scores.user_scores")?["language"] as? String == "python")
        #expect(node(".scores.user_scores")?["description"] as? String == "Scores per user.")
        let stderrLog = try String(
            contentsOfFile: sandbox.directory.path + "/target/run/" + URL(fileURLWithPath: sandbox.directory.path).lastPathComponent
                + "/models/scores/user_scores.py.stderr", encoding: .utf8)
        #expect(stderrLog.contains("scoring scores.user_scores"))

        // Nothing changed: sync rebuilds nothing; an edit rebuilds the script and what reads it.
        let sync = try sandbox.strata(["sync"])
        #expect(sync.status == 0 && !sync.stderr.contains("user_scores"), "\(sync.stderr)")
    }

    @Test func aFailingScriptKeepsTheOldTableAndSkipsDownstream() throws {
        guard let sandbox = try WarehouseSandbox(.sqlite, name: "scripts_fail") else { return }
        defer { sandbox.directory.remove() }
        try Self.project(sandbox)
        #expect(try sandbox.strata(["build"]).status == 0)
        try Self.write(
            sandbox, "models/scores/user_scores.py",
            "# depends_on: [core.users]\nimport sys\nprint('user_id,score')\nprint('boom: no model file', file=sys.stderr)\nsys.exit(3)\n")
        let failed = try sandbox.strata(["build"])
        #expect(failed.status == 1)
        let output = failed.stdout + failed.stderr
        #expect(output.contains("R5200") && output.contains("exited with status 3"), "\(output)")
        #expect(output.contains("boom: no model file"), "stderr belongs in the failure: \(output)")
        #expect(output.contains("SKIP"), "marts.summary must be skipped: \(output)")
        #expect(try sandbox.query("select count(*) as n from \(sandbox.physical("scores", "user_scores"))") == "n\n2\n")

        try Self.write(sandbox, "models/scores/user_scores.py", "# depends_on: [core.users]\n# timeout: 1\nimport time\ntime.sleep(600)\n")
        let started = Date()
        let slow = try sandbox.strata(["build", "--select", "scores.user_scores"])
        #expect(slow.status == 1)
        #expect((slow.stdout + slow.stderr).contains("timeout of 1 s"), "\(slow.stdout)\(slow.stderr)")
        // Far under the script's ten-minute nap, and far over what a busy CI machine needs to start and kill it.
        #expect(Date().timeIntervalSince(started) < 200, "the script was not stopped at its timeout")
    }

    @Test func anUnknownDependencyIsLocated() throws {
        guard let sandbox = try WarehouseSandbox(.sqlite, name: "scripts_unknown") else { return }
        defer { sandbox.directory.remove() }
        try Self.write(sandbox, "models/core/users.sql", "select 1 as user_id\n")
        try Self.write(sandbox, "models/scores/s.py", "# depends_on: [core.userz]\nprint('a')\n")
        let output = try sandbox.strata(["compile"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("P1121"), "\(output.stderr)")
        #expect(output.stderr.contains("models/scores/s.py:1:"), "\(output.stderr)")
        #expect(output.stderr.contains("core.userz"))
    }
}

/// File sources: a folder of CSV and JSON-lines files loaded by `strata build`, again only when they change.
@Suite struct FileSourceCommandTests {
    static func runResultMessages(_ sandbox: WarehouseSandbox) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: sandbox.directory.path + "/target/run_results.json"))
        let results = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["results"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: results.compactMap { result in
            (result["unique_id"] as? String).map { ($0, result["message"] as? String ?? "") }
        })
    }

    @Test(arguments: WarehouseSandbox.Engine.allCases) func loadsTheFilesAndReloadsOnlyOnChange(engine: WarehouseSandbox.Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "file_sources") else { return }
        defer { sandbox.directory.remove() }
        try ScriptModelCommandTests.write(sandbox, "data/budgets/a.csv", "dept,amount\nops,10\nit,20\n")
        try ScriptModelCommandTests.write(sandbox, "data/budgets/b.jsonl", "{\"dept\": \"hr\", \"amount\": 5}\n")
        try ScriptModelCommandTests.write(
            sandbox, "models/sources.yml",
            "version: 2\nsources:\n  - name: sheets\n    schema: raw\n    tables:\n      - name: budgets\n        external:\n          location: data/budgets\n")
        try ScriptModelCommandTests.write(sandbox, "models/marts/budget_total.sql", "select sum(amount) as total, count(*) as n from raw.budgets\n")

        let first = try sandbox.strata(["build"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try sandbox.query("select total, n from marts.budget_total") == "total,n\n35,3\n")
        let id = "source.\(URL(fileURLWithPath: sandbox.directory.path).lastPathComponent).sheets.budgets"
        #expect(try Self.runResultMessages(sandbox)[id]?.hasPrefix("loaded 2 files into") == true)

        #expect(try sandbox.strata(["build"]).status == 0)
        #expect(try Self.runResultMessages(sandbox)[id]?.hasPrefix("files unchanged") == true)

        try ScriptModelCommandTests.write(sandbox, "data/budgets/a.csv", "dept,amount\nops,11\nit,20\n")
        #expect(try sandbox.strata(["build"]).status == 0)
        #expect(try Self.runResultMessages(sandbox)[id]?.hasPrefix("loaded 2 files into") == true)
        #expect(try sandbox.query("select total from marts.budget_total") == "total\n36\n")

        // sync plans a changed file source like a changed seed, and reloads it with what reads it.
        try ScriptModelCommandTests.write(sandbox, "data/budgets/a.csv", "dept,amount\nops,12\nit,20\n")
        let plan = try sandbox.strata(["plan"])
        #expect(plan.stdout.contains("source files changed"), "\(plan.stdout)\(plan.stderr)")
        #expect(try sandbox.strata(["sync"]).status == 0)
        #expect(try sandbox.query("select total from marts.budget_total") == "total\n37\n")

        try ScriptModelCommandTests.write(sandbox, "data/budgets/c.csv", "department,amount\nx,1\n")
        let mismatch = try sandbox.strata(["build"])
        #expect(mismatch.status == 1)
        #expect((mismatch.stdout + mismatch.stderr).contains("R5210"), "\(mismatch.stderr)")
        #expect(try sandbox.query("select total from marts.budget_total") == "total\n37\n", "the table must be kept")
    }

    @Test func aMissingLocationIsLocated() throws {
        guard let sandbox = try WarehouseSandbox(.sqlite, name: "file_sources_missing") else { return }
        defer { sandbox.directory.remove() }
        try ScriptModelCommandTests.write(
            sandbox, "models/sources.yml",
            "version: 2\nsources:\n  - name: sheets\n    tables:\n      - name: budgets\n        external:\n          location: data/nope\n")
        let output = try sandbox.strata(["compile"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("P1122") && output.stderr.contains("models/sources.yml:7:21"), "\(output.stderr)")
    }
}
