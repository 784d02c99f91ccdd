import Foundation
import StrataCore
import StrataDiagnostics
import StrataSQLite
import StrataTestSupport
import Testing

/// Runs the data tests of `Tests/Fixtures/Projects/tests_dbt` on SQLite: outcomes, failure counts, `where`,
/// `limit`, `warn_if`, stored failures, and `build` skipping what is downstream of a failing error test.
@Suite struct DataTestRunTests {
    static let target = TargetInfo(name: "test", type: "sqlite", schema: "main", database: "main", threads: 2)

    func withProject(_ body: (ProjectHarness, SQLiteAdapter) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Tests/Fixtures/Projects/tests_dbt")
        let harness = try ProjectHarness(directory: directory.path, target: Self.target, traits: SQLiteAdapter.engineTraits)
        let adapter = try await SQLiteAdapter.open(path: directory.path + "/warehouse.sqlite")
        do {
            try await body(harness, adapter)
        } catch {
            await adapter.close()
            throw error
        }
        await adapter.close()
    }

    func build(_ harness: ProjectHarness, _ adapter: SQLiteAdapter, storeFailures: Bool = false) async -> RecordingReporter {
        let reporter = RecordingReporter()
        let ids = harness.ids([.model, .seed, .test])
        var compiled = harness.compiled
        compiled.graph = compiled.buildGraph(selected: ids)
        let runner = Runner(compiled: compiled, adapter: adapter, reporter: reporter)
        _ = await runner.run(selected: ids, options: RunOptions(command: "build", threads: 2, storeFailures: storeFailures))
        return reporter
    }

    @Test func buildJudgesEveryTestAndSkipsDescendantsOfFailures() async throws {
        try await withProject { harness, adapter in
            let results = await build(harness, adapter).results
            let expected: [String: (NodeStatus, Int)] = [
                "unique_customers_customer_id": (.pass, 0),
                "not_null_customers_customer_id": (.pass, 0),
                "accepted_values_customers_country__DE__FR": (.warn, 1),
                "unique_orders_order_id": (.fail, 1),
                "not_null_orders_order_id": (.pass, 0),
                // `where: order_id < 4` leaves out the order of the unknown customer.
                "relationships_orders_customer_id__customer_id__ref_customers_": (.pass, 0),
                // One bad status, below `warn_if: >= 5`.
                "accepted_values_orders_status__placed__shipped": (.pass, 1),
                "is_positive_orders_amount": (.fail, 1),
                // Six rows, cut to two by `limit`, warn severity from config().
                "assert_small_amounts": (.warn, 2),
                "source_unique_raw_raw_customers_id": (.pass, 0),
            ]
            for (name, (status, failures)) in expected {
                #expect(results[name]?.status == status, "\(name)")
                #expect(results[name]?.failures == failures, "\(name)")
            }
            #expect(results["order_summary"]?.status == .skipped)
            #expect(results["customer_report"]?.status == .success)
        }
    }

    @Test func testCommandRunsOnlyTests() async throws {
        try await withProject { harness, adapter in
            _ = await harness.run(harness.ids([.model, .seed]), on: adapter)
            let reporter = RecordingReporter()
            let summary = await Runner(compiled: harness.compiled, adapter: adapter, reporter: reporter)
                .run(selected: harness.ids([.test]), options: RunOptions(command: "test", threads: 2))
            #expect(summary.results.count == 10)
            #expect(summary.count(.fail) == 2)
            #expect(summary.count(.warn) == 2)
            #expect(summary.results.allSatisfy { $0.resourceType == .test })
        }
    }

    @Test func storeFailuresKeepsFailingRowsInTheAuditSchema() async throws {
        try await withProject { harness, adapter in
            _ = await build(harness, adapter, storeFailures: true)
            let rows = try await adapter.query("select unique_field, n_records from main_dbt_test__audit.unique_orders_order_id", limit: nil).rows
            #expect(rows == [[.integer(5), .integer(2)]])
            let amounts = try await adapter.query("select amount from main_dbt_test__audit.is_positive_orders_amount", limit: nil).rows
            #expect(amounts == [[.integer(-5)]])
        }
    }

    @Test func selectingAModelSelectsItsTests() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Tests/Fixtures/Projects/tests_dbt")
        let harness = try ProjectHarness(directory: directory.path, target: Self.target, traits: SQLiteAdapter.engineTraits)
        let selector = NodeSelector(graph: harness.compiled.graph)
        let selected = selector.select(try SelectorParser.parse(["customers"]), exclude: nil)
        let names = Set(selected.compactMap { harness.compiled.graph.node($0)?.name })
        #expect(names.isSuperset(of: ["customers", "unique_customers_customer_id", "accepted_values_customers_country__DE__FR"]))
        // relationships tests orders against customers; eager selection includes it too.
        #expect(names.contains("relationships_orders_customer_id__customer_id__ref_customers_"))
        let byType = selector.select(try SelectorParser.parse(["test_type:singular"]), exclude: nil)
        #expect(byType.compactMap { harness.compiled.graph.node($0)?.name } == ["assert_small_amounts"])
        let byName = selector.select(try SelectorParser.parse(["test_name:accepted_values"]), exclude: nil)
        #expect(byName.count == 2)
    }
}
