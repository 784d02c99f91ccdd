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
        // The project name is part of the run lock's key: each test gets its own.
        try "name: napping_\(UInt32.random(in: 0...UInt32.max))\n".write(toFile: directory.path + "/strata.yml", atomically: true, encoding: .utf8)
        let nap = engine == "postgres"
            ? "/*--- materialized: table ---*/\nselect 1 as a from pg_sleep(\(seconds))\n"
            // SQLite has no sleep: a recursive count takes about as long.
            : "/*--- materialized: table ---*/\nwith recursive n(i) as (select 1 union all select i + 1 from n where i < \(seconds) * 3000000) select count(*) as a from n\n"
        try nap.write(toFile: models + "/napper.sql", atomically: true, encoding: .utf8)
        try "select a from \(schema).napper\n".write(toFile: models + "/after.sql", atomically: true, encoding: .utf8)
        return directory
    }

    /// Waits for a line on stderr; a process that never prints it fails the test here, not in a confusing
    /// assertion further on (the generous bound is for a machine busy with the rest of the suite).
    static func waitUntil(
        _ running: CLIRunner.Running, prints text: String, seconds: Double = 90,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !running.stderrSoFar.contains(text), Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try #require(running.stderrSoFar.contains(text), "never printed \"\(text)\": \(running.stderrSoFar)", sourceLocation: sourceLocation)
    }

    /// Each thread's name and signal masks (`/proc/PID/task/*/status`), for a failure message.
    static func signalStates(of pid: Int32) -> String {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.sorted().map { task -> String in
            let base = "/proc/\(pid)/task/\(task)"
            let name = (try? String(contentsOfFile: base + "/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            let status = (try? String(contentsOfFile: base + "/status", encoding: .utf8)) ?? ""
            let masks = status.split(separator: "\n").filter { ["SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt", "State"].contains(where: $0.hasPrefix) }
            return "\(task) \(name): " + masks.joined(separator: " ")
        }.joined(separator: "\n")
    }

    @Test func secondRunWaitsForTheFirstOrFailsAtOnceWithNoWait() async throws {
        guard PostgresTestServer.isAvailable, let url = PostgresTestServer.url else { return }
        let schema = PostgresTestServer.uniqueSchema("runlock")
        let project = try Self.nappingProject(schema: schema, seconds: 60, engine: "postgres")
        defer { project.remove() }
        // The view that queued runs build reads an existing napper, so they do not nap themselves.
        _ = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "create schema \(schema); create table \(schema).napper as select 1 as a"])
        let first = try CLIRunner.start(["build", "--project-dir", project.path, "--target-url", url])
        try await Self.waitUntil(first, prints: "Running build on")
        let busy = try CLIRunner.run(["build", "--project-dir", project.path, "--target-url", url, "--no-wait", "--select", "after"])
        #expect(busy.status == 75)
        #expect(busy.stderr.contains("another run holds the lock on napping_"))
        #expect(busy.stderr.contains("strata build (pid \(first.process.processIdentifier)"))
        let queued = try CLIRunner.start(["build", "--project-dir", project.path, "--target-url", url, "--select", "after"])
        try await Self.waitUntil(queued, prints: "waiting for the run lock on napping_")
        #expect(queued.stderrSoFar.contains("held by strata build (pid \(first.process.processIdentifier)"))
        first.signal(SIGINT)
        #expect(first.wait().status == 130)
        let second = queued.wait()
        #expect(second.status == 0, "\(second.stderr)")
        _ = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "drop schema \(schema) cascade"])
    }

    @Test func sqliteRunsTakeTheLockAndACrashReleasesIt() async throws {
        // Long enough to still be running when the second process gets going on a busy machine; it is killed.
        let project = try Self.nappingProject(schema: "main", seconds: 120, engine: "sqlite")
        defer { project.remove() }
        let first = try CLIRunner.start(["build", "--project-dir", project.path])
        try await Self.waitUntil(first, prints: "Running build on")
        let busy = try CLIRunner.run(["build", "--project-dir", project.path, "--no-wait"])
        #expect(busy.status == 75)
        #expect(busy.stderr.contains("strata build (pid \(first.process.processIdentifier)"))
        first.signal(SIGKILL)
        _ = first.wait()
        let after = try CLIRunner.run(["build", "--project-dir", project.path, "--no-wait", "--select", "after"])
        #expect(after.stderr.contains("Running build on 1 node"), "the lock died with its holder: \(after.stderr)")
    }

    @Test func interruptCancelsTheRunningStatementAndKeepsThePreviousVersion() async throws {
        guard PostgresTestServer.isAvailable, let url = PostgresTestServer.url else { return }
        let schema = PostgresTestServer.uniqueSchema("cancel")
        // Far longer than any scheduling delay: with the suite's other tests holding the test process's threads, the
        // signal has been seen to go out only after a 30-second nap had ended.
        let project = try Self.nappingProject(schema: schema, seconds: 300, engine: "postgres")
        defer { project.remove() }
        let select = "select count(*) from pg_class where relnamespace = '\(schema)'::regnamespace"
        _ = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "create schema \(schema); create table \(schema).napper as select 41 as a"])
        let run = try CLIRunner.start(["build", "--project-dir", project.path, "--target-url", url])
        try await Self.waitUntil(run, prints: "Running build on")
        try await Task.sleep(for: .milliseconds(500))
        // Timed from the signal, not from the start: on a loaded machine the process can take many seconds to get
        // going, while a statement that was not cancelled keeps the run alive for most of its five-minute nap.
        let interrupted = Date()
        run.signal(SIGINT)
        // Should the interrupt ever go unnoticed again (a CI run once saw that), say what the threads' signal masks
        // were, while the process is still there to ask.
        var signalStates = ""
        for _ in 0..<100 where !run.stderrSoFar.contains("interrupted:") && !run.stderrSoFar.contains("Finished") {
            try await Task.sleep(for: .milliseconds(100))
        }
        if !run.stderrSoFar.contains("interrupted:") {
            signalStates = "pid \(run.process.processIdentifier) (running: \(run.process.isRunning))\n"
                + Self.signalStates(of: run.process.processIdentifier)
        }
        let output = run.wait()
        #expect(output.status == 130, "\(signalStates)")
        #expect(Date().timeIntervalSince(interrupted) < 200, "the server-side statement was not cancelled")
        #expect(output.stderr.contains("interrupted: cancelling the run"))
        #expect(output.stderr.contains("canceling statement due to user request"))
        let left = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "--format", "csv", "select a from \(schema).napper; "])
        #expect(left.stdout == "a\n41\n")
        let relations = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "--format", "csv", select])
        #expect(relations.stdout == "count\n1\n", "scratch tables were left behind")
        _ = try CLIRunner.run(["query", "--project-dir", project.path, "--target-url", url, "drop schema \(schema) cascade"])
    }

    @Test func interruptStopsARunningSQLiteStatementAndKeepsThePreviousVersion() async throws {
        let project = try Self.nappingProject(schema: "main", seconds: 300, engine: "sqlite")
        defer { project.remove() }
        _ = try CLIRunner.run(["query", "--project-dir", project.path, "create table napper as select 41 as a"])
        let run = try CLIRunner.start(["build", "--project-dir", project.path])
        try await Self.waitUntil(run, prints: "Running build on")
        try await Task.sleep(for: .milliseconds(500))
        let interrupted = Date()
        run.signal(SIGINT)
        let output = run.wait()
        #expect(output.status == 130)
        #expect(Date().timeIntervalSince(interrupted) < 200, "the running statement was not interrupted")
        #expect(output.stderr.contains("asked the warehouse to cancel 1 running statement"), "\(output.stderr)")
        #expect(output.stderr.contains("interrupted (SQLITE_INTERRUPT)"))
        let left = try CLIRunner.run(["query", "--project-dir", project.path, "--format", "csv", "select a from main.napper"])
        #expect(left.stdout == "a\n41\n")
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
