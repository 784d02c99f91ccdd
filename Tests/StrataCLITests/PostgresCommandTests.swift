import Foundation
import StrataCore
import StrataTestSupport
import Testing

/// The README's main path on PostgreSQL, end to end through the `strata` binary: build the example with
/// `--target-url`, query it, test it, then break a model and check what the user sees.
///
/// The example's layout fixes its schemas, so it is built into a database of its own on the test server.
@Suite(.serialized) struct PostgresCommandTests {
    static let databasePrefix = "strata_insurance_cli_test"
    static var database: String { "\(databasePrefix)_\(ProcessInfo.processInfo.processIdentifier)" }

    @Test func buildQueryTestThenAFailingModelKeepsThePreviousVersion() throws {
        guard PostgresTestServer.isAvailable, let server = PostgresTestServer.config else { return }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Examples/insurance")
        try Self.addDataTests(in: directory)
        var url = URLComponents()
        url.scheme = "postgresql"
        url.user = server.user
        url.password = server.password
        url.host = server.host
        url.port = server.port
        url.path = "/" + Self.database
        url.queryItems = [URLQueryItem(name: "sslmode", value: "disable")]
        let targetURL = try #require(url.string)
        func strata(_ arguments: [String]) throws -> CLIRunner.Output {
            try CLIRunner.run(arguments + ["--project-dir", directory.path, "--target-url", targetURL])
        }
        try Self.createDatabase(serverURL: PostgresTestServer.url ?? "", directory: directory)

        let build = try strata(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("Finished 8 seeds (8 ok) and 17 models (17 ok)"), "\(build.stderr)")

        let csv = try strata(["query", "--format", "csv", "select plan_code, plan_name, tier_rank from core.plans order by plan_code limit 2"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let reference = try Self.referenceRows("core.plans", columns: ["plan_code", "plan_name", "tier_rank"]).prefix(2)
        #expect(csv.stdout == "plan_code,plan_name,tier_rank\n" + reference.map { $0 + "\n" }.joined())

        let test = try strata(["test"])
        #expect(test.status == 0, "\(test.stderr)")
        #expect(test.stderr.contains("Finished 2 tests (2 pass)"), "\(test.stderr)")

        // An unknown column: the database refuses the model, the run fails, the old relation stays.
        let model = "models/finance_2/outstanding_premiums.sql"
        let original = try String(contentsOfFile: directory.path + "/" + model, encoding: .utf8)
        try directory.write(model, original.replacingOccurrences(of: "    pi.payment_status,\n", with: "    pi.payment_state,\n"))
        let line = original.components(separatedBy: "\n").firstIndex { $0.contains("pi.payment_status,") }.map { $0 + 1 } ?? 0
        let broken = try strata(["build", "--select", "finance.outstanding_premiums"])
        #expect(broken.status == 1, "\(broken.stderr)")
        #expect(broken.stderr.contains("\(model):\(line):5: error:"), "\(broken.stderr)")
        #expect(broken.stderr.contains("42703"), "\(broken.stderr)")
        #expect(broken.stderr.contains("payment_state"), "\(broken.stderr)")
        let previous = try strata(["query", "--format", "csv", "select count(*) as n, count(payment_status) as with_status from finance.outstanding_premiums"])
        #expect(previous.status == 0, "\(previous.stderr)")
        let rows = try Self.referenceRows("finance.outstanding_premiums", columns: []).count
        #expect(previous.stdout == "n,with_status\n\(rows),\(rows)\n")
    }

    /// The example has no data tests; two on a key are enough to run `strata test` against PostgreSQL.
    static func addDataTests(in directory: TemporaryDirectory) throws {
        let path = directory.path + "/models/core/schema.yml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let key = "      - name: policy_id\n        description: Policy key.\n"
        #expect(text.contains(key))
        try directory.write("models/core/schema.yml", text.replacingOccurrences(of: key, with: key + "        data_tests: [unique, not_null]\n"))
    }

    /// Creates the test's database (once per test process; see `WarehouseSandbox.createDatabase`).
    static func createDatabase(serverURL: String, directory: TemporaryDirectory) throws {
        _ = try WarehouseSandbox.createDatabase(databasePrefix, serverURL: serverURL, projectDirectory: directory.path)
    }

    /// Rows of the example's reference dump (`Examples/insurance/expected`), cut down to some columns, sorted.
    static func referenceRows(_ relation: String, columns: [String]) throws -> [String] {
        let text = try String(contentsOfFile: RepositoryPaths.root() + "/Examples/insurance/expected/\(relation).tsv", encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        let indices = columns.compactMap { header.firstIndex(of: $0) }
        return lines.dropFirst().map { row in indices.map { row[$0] }.joined(separator: ",") }.sorted()
    }
}
