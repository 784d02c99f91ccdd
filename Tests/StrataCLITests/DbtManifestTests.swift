import Foundation
import StrataTestSupport
import Testing

/// `strata compile` of the dbt fixture writes a manifest whose nodes and `parent_map` are the ones dbt wrote for
/// the same project (`expected/parent_map.json`, from dbt-core 1.10).
@Suite struct DbtManifestTests {
    @Test func parentMapMatchesDbt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = RepositoryPaths.root() + "/Tests/Fixtures/Projects/shop_dbt"
        try directory.copyContents(of: fixture)
        let output = try CLIRunner.run(["compile", "--project-dir", directory.path])
        #expect(output.status == 0, "\(output.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/target/manifest.json"))) as! [String: Any]
        let ours = (manifest["parent_map"] as! [String: [String]]).mapValues { $0.sorted() }
        let dbt = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture + "/expected/parent_map.json"))) as! [String: [String]]).mapValues { $0.sorted() }
        #expect(Set(ours.keys) == Set(dbt.keys))
        for (id, parents) in dbt { #expect(ours[id] == parents, "\(id)") }
        let nodes = manifest["nodes"] as! [String: Any]
        #expect(Set(nodes.keys).union((manifest["sources"] as! [String: Any]).keys) == Set(dbt.keys))
    }

    /// `strata parse` writes the manifest `strata compile` writes, less the compiled SQL (as dbt parse does), and no
    /// compiled SQL files.
    @Test func parseWritesTheManifestOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Tests/Fixtures/Projects/shop_dbt")
        func manifest() throws -> [String: Any] {
            var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/target/manifest.json"))) as! [String: Any]
            manifest["metadata"] = nil
            for section in ["nodes", "sources", "macros"] {
                manifest[section] = (manifest[section] as! [String: [String: Any]]).mapValues { entry in entry.filter { $0.key != "created_at" } }
            }
            return manifest
        }
        let parsed = try CLIRunner.run(["parse", "--project-dir", directory.path])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        #expect(parsed.stderr.contains("Parsed "), "\(parsed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/target/compiled"))
        let fromParse = try manifest()
        let compiled = try CLIRunner.run(["compile", "--project-dir", directory.path])
        #expect(compiled.status == 0, "\(compiled.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/target/compiled"))
        // As dbt's: after parse the nodes are parsed ones, without compiled SQL; after compile they carry it.
        let compiledCodeKeys = ["compiled", "compiled_code", "extra_ctes", "extra_ctes_injected"]
        let parsedNodes = fromParse["nodes"] as! [String: [String: Any]]
        let factOrders = try #require(parsedNodes["model.shop_dbt.fct_orders"])
        #expect(compiledCodeKeys.allSatisfy { factOrders[$0] == nil } && factOrders["compiled_path"] is NSNull, "\(factOrders)")
        var fromCompile = try manifest()
        let compiledNodes = fromCompile["nodes"] as! [String: [String: Any]]
        #expect(compiledNodes["model.shop_dbt.fct_orders"]?["compiled_code"] is String)
        fromCompile["nodes"] = compiledNodes.mapValues { entry in
            var entry = entry.filter { !compiledCodeKeys.contains($0.key) }
            if entry["compiled_path"] != nil { entry["compiled_path"] = NSNull() }
            return entry
        }
        #expect(NSDictionary(dictionary: fromParse).isEqual(to: fromCompile))
    }
}
