import Foundation
import StrataCore
import StrataTestSupport
import Testing

/// The run lock, cancellation and `strata debug`, driven through the real binary against a real PostgreSQL (and
/// SQLite for the lock).
@Suite struct RunControlTests {
    /// A plain-layout project whose first model naps on the server, so a run is still going when we poke it.
    static func nappingProject(schema: String, seconds: Int, engine: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(prefix: "strata-run-control")
        let models = directory.path + "/models/" + schema
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        try "name: napping\n".write(toFile: directory.path + "/strata.yml", atomically: true, encoding: .utf8)
        let nap = engine == "postgres"
            ? "/*--- materialized: table ---*/\nselect 1 as a from pg_sleep(\(seconds))\n"
            // SQLite has no sleep: a recursive count takes about as long.
            : "/*--- materialized: table ---*/\nwith recursive n(i) as (select 1 union all select i + 1 from n where i < \(seconds) * 3000000) select count(*) as a from n\n"
        try nap.write(toFile: models + "/napper.sql", atomically: true, encoding: .utf8)
        try "select a from \(schema).napper\n".write(toFile: models + "/after.sql", atomically: true, encoding: .utf8)
        return directory
    }

    static func waitUntil(_ running: CLIRunner.Running, prints text: String, seconds: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !running.stderrSoFar.contains(text), Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
    }

    @Test func secondRunWaitsForTheFirstOrFailsAtOnceWithNoWait() async throws {
        guard PostgresTestServer.isAvailable, let url = PostgresTestServer.url else { return }
        let schema = PostgresTestServer.uniqueSchema("runlock")
        let project = try Self.nappingProject(schema: schema, seconds: 3, engine: "postgres")
        defer { project.remove() }
        let first = try CLIRunner.start(["build", "--project-dir", project.path, "--target-url", url])
        try await Self.waitUntil(first, prints: "Running build on")
        let busy = try CLIRunner.run(["build", "--project-dir", project.path, "--target-url", url, "--no-wait"])
        #expect(busy.status == 75)
        #expect(busy.stderr.contains("another run holds the lock on napping"))
        #expect(busy.stderr.contains("strata build (pid \(first.process.processIdentifier)"))
        let queued = try CLIRunner.run(["build", "--project-dir", project.path, "--target-url", url])
        #expect(queued.status == 0)
        #expect(queued.stderr.contains("waiting for the run lock on napping"))
        #expect(first.wait().status == 0)
        _ = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "drop schema \(schema) cascade"])
    }

    @Test func sqliteRunsTakeTheLockToo() async throws {
        let project = try Self.nappingProject(schema: "main", seconds: 2, engine: "sqlite")
        defer { project.remove() }
        let first = try CLIRunner.start(["build", "--project-dir", project.path])
        try await Self.waitUntil(first, prints: "Running build on")
        let busy = try CLIRunner.run(["build", "--project-dir", project.path, "--no-wait"])
        #expect(busy.status == 75)
        #expect(busy.stderr.contains("strata build (pid \(first.process.processIdentifier)"))
        #expect(first.wait().status == 0)
    }

    @Test func interruptCancelsTheRunningStatementAndKeepsThePreviousVersion() async throws {
        guard PostgresTestServer.isAvailable, let url = PostgresTestServer.url else { return }
        let schema = PostgresTestServer.uniqueSchema("cancel")
        let project = try Self.nappingProject(schema: schema, seconds: 30, engine: "postgres")
        defer { project.remove() }
        let select = "select count(*) from pg_class where relnamespace = '\(schema)'::regnamespace"
        _ = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "create schema \(schema); create table \(schema).napper as select 41 as a"])
        let started = Date()
        let run = try CLIRunner.start(["build", "--project-dir", project.path, "--target-url", url])
        try await Self.waitUntil(run, prints: "Running build on")
        try await Task.sleep(for: .milliseconds(500))
        run.signal(SIGINT)
        let output = run.wait()
        #expect(output.status == 130)
        #expect(Date().timeIntervalSince(started) < 20, "the server-side statement was not cancelled")
        #expect(output.stderr.contains("interrupted: cancelling the run"))
        #expect(output.stderr.contains("canceling statement due to user request"))
        let left = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "--format", "csv", "select a from \(schema).napper; "])
        #expect(left.stdout == "a\n41\n")
        let relations = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "--format", "csv", select])
        #expect(relations.stdout == "count\n1\n", "scratch tables were left behind")
        _ = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "drop schema \(schema) cascade"])
    }

    @Test func debugPrintsTheServerAndFailsClearlyWhenItIsUnreachable() throws {
        guard PostgresTestServer.isAvailable, let url = PostgresTestServer.url else { return }
        let insurance = RepositoryPaths.root() + "/Examples/insurance"
        let ok = try CLIRunner.run(["debug", "--project-dir", insurance, "--target-url", url])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("server version"))
        #expect(ok.stdout.contains("All checks passed!"))
        let down = try CLIRunner.run(["debug", "--project-dir", insurance, "--target-url", "postgresql://postgres@127.0.0.1:1/nowhere"])
        #expect(down.status == 2)
        #expect(down.stderr.contains("cannot connect to PostgreSQL at 127.0.0.1:1 as postgres"))
    }
}
