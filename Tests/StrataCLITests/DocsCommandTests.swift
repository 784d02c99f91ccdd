import Foundation
import StrataTestSupport
import Testing

/// `strata docs generate`: a self-contained site under target/docs/, written without a warehouse.
@Suite struct DocsCommandTests {
    @Test func writesEveryModelOfTheExample() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Examples/insurance")
        let output = try CLIRunner.run(["docs", "generate", "--project-dir", directory.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("wrote target/docs/index.html"))
        let html = try String(contentsOfFile: directory.path + "/target/docs/index.html", encoding: .utf8)
        #expect(!html.contains("http://") && !html.contains("https://"), "the page must not load anything remote")

        let list = try CLIRunner.run([
            "ls", "--project-dir", directory.path, "--resource-type", "model", "--output", "json",
        ])
        let ids = try list.stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require(object?["unique_id"] as? String)
        }
        #expect(!ids.isEmpty)
        for id in ids { #expect(html.contains("\"unique_id\":\"\(id)\""), "\(id) missing from index.html") }

        let data =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/target/docs/docs.json")))
            as? [String: Any]
        let nodes = try #require(data?["nodes"] as? [[String: Any]])
        #expect(Set(ids).isSubset(of: Set(nodes.compactMap { $0["unique_id"] as? String })))
    }
}

/// `strata docs generate` against a built warehouse: column types from its catalog, each node's build state,
/// dbt's catalog.json; and without it (`--empty-catalog`).
@Suite struct DocsWarehouseTests {
    static func project(_ sandbox: WarehouseSandbox, orderColumns: String) throws {
        let models = sandbox.directory.path + "/models/core"
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        try "select 1 as order_id, 'open' as status\(orderColumns)\n".write(
            toFile: models + "/orders.sql", atomically: true, encoding: .utf8)
        try "select order_id, upper(status) as status_label from core.orders\n".write(
            toFile: models + "/order_labels.sql", atomically: true, encoding: .utf8)
    }

    static func docs(_ sandbox: WarehouseSandbox) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: sandbox.directory.path + "/target/docs/docs.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(document["nodes"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: nodes.compactMap { node in (node["unique_id"] as? String).map { ($0, node) } })
    }

    static func column(_ node: [String: Any]?, _ name: String) -> [String: Any]? {
        (node?["columns"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    @Test(arguments: WarehouseSandbox.Engine.allCases) func typesAndBuildStateFromTheWarehouse(engine: WarehouseSandbox.Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "docs_state") else { return }
        defer { sandbox.directory.remove() }
        try Self.project(sandbox, orderColumns: "")
        let before = try sandbox.strata(["docs", "generate"])
        #expect(before.status == 0, "\(before.stderr)")
        var nodes = try Self.docs(sandbox)
        let ordersID = try #require(nodes.keys.first { $0.hasSuffix(".core.orders") })
        let labelsID = try #require(nodes.keys.first { $0.hasSuffix(".core.order_labels") })
        if engine == .sqlite {
            // The file is not created just to document it.
            #expect(nodes[ordersID]?["warehouse"] == nil)
            #expect(!FileManager.default.fileExists(atPath: sandbox.directory.path + "/target/warehouse.sqlite"))
        } else {
            #expect((nodes[ordersID]?["warehouse"] as? [String: Any])?["exists"] as? Bool == false)
            #expect((nodes[ordersID]?["state"] as? [String: Any])?["status"] as? String == "new")
        }

        let build = try sandbox.strata(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(try sandbox.strata(["docs", "generate"]).status == 0)
        nodes = try Self.docs(sandbox)
        let state = try #require(nodes[labelsID]?["state"] as? [String: Any])
        #expect(state["status"] as? String == "unchanged")
        #expect(state["built_at"] is String)
        #expect(state["duration"] is NSNumber)
        #expect((nodes[labelsID]?["warehouse"] as? [String: Any])?["kind"] as? String == "view")
        let type = Self.column(nodes[labelsID], "status_label")?["catalog_type"] as? String
        #expect(engine == .sqlite || type == "text", "status_label's type: \(type ?? "none")")
        #expect(Self.column(nodes[ordersID], "order_id")?["catalog_type"] as? String == (engine == .sqlite ? "" : "integer"))
        let lineage = try #require(Self.column(nodes[labelsID], "status_label")?["lineage"] as? [[Any]])
        #expect(lineage.first?.first as? String == ordersID)
        #expect(lineage.first?.dropFirst().first as? String == "status")

        let catalog = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: sandbox.directory.path + "/target/catalog.json")))
                as? [String: Any])
        let entry = try #require((catalog["nodes"] as? [String: Any])?[labelsID] as? [String: Any])
        #expect((entry["metadata"] as? [String: Any])?["type"] as? String == "VIEW")
        #expect(((entry["columns"] as? [String: Any])?["status_label"] as? [String: Any])?["index"] as? Int == 2)

        try Self.project(sandbox, orderColumns: ", 2 as quantity")
        #expect(try sandbox.strata(["docs", "generate"]).status == 0)
        nodes = try Self.docs(sandbox)
        #expect((nodes[ordersID]?["state"] as? [String: Any])?["status"] as? String == "changed")
        #expect(Self.column(nodes[ordersID], "quantity")?["catalog_type"] == nil, "not built yet")

        let empty = try sandbox.strata(["docs", "generate", "--empty-catalog"])
        #expect(empty.status == 0)
        nodes = try Self.docs(sandbox)
        #expect(nodes[ordersID]?["state"] == nil && nodes[ordersID]?["warehouse"] == nil)
    }

    @Test func anUnreachableWarehouseIsAWarning() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Examples/insurance")
        let output = try CLIRunner.run([
            "docs", "generate", "--project-dir", directory.path, "--target-url", "postgresql://nobody@127.0.0.1:1/none",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("D3030"), "\(output.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/target/docs/index.html"))
    }
}
