import Foundation
import StrataTestSupport
import Testing

/// Snapshots through the command line: the manifest, compiled SQL, `ls` and selection (no warehouse needed).
@Suite struct SnapshotCommandTests {
    func project() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(
            "dbt_project.yml", "name: shop\nprofile: shop\nsnapshots:\n  shop:\n    +target_schema: snapshots\n")
        try directory.write(
            "profiles.yml",
            "shop:\n  target: dev\n  outputs:\n    dev:\n      type: sqlite\n      schema: main\n      database: main\n"
        )
        try directory.write("models/stg_orders.sql", "select 1 as id, 'new' as status\n")
        try directory.write(
            "snapshots/orders.sql",
            "{% snapshot orders_snapshot %}\n{{ config(unique_key='id', strategy='check', check_cols=['status']) }}\nselect * from {{ ref('stg_orders') }}\n{% endsnapshot %}\n"
        )
        return directory
    }

    @Test func compileWritesTheSnapshotToTheManifestAndItsSQL() throws {
        let directory = try project()
        defer { directory.remove() }
        let output = try CLIRunner.run(["compile", "--project-dir", directory.path, "--profiles-dir", directory.path])
        #expect(output.status == 0, "\(output.stderr)")
        let manifest =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/target/manifest.json")))
            as! [String: Any]
        let node = try #require(
            (manifest["nodes"] as! [String: Any])["snapshot.shop.orders_snapshot"] as? [String: Any])
        #expect(node["resource_type"] as? String == "snapshot")
        #expect(node["name"] as? String == "orders_snapshot")
        #expect(node["schema"] as? String == "snapshots")
        #expect(node["original_file_path"] as? String == "snapshots/orders.sql")
        #expect(node["fqn"] as? [String] == ["shop", "orders", "orders_snapshot"])
        #expect((node["depends_on"] as? [String: Any])?["nodes"] as? [String] == ["model.shop.stg_orders"])
        #expect((node["config"] as? [String: Any])?["materialized"] as? String == "snapshot")
        #expect(node["compiled_path"] as? String == "target/compiled/shop/snapshots/orders_snapshot.sql")
        #expect(
            (manifest["child_map"] as! [String: [String]])["model.shop.stg_orders"] == ["snapshot.shop.orders_snapshot"]
        )
        let sql = try String(
            contentsOfFile: directory.path + "/target/compiled/shop/snapshots/orders_snapshot.sql", encoding: .utf8)
        #expect(sql.trimmingCharacters(in: .whitespacesAndNewlines) == #"select * from "main"."stg_orders""#)
    }

    @Test func lsListsSnapshotsByResourceTypeAndSelector() throws {
        let directory = try project()
        defer { directory.remove() }
        let arguments = ["--project-dir", directory.path, "--profiles-dir", directory.path]
        let byType = try CLIRunner.run(["ls", "--resource-type", "snapshot"] + arguments)
        #expect(byType.status == 0, "\(byType.stderr)")
        #expect(byType.stdout == "shop.orders.orders_snapshot\n")
        let bySelector = try CLIRunner.run(
            ["ls", "--select", "resource_type:snapshot", "--output", "name"] + arguments)
        #expect(bySelector.stdout == "orders_snapshot\n")
        let upstream = try CLIRunner.run(["ls", "--select", "+orders_snapshot", "--output", "name"] + arguments)
        #expect(
            upstream.stdout == "stg_orders\norders_snapshot\n" || upstream.stdout == "orders_snapshot\nstg_orders\n")
    }

    @Test func invalidSnapshotStopsCompileWithTheLocatedError() throws {
        let directory = try project()
        defer { directory.remove() }
        try directory.write(
            "snapshots/orders.sql", "{% snapshot orders_snapshot %}\nselect 1 as id\n{% endsnapshot %}\n")
        let output = try CLIRunner.run(["compile", "--project-dir", directory.path, "--profiles-dir", directory.path])
        #expect(output.status == 2)
        #expect(
            output.stderr.contains("snapshots/orders.sql:1:13: error: snapshot has no 'unique_key' [P1082]"),
            "\(output.stderr)")
    }

    @Test func snapshotCommandIsListed() throws {
        let output = try CLIRunner.run(["--help"])
        #expect(output.stdout.contains("snapshot"), "\(output.stdout)")
    }
}
