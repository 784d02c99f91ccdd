import Foundation
import StrataCore
import StrataDiagnostics
import StrataSQLite
import StrataTestSupport
import Testing

/// Builds the example project into a real SQLite file and checks what came out.
@Suite struct ExampleProjectTests {
    static let target = TargetInfo(name: "test", type: "sqlite", schema: "main", database: "main", threads: 4)

    func withWarehouse(_ project: String, _ body: (ProjectHarness, SQLiteAdapter, TemporaryDirectory) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/" + project)
        let harness = try ProjectHarness(directory: directory.path, target: Self.target, traits: SQLiteAdapter.engineTraits)
        let adapter = try await SQLiteAdapter.open(path: directory.path + "/warehouse.sqlite")
        do {
            try await body(harness, adapter, directory)
        } catch {
            await adapter.close()
            throw error
        }
        await adapter.close()
    }

    @Test func buildsEveryNodeOfTheExample() async throws {
        try await withWarehouse("Examples/insurance") { harness, adapter, _ in
            let summary = await harness.run(harness.ids([.model, .seed]), on: adapter)
            #expect(!summary.hasFailures)
            #expect(summary.count(.success) == harness.ids([.model, .seed]).count - harness.compiled.nodes.values.count { $0.materialization == "ephemeral" })
            let members = try await adapter.query("select count(*) from raw.members", limit: nil).rows.first?.first
            let csvRows = try String(contentsOfFile: RepositoryPaths.root() + "/Examples/insurance/seeds/raw/members.csv", encoding: .utf8)
                .split(separator: "\n").count - 1
            #expect(members == .integer(Int64(csvRows)))
            #expect(try await adapter.relationKind(Relation(schema: "core", identifier: "policy_holders")) == nil)
        }
    }

    @Test func failingModelSkipsOnlyItsDescendants() async throws {
        try await withWarehouse("Tests/Fixtures/Projects/broken/failing_model") { harness, adapter, _ in
            let reporter = RecordingReporter()
            let summary = await harness.run(harness.ids([.model, .seed]), on: adapter, reporter: reporter, threads: 2)
            let results = reporter.results
            #expect(summary.hasFailures)
            #expect(results["app.discounted_orders"]?.status == .error)
            #expect(results["app.discount_report"]?.status == .skipped)
            #expect(results["app.order_totals"]?.status == .success)
            #expect(results["app.orders"]?.status == .success)
            let diagnostic = try #require(results["app.discounted_orders"]?.diagnostic)
            #expect(diagnostic.code == "D3001")
            #expect(diagnostic.primary?.file.path == "models/app/discounted_orders.sql")
        }
    }

    @Test func failFastSkipsEverythingNotStarted() async throws {
        try await withWarehouse("Tests/Fixtures/Projects/broken/failing_model") { harness, adapter, _ in
            let reporter = RecordingReporter()
            let summary = await harness.run(harness.ids([.model, .seed]), on: adapter, reporter: reporter, threads: 1, failFast: true)
            #expect(summary.hasFailures)
            #expect(reporter.results.values.contains { $0.status == .skipped })
        }
    }
}

/// Compares Strata's SQLite build of the example with results an independent validator produced on PostgreSQL
/// (`Examples/insurance/expected/`, normalized as its README describes).
@Suite struct ExampleExpectedResultsTests {
    static let expected = RepositoryPaths.root() + "/Examples/insurance/expected"

    @Test func everyRelationMatchesThePostgreSQLReference() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Examples/insurance")
        let harness = try ProjectHarness(directory: directory.path, target: ExampleProjectTests.target, traits: SQLiteAdapter.engineTraits)
        let adapter = try await SQLiteAdapter.open(path: directory.path + "/w.sqlite")
        let summary = await harness.run(harness.ids([.model, .seed]), on: adapter)
        #expect(!summary.hasFailures)
        let compared = try await RelationDump.expectRelationsMatch(referenceFolder: Self.expected, skipping: ["graph.tsv"]) { relation in
            let result = try await adapter.query("select * from \(relation.quoted)", limit: nil)
            return RelationDump.text(header: result.columns.map(\.name), rows: result.rows, style: .sixDecimals)
        }
        #expect(compared.count == 25)
        await adapter.close()
    }

    @Test func inferredDependenciesMatchTheReferenceGraph() throws {
        let harness = try ProjectHarness(
            directory: RepositoryPaths.root() + "/Examples/insurance", target: ExampleProjectTests.target, traits: SQLiteAdapter.engineTraits)
        let graph = harness.compiled.graph
        let reference = try String(contentsOfFile: Self.expected + "/graph.tsv", encoding: .utf8)
        var actual = ""
        for node in graph.nodes.filter({ $0.resourceType == .model }).sorted(by: { $0.name < $1.name }) {
            let parents = graph.parents(of: node.id).compactMap { graph.node($0)?.name }.sorted()
            actual += "\(node.name)\t\(parents.joined(separator: ","))\n"
        }
        #expect(actual == reference, "\(unifiedDiff(expected: reference, actual: actual))")
    }
}
