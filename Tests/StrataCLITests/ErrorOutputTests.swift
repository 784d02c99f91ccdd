import Foundation
import StrataTestSupport
import Testing

/// What users see when a project is broken: located diagnostics, nothing run, the documented exit codes.
@Suite struct ErrorOutputTests {
    static let snapshots = RepositoryPaths.root() + "/Tests/StrataCLITests/Snapshots"

    @Test(arguments: ["cycle", "unknown_ref_dbt", "template_error", "sql_error", "bad_yaml"])
    func brokenProjectsAreRejectedBeforeAnythingRuns(fixture: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Tests/Fixtures/Projects/broken/\(fixture)")
        let output = try CLIRunner.run(["build", "--project-dir", directory.path])
        #expect(output.status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/target/\(fixture).sqlite"))
        assertGolden(CLIRunner.normalized(output.stderr, temporary: directory.path), at: "\(Self.snapshots)/broken-\(fixture).txt")
    }

    @Test func failingModelReportsTheDatabaseErrorAndExitsOne() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Tests/Fixtures/Projects/broken/failing_model")
        let output = try CLIRunner.run(["build", "--project-dir", directory.path, "--threads", "1"])
        #expect(output.status == 1)
        assertGolden(CLIRunner.normalized(output.stderr, temporary: directory.path), at: "\(Self.snapshots)/failing-model.txt")
        let results = try String(contentsOfFile: directory.path + "/target/run_results.json", encoding: .utf8)
        #expect(results.contains("\"status\": \"skipped\""))
        #expect(results.contains("\"status\": \"error\""))
    }

    @Test func invalidUsageExitsWith64() throws {
        let output = try CLIRunner.run(["build", "--no-such-flag"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("Unknown option '--no-such-flag'"))
    }

    @Test func unknownSelectorMethodIsAnError() throws {
        let output = try CLIRunner.run(["ls", "--project-dir", RepositoryPaths.root() + "/Examples/insurance", "--select", "tagz:finance"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("[G4101]"))
        #expect(output.stderr.contains("did you mean 'tag'?"))
    }
}
