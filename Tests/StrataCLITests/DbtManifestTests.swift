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

    /// `strata parse` writes the same manifest as `strata compile`, and no compiled SQL files.
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
        #expect(NSDictionary(dictionary: fromParse).isEqual(to: try manifest()))
    }
}
