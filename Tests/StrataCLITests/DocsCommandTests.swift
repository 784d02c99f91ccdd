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
