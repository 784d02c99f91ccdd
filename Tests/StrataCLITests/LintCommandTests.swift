import Foundation
import StrataTestSupport
import Testing

/// `strata lint`, and `build`/`run` refusing to touch the warehouse while lint errors remain.
@Suite struct LintCommandTests {
    /// A plain project whose `app_sales` model reads `raw` directly, which its rules forbid.
    static func project(severity: String = "error") throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("strata.yml", """
            name: shop
            lint:
              schemas:
                core: [raw]
                "app_*": [core, self]
              severity: \(severity)
            """)
        try directory.write("seeds/raw/customers.csv", "id,name\n1,Ada\n")
        try directory.write("models/core/customers.sql", "select id, name from raw.customers\n")
        try directory.write("models/app_sales/summary.sql", "select c.id\nfrom core.customers c\n  join raw.customers r on r.id = c.id\n")
        return directory
    }

    private func warehouseFiles(_ directory: TemporaryDirectory) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path + "/target")) ?? []).filter { $0.hasSuffix(".sqlite") }
    }

    @Test func violationsExitOneWithTheReferenceLocation() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let output = try CLIRunner.run(["lint", "--project-dir", directory.path])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("models/app_sales/summary.sql:3:8: error: 'app_sales.summary' in schema 'app_sales' reads 'raw.customers'"))
        #expect(output.stderr.contains("[L6001]"))
        #expect(output.stderr.contains("  join raw.customers r on r.id = c.id"))
        #expect(output.stderr.contains("lint: 1 error, 0 warnings"))
    }

    @Test func jsonFormatPrintsOneObjectPerProblem() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let output = try CLIRunner.run(["lint", "--project-dir", directory.path, "--format", "json"])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["code"] as? String == "L6001")
        #expect(object["file"] as? String == "models/app_sales/summary.sql")
        #expect(object["line"] as? Int == 3)
        #expect(object["column"] as? Int == 8)
    }

    @Test func buildAndRunRefuseBeforeTouchingTheWarehouse() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        for command in ["build", "run"] {
            let output = try CLIRunner.run([command, "--project-dir", directory.path])
            #expect(output.status == 2, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("models/app_sales/summary.sql:3:8"))
            #expect(output.stderr.contains("1 lint error found; nothing was run"))
        }
        #expect(warehouseFiles(directory).isEmpty)
    }

    @Test func warningsAreReportedButDoNotStopABuild() throws {
        let directory = try Self.project(severity: "warn")
        defer { directory.remove() }
        let lint = try CLIRunner.run(["lint", "--project-dir", directory.path])
        #expect(lint.status == 0)
        #expect(lint.stderr.contains("models/app_sales/summary.sql:3:8: warning:"))
        let build = try CLIRunner.run(["build", "--project-dir", directory.path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("[L6001]"))
        #expect(!warehouseFiles(directory).isEmpty)
    }

    @Test func cleanProjectExitsZero() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        try directory.write("models/app_sales/summary.sql", "select c.id\nfrom core.customers c\n")
        let output = try CLIRunner.run(["lint", "--project-dir", directory.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("lint: 2 models checked, no problems"))
    }

    @Test func projectWithoutRulesSaysSo() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        try directory.write("strata.yml", "name: shop\n")
        let output = try CLIRunner.run(["lint", "--project-dir", directory.path])
        #expect(output.status == 0)
        #expect(output.stderr.contains("lint: no rules configured; add 'lint:' to strata.yml"))
    }

    @Test func malformedRulesExitTwo() throws {
        let directory = try Self.project(severity: "fatal")
        defer { directory.remove() }
        let output = try CLIRunner.run(["lint", "--project-dir", directory.path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("strata.yml:6:13: error: 'severity' must be 'error' or 'warn' [L6000]"))
    }
}
