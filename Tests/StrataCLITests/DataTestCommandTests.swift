import Foundation
import StrataTestSupport
import Testing

/// `strata build` and `strata test` on the data-test fixture: progress lines, exit codes, stored failures and
/// the artifacts' test fields.
@Suite(.serialized) struct DataTestCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
        try directory.copyContents(of: RepositoryPaths.root() + "/Tests/Fixtures/Projects/tests_dbt")
    }

    func run(_ arguments: [String]) throws -> CLIRunner.Output {
        try CLIRunner.run(arguments + ["--project-dir", directory.path, "--profiles-dir", directory.path])
    }

    @Test func buildRunsTestsAndSkipsDescendantsOfFailures() throws {
        defer { directory.remove() }
        let build = try run(["build"])
        #expect(build.status == 1)
        #expect(build.stderr.contains("FAIL 1 unique_orders_order_id"))
        #expect(build.stderr.contains("[FAIL 1 in "))
        #expect(build.stderr.contains("WARN 2 assert_small_amounts"))
        #expect(build.stderr.contains("PASS not_null_orders_order_id"))
        #expect(build.stderr.contains("SKIP view main.order_summary"))
        #expect(build.stderr.contains("error: failure in test 'unique_orders_order_id': got 1 result, configured to fail if != 0 [T5010]"))
        #expect(build.stderr.contains("and 10 tests (6 pass, 2 warn, 2 fail)"))

        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/target/run_results.json"))) as! [String: Any]
        let unique = (results["results"] as! [[String: Any]]).first { ($0["unique_id"] as? String)?.contains("unique_orders_order_id") == true }
        #expect(unique?["status"] as? String == "fail")
        #expect(unique?["failures"] as? Int == 1)

        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/target/manifest.json"))) as! [String: Any]
        let nodes = manifest["nodes"] as! [String: [String: Any]]
        let test = try #require(nodes.values.first { $0["name"] as? String == "relationships_orders_customer_id__customer_id__ref_customers_" })
        #expect(test["resource_type"] as? String == "test")
        #expect(test["attached_node"] as? String == "model.tests_dbt.orders")
        #expect(test["column_name"] as? String == "customer_id")
        let metadata = test["test_metadata"] as? [String: Any]
        #expect(metadata?["name"] as? String == "relationships")
        #expect((metadata?["kwargs"] as? [String: Any])?["to"] as? String == "ref('customers')")
    }

    @Test func testCommandSelectsAModelsTestsAndStoresFailures() throws {
        defer { directory.remove() }
        let seeds = try run(["seed"])
        #expect(seeds.status == 0)
        #expect(try run(["run"]).status == 0)
        let test = try run(["test", "--select", "orders", "--store-failures"])
        #expect(test.status == 1)
        #expect(test.stderr.contains("Finished 6 tests (3 pass, 1 warn, 2 fail)"))
        #expect(!test.stderr.contains("customers_customer_id"))
        let rows = try CLIRunner.run([
            "query", "--project-dir", directory.path, "--profiles-dir", directory.path, "--format", "csv",
            "select unique_field, n_records from main_dbt_test__audit.unique_orders_order_id",
        ])
        #expect(rows.stdout == "unique_field,n_records\n5,2\n", "\(rows.stderr)")
        let byName = try run(["test", "--select", "test_name:unique"])
        #expect(byName.stderr.contains("Finished 3 tests (2 pass, 1 fail)"))
        let json = try run(["test", "--select", "test_name:unique", "--log-format", "json"])
        let events = try json.stderr.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let failed = events.first { $0["event"] as? String == "node_finished" && $0["status"] as? String == "fail" }
        #expect(failed?["name"] as? String == "unique_orders_order_id")
        #expect(failed?["failures"] as? Int == 1)
    }
}

/// `strata build` of the shop_dbt fixture: every data test ends as dbt's own run ended it
/// (`expected/sqlite/test_results.tsv`: unique id, status, failures).
@Suite struct ShopDataTestResultsTests {
    @Test func everyTestMatchesDbt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = RepositoryPaths.root() + "/Tests/Fixtures/Projects/shop_dbt"
        try directory.copyContents(of: fixture)
        let build = try CLIRunner.run(["build", "--project-dir", directory.path, "--profiles-dir", directory.path, "--log-format", "json"])
        #expect(build.status == 0, "\(build.stderr)")
        var actual: [String: String] = [:]
        for line in build.stderr.split(separator: "\n") {
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                event["event"] as? String == "node_finished", let id = event["unique_id"] as? String, id.hasPrefix("test.")
            else { continue }
            actual[id] = "\(event["status"] as? String ?? "")\t\(event["failures"] as? Int ?? -1)"
        }
        let expectedText = try String(contentsOfFile: fixture + "/expected/sqlite/test_results.tsv", encoding: .utf8)
        var expected: [String: String] = [:]
        for line in expectedText.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            expected[String(fields[0])] = "\(fields[1])\t\(fields[2])"
        }
        #expect(expected.count == 32)
        #expect(actual == expected)
    }
}
