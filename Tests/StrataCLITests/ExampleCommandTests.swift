import Foundation
import StrataTestSupport
import Testing

/// The README's main path: build the example on the embedded default, then look at the results.
@Suite(.serialized) struct ExampleCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
        try directory.copyContents(of: RepositoryPaths.root() + "/Examples/insurance")
    }

    @Test func buildThenQueryListAndGraph() throws {
        defer { directory.remove() }
        let build = try CLIRunner.run(["build", "--project-dir", directory.path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("OK created table finance.monthly_claims_cost"))
        #expect(build.stderr.contains("Finished 8 seeds (8 ok) and 17 models (17 ok) in"))

        let csv = try CLIRunner.run(["query", "--project-dir", directory.path, "--format", "csv", "select plan_code, count(*) as n from core.plans group by plan_code order by plan_code limit 2"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "plan_code,n")
        #expect(lines.count == 3)

        let json = try CLIRunner.run(["ls", "--project-dir", directory.path, "--select", "+claims.member_risk", "--output", "json"])
        let objects = try json.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.contains { $0["unique_id"] as? String == "model.insurance.claims.member_risk" })
        #expect(objects.allSatisfy { ($0["name"] as? String).map { !$0.isEmpty } ?? false })

        let dot = try CLIRunner.run(["graph", "--project-dir", directory.path, "--format", "dot"])
        #expect(dot.stdout.contains("\"model.insurance.claims.claim_facts\" -> \"model.insurance.claims.member_risk\";"))

        let manifestText = try String(contentsOfFile: directory.path + "/target/manifest.json", encoding: .utf8)
        let manifest = try JSONSerialization.jsonObject(with: Data(manifestText.utf8)) as! [String: Any]
        let parents = (manifest["parent_map"] as! [String: [String]])["model.insurance.claims.member_risk"]
        #expect(parents == ["model.insurance.claims.claim_facts", "model.insurance.core.members"])
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/target/run_results.json"))) as! [String: Any]
        #expect((results["results"] as! [[String: Any]]).count == 25)
    }

    @Test func jsonLogsAreOneObjectPerLine() throws {
        defer { directory.remove() }
        let output = try CLIRunner.run(["seed", "--project-dir", directory.path, "--log-format", "json"])
        #expect(output.status == 0)
        let events = try output.stderr.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(events.filter { $0["event"] as? String == "node_finished" }.count == 8)
        #expect(events.last?["event"] as? String == "run_finished")
    }

    @Test func initScaffoldsAProjectThatBuilds() throws {
        defer { directory.remove() }
        let project = directory.path + "/fresh"
        #expect(try CLIRunner.run(["init", project]).status == 0)
        let build = try CLIRunner.run(["build", "--project-dir", project])
        #expect(build.status == 0, "\(build.stderr)")
        let query = try CLIRunner.run(["query", "--project-dir", project, "--format", "csv", "select name, orders from mart.customer_orders order by name"])
        #expect(query.stdout == "name,orders\nAda,2\nGrace,1\nLinus,1\n")
    }
}
