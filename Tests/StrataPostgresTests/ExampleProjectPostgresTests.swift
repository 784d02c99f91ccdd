import Foundation
import StrataCore
import StrataDiagnostics
import StrataPostgres
import StrataTestSupport
import Testing

/// Builds the insurance example on PostgreSQL and compares every relation with the reference an independent
/// validator built on PostgreSQL (`Examples/insurance/expected/`; SQLite's comparison is in
/// `ExampleExpectedResultsTests`).
///
/// The plain layout fixes the schemas (`raw`, `core`, `claims`, `finance`), so the test builds into a database of
/// its own rather than into unique schemas.
@Suite struct ExampleProjectPostgresTests {
    static let database = "strata_insurance_test"
    static let schemas = ["raw", "core", "claims", "finance"]

    @Test func everyRelationMatchesThePostgreSQLReference() async throws {
        guard PostgresTestServer.isAvailable, var config = PostgresTestServer.config else { return }
        try await TestDatabase.create(Self.database, on: config)
        config.database = Self.database
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Examples/insurance")
        let target = TargetInfo(name: "test", type: "postgres", schema: "public", database: Self.database, threads: 4)
        let harness = try ProjectHarness(directory: directory.path, target: target, traits: PostgresAdapter.engineTraits)
        let adapter = try await PostgresAdapter.open(config, connections: 5, applicationName: "strata insurance test")
        _ = try await adapter.execute(Self.schemas.map { "DROP SCHEMA IF EXISTS \($0) CASCADE" }.joined(separator: ";\n"))
        let reporter = RecordingReporter()
        let summary = await harness.run(harness.ids([.model, .seed]), on: adapter, reporter: reporter)
        #expect(!summary.hasFailures, "\(reporter.results.values.compactMap(\.diagnostic).map(\.message))")

        let compared = try await RelationDump.expectRelationsMatch(referenceFolder: RepositoryPaths.root() + "/Examples/insurance/expected", skipping: ["graph.tsv"]) { relation in
            let result = try await adapter.query("select * from \(relation.quoted)", limit: nil)
            return RelationDump.text(header: result.columns.map(\.name), rows: result.rows, style: .sixDecimals)
        }
        #expect(compared.count == 25)
        // The ephemeral model is inlined, never built.
        #expect(try await adapter.relationKind(Relation(schema: "core", identifier: "policy_holders")) == nil)
        await adapter.close()
    }
}
