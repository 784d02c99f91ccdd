import Foundation
import StrataTestSupport
import Testing

/// `state:` selectors against a saved manifest, and `--since <git-ref>`.
@Suite struct StateSelectionTests {
    /// raw.orders (seed) → core.orders → marts.daily, marts.by_customer; core.customers stands alone.
    static func project() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("strata.yml", "name: shop\n")
        try directory.write("seeds/raw/orders.csv", "id,customer_id,amount\n1,1,10\n")
        try directory.write("models/core/orders.sql", "select id, customer_id, amount from raw.orders\n")
        try directory.write("models/core/customers.sql", "select 1 as id\n")
        try directory.write("models/marts/daily.sql", "select count(*) as n from core.orders\n")
        try directory.write("models/marts/by_customer.sql", "select customer_id, sum(amount) as total from core.orders group by 1\n")
        return directory
    }

    private func ls(_ directory: TemporaryDirectory, _ arguments: [String]) throws -> CLIRunner.Output {
        try CLIRunner.run(["ls", "--project-dir", directory.path, "--resource-type", "model", "seed"] + arguments)
    }

    private func lines(_ output: CLIRunner.Output) -> [String] {
        output.stdout.split(separator: "\n").map(String.init)
    }

    /// Compiles the project and keeps its manifest in `state/`, as a CI job keeps production's.
    private func saveState(_ directory: TemporaryDirectory) throws -> String {
        let compile = try CLIRunner.run(["compile", "--project-dir", directory.path])
        #expect(compile.status == 0, "\(compile.stderr)")
        let state = directory.path + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: directory.path + "/target/manifest.json", toPath: state + "/manifest.json")
        return state
    }

    @Test func modifiedPlusSelectsTheEditedModelAndItsDescendants() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let state = try saveState(directory)
        #expect(lines(try ls(directory, ["--select", "state:modified", "--state", state])).isEmpty)
        try directory.write("models/core/orders.sql", "select id, customer_id, amount * 2 as amount from raw.orders\n")
        let output = try ls(directory, ["--select", "state:modified+", "--state", state])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(lines(output) == ["core.orders", "marts.by_customer", "marts.daily"])
        #expect(lines(try ls(directory, ["--select", "state:modified.body", "--state", state])) == ["core.orders"])
        #expect(lines(try ls(directory, ["--select", "state:modified.configs", "--state", state])).isEmpty)
        #expect(lines(try ls(directory, ["--select", "+state:modified", "--state", state])) == ["core.orders", "raw.orders"])
        let unmodified = lines(try ls(directory, ["--select", "state:unmodified", "--state", state]))
        #expect(unmodified == ["core.customers", "marts.by_customer", "marts.daily", "raw.orders"])
    }

    @Test func configChangesAreModifiedConfigs() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let state = try saveState(directory)
        try directory.write("models/marts/daily.sql", "/*---\nmaterialized: table\n---*/\nselect count(*) as n from core.orders\n")
        #expect(lines(try ls(directory, ["--select", "state:modified.configs", "--state", state])) == ["marts.daily"])
    }

    @Test func newSelectsOnlyAddedNodes() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let state = try saveState(directory)
        try directory.write("models/marts/top.sql", "select * from marts.by_customer order by total desc limit 10\n")
        #expect(lines(try ls(directory, ["--select", "state:new", "--state", state])) == ["marts.top"])
        #expect(lines(try ls(directory, ["--select", "state:modified", "--state", state])) == ["marts.top"])
        #expect(!lines(try ls(directory, ["--select", "state:old", "--state", state])).contains("marts.top"))
    }

    @Test func stateSelectorWithoutStateIsAnError() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let output = try ls(directory, ["--select", "state:modified+"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("'state:modified+' compares with a saved manifest, but no --state was given [G4201]"))
        let missing = try ls(directory, ["--select", "state:new", "--state", directory.path + "/nowhere"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("[G4202]"))
    }

    @Test func sinceSelectsFilesChangedSinceACommitAndTheirDescendants() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        try git(["init", "-q"], in: directory.path)
        try git(["add", "."], in: directory.path)
        try git(["commit", "-q", "-m", "first"], in: directory.path)
        try directory.write("models/core/orders.sql", "select id, customer_id, amount from raw.orders where amount > 0\n")
        try git(["commit", "-q", "-am", "second"], in: directory.path)

        #expect(lines(try ls(directory, ["--since", "HEAD~1"])) == ["core.orders", "marts.by_customer", "marts.daily"])
        #expect(lines(try ls(directory, ["--since", "HEAD"])).isEmpty)
        #expect(lines(try ls(directory, ["--since", "HEAD~1", "--select", "marts.daily"])) == ["marts.daily"])

        // Uncommitted and untracked files count too.
        try directory.write("models/core/customers.sql", "select 2 as id\n")
        try directory.write("models/marts/new_one.sql", "select 1 as x\n")
        #expect(lines(try ls(directory, ["--since", "HEAD"])) == ["core.customers", "marts.new_one"])

        let unknown = try ls(directory, ["--since", "no-such-branch"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("cannot list the files changed since 'no-such-branch': git knows no commit named 'no-such-branch' [G4203]"))
    }

    @Test func sinceOutsideAGitRepositoryIsAnError() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let output = try ls(directory, ["--since", "main"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("is not inside a git work tree [G4203]"))
    }

    private func git(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Strata Tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments)")
    }
}
