import Foundation
import StrataCore
import StrataDiagnostics
import StrataPostgres
import StrataTestSupport
import Testing

/// Builds the dbt fixture with Strata on PostgreSQL, through the fixture's own `postgres` target, and compares
/// every relation and every data test outcome with what real dbt-postgres left
/// (`Tests/Fixtures/Projects/shop_dbt/expected/postgres`, made by its `regenerate.sh`).
///
/// The target fixes the database (`strata_test`) and schemas (`shop`, `marts`), so this test owns them: it
/// creates the database when missing and drops both schemas before building.
@Suite struct DbtParityPostgresTests {
    static let fixture = RepositoryPaths.root() + "/Tests/Fixtures/Projects/shop_dbt"
    static let expected = fixture + "/expected/postgres"

    @Test func everyRelationAndTestOutcomeMatchesDbtPostgres() async throws {
        guard PostgresTestServer.isAvailable, let server = PostgresTestServer.config else { return }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: Self.fixture)
        let (harness, config) = try Self.compileForPostgresTarget(directory.path, server: server)
        try await TestDatabase.create(config.database, on: server)
        let adapter = try await PostgresAdapter.open(config, connections: 5, applicationName: "strata dbt parity test")
        _ = try await adapter.execute("DROP SCHEMA IF EXISTS shop CASCADE; DROP SCHEMA IF EXISTS marts CASCADE")
        let reporter = RecordingReporter()
        let summary = await harness.run(harness.ids([.model, .seed, .test]), on: adapter, reporter: reporter)
        #expect(summary.count(.error) == 0, "\(reporter.results.values.compactMap(\.diagnostic).map(\.message))")

        let compared = try await RelationDump.expectRelationsMatch(referenceFolder: Self.expected, skipping: ["test_results.tsv"]) { relation in
            let header = try await Self.informationSchemaHeader(relation, adapter: adapter)
            let rows = try await adapter.query("select * from \(relation.quoted)", limit: nil)
            return RelationDump.text(header: header, rows: rows.rows, style: .postgresCopy)
        }
        // Nothing more than dbt left either: no scratch tables, no extra relations.
        let left = try await adapter.query(
            "select table_schema || '.' || table_name from information_schema.tables where table_schema in ('shop', 'marts')", limit: nil)
        #expect(Set(left.rows.compactMap { $0.first?.text }) == Set(compared.map(\.description)))
        #expect(compared.count == 21)

        var outcomes = "unique_id\tstatus\tfailures\n"
        for result in reporter.results.values.filter({ $0.resourceType == .test }).sorted(by: { $0.nodeID < $1.nodeID }) {
            outcomes += "\(result.nodeID)\t\(result.status.rawValue)\t\(result.failures ?? -1)\n"
        }
        let reference = try String(contentsOfFile: Self.expected + "/test_results.tsv", encoding: .utf8)
        #expect(outcomes == reference, "\(unifiedDiff(expected: reference, actual: outcomes))")
        await adapter.close()
    }

    /// Loads the project, resolves its `postgres` target from `profiles.yml` the way the CLI does and compiles it.
    /// The profile reads port, user and password from `STRATA_PG_*`; those not set come from the test server.
    static func compileForPostgresTarget(_ directory: String, server: PostgresConnectionConfig) throws -> (ProjectHarness, PostgresConnectionConfig) {
        var environment = ProcessInfo.processInfo.environment
        environment["STRATA_PG_PORT"] = environment["STRATA_PG_PORT"] ?? String(server.port)
        environment["STRATA_PG_USER"] = environment["STRATA_PG_USER"] ?? server.user
        environment["STRATA_PG_PASSWORD"] = environment["STRATA_PG_PASSWORD"] ?? server.password ?? ""
        let diagnostics = DiagnosticCollector()
        let project = try #require(ProjectLoader(diagnostics: diagnostics).load(directory: directory), "\(diagnostics.diagnostics)")
        let target = try TargetResolver(environment: environment, renderText: ProfileRenderer.render).resolve(
            project: project, targetName: "postgres", targetURL: nil, profilesDir: directory, threads: nil)
        guard case .postgres(var config) = target.connection else { throw TestFailure("the postgres target resolved to \(target.connection)") }
        #expect(config.database == "strata_test" && target.info.schema == "shop")
        config.sslMode = "disable"
        return (try ProjectHarness(directory: directory, target: target.info, traits: PostgresAdapter.engineTraits), config)
    }

    /// `name:type` per column with the type as `information_schema.columns.data_type` names it, as the reference.
    static func informationSchemaHeader(_ relation: Relation, adapter: PostgresAdapter) async throws -> [String] {
        let columns = try await adapter.query(
            """
            select column_name || ':' || data_type from information_schema.columns
            where table_schema = '\(relation.schema)' and table_name = '\(relation.identifier)' order by ordinal_position
            """, limit: nil)
        return columns.rows.compactMap { $0.first?.text }
    }
}

/// A failure with a message, for a test that cannot go on.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Databases that tests whose targets fix a database name create on the test server.
enum TestDatabase {
    /// Creates a database unless it exists.
    /// - Parameters:
    ///   - name: the database.
    ///   - server: the test server's settings (any database on it).
    static func create(_ name: String, on server: PostgresConnectionConfig) async throws {
        let adapter = try await PostgresAdapter.open(server, connections: 1)
        do {
            let exists = try await adapter.query("select 1 from pg_database where datname = '\(name)'", limit: nil)
            if exists.rows.isEmpty { _ = try await adapter.execute("CREATE DATABASE \(Relation.quote(name))") }
        } catch let error as DatabaseError where error.code == "42P04" || error.code == "23505" {
            // Another test created it in the meantime.
        } catch {
            await adapter.close()
            throw error
        }
        await adapter.close()
    }
}
