import Foundation
import StrataTestSupport
import Testing

/// A temporary project folder and an empty warehouse for one test, on the embedded SQLite file or on a database
/// of its own on the test PostgreSQL server (nil when no server is configured).
struct WarehouseSandbox {
    enum Engine: String, CaseIterable {
        case sqlite, postgres
    }

    let directory: TemporaryDirectory
    let engine: Engine
    let targetURL: String

    /// - Parameter name: names the PostgreSQL database (`strata_<name>`), unique per test.
    init?(_ engine: Engine, name: String) throws {
        directory = try TemporaryDirectory(prefix: "strata-\(engine.rawValue)")
        self.engine = engine
        // A `models/` folder makes the directory a project, which every `strata` command needs.
        try FileManager.default.createDirectory(atPath: directory.path + "/models", withIntermediateDirectories: true)
        switch engine {
        case .sqlite:
            targetURL = "sqlite:\(directory.path)/target/warehouse.sqlite"
        case .postgres:
            guard PostgresTestServer.isAvailable, let server = PostgresTestServer.url else {
                directory.remove()
                return nil
            }
            let database = try Self.createDatabase("strata_\(name)", serverURL: server, projectDirectory: directory.path)
            var url = try #require(URLComponents(string: server))
            url.path = "/" + database
            targetURL = try #require(url.string)
        }
    }

    /// Creates a database of its own for this test process and returns its name (`<prefix>_<pid>`).
    ///
    /// Never dropped here: on PostgreSQL 15 `DROP DATABASE` waits for every backend of the server to acknowledge
    /// a barrier, which a backend waiting for `COPY` data from another (in-process, momentarily starved) test
    /// never does — so a drop could wait forever. The test server is thrown away after the run.
    static func createDatabase(_ prefix: String, serverURL: String, projectDirectory: String) throws -> String {
        let database = "\(prefix)_\(ProcessInfo.processInfo.processIdentifier)"
        let output = try CLIRunner.run(["query", "--project-dir", projectDirectory, "--target-url", serverURL, "create database \(database)"])
        #expect(output.status == 0, "create database \(database): \(output.stderr)")
        return database
    }

    func strata(_ arguments: [String]) throws -> CLIRunner.Output {
        try CLIRunner.run(arguments + ["--project-dir", directory.path, "--target-url", targetURL, "--threads", "2"])
    }

    /// A query's result as CSV.
    func query(_ sql: String) throws -> String {
        let output = try strata(["query", "--format", "csv", sql])
        #expect(output.status == 0, "\(sql): \(output.stderr)")
        return output.stdout
    }

    /// Runs statements that change the warehouse (test setup), failing the test when they fail.
    func execute(_ sql: String) throws {
        let output = try strata(["query", sql])
        #expect(output.status == 0, "\(sql): \(output.stderr)")
    }

    /// How a hand-written statement names a relation on this engine (SQLite keeps schemas in table names).
    func physical(_ schema: String, _ name: String) -> String {
        engine == .sqlite ? "\"\(schema).\(name)\"" : "\(schema).\(name)"
    }
}
