import Foundation
import StrataTestSupport
import Testing

/// Exports (`exports:` in strata.yml) through the `strata` binary: files on SQLite and PostgreSQL, HTTP against a
/// real local endpoint, retries, the dead-letter file, located errors and the after-build hook.
@Suite(.serialized) struct ExportCommandTests {
    typealias Engine = WarehouseSandbox.Engine

    /// A project with a three-row model of awkward values and a 25-row model, and the given exports.
    static func sandbox(_ engine: Engine, name: String, exports: String) throws -> WarehouseSandbox? {
        guard let warehouse = try WarehouseSandbox(engine, name: "export_\(name)") else { return nil }
        let directory = warehouse.directory
        try directory.write(
            "models/core/people.sql",
            """
            /*---
            materialized: table
            ---*/
            select 1 as id, 'Ada, "the first"' as name, 2.5 as score, null as note
            union all select 2, 'Bob', 10, ''
            union all select 3, 'multi
            line', -1, 'x'
            """)
        try directory.write(
            "models/core/numbers.sql",
            "with recursive n(i) as (select 1 union all select i + 1 from n where i < 25)\nselect i as id, 'row ' || i as label from n\n"
        )
        try directory.write("strata.yml", "name: exporting\nexports:\n" + exports)
        return warehouse
    }

    static let expectedCSV =
        "id,name,score,note\n1,\"Ada, \"\"the first\"\"\",2.5,\n2,Bob,10,\"\"\n3,\"multi\nline\",-1,x\n"
    static let expectedJSONLines = """
        {"id":1,"name":"Ada, \\"the first\\"","score":2.5,"note":null}
        {"id":2,"name":"Bob","score":10,"note":""}
        {"id":3,"name":"multi\\nline","score":-1,"note":"x"}

        """

    @Test(arguments: Engine.allCases) func buildWritesAfterBuildExportsAndExportRunsOneByHand(engine: Engine) throws {
        let exports = """
              - name: people_csv
                model: core.people
                path: out/people.csv
              - name: people_jsonl
                model: model.exporting.core.people
                path: out/people.jsonl
              - name: by_hand
                model: core.people
                path: out/by_hand.csv
                after_build: false

            """
        guard let sandbox = try Self.sandbox(engine, name: "files", exports: exports) else { return }
        defer { sandbox.directory.remove() }
        let out = sandbox.directory.path + "/out"
        let build = try sandbox.strata(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(try String(contentsOfFile: out + "/people.csv", encoding: .utf8) == Self.expectedCSV)
        #expect(try String(contentsOfFile: out + "/people.jsonl", encoding: .utf8) == Self.expectedJSONLines)
        #expect(build.stderr.contains("Exported 3 rows of core.people to out/people.csv in "), "\(build.stderr)")
        // Written to a temporary file and renamed: nothing else is left beside the results.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["people.csv", "people.jsonl"])

        let byHand = try sandbox.strata(["export", "by_hand"])
        #expect(byHand.status == 0, "\(byHand.stderr)")
        #expect(try String(contentsOfFile: out + "/by_hand.csv", encoding: .utf8) == Self.expectedCSV)
        let summary = CLIRunner.normalized(byHand.stderr, temporary: sandbox.directory.path)
        #expect(summary.hasSuffix("Exported 3 rows of core.people to out/by_hand.csv in <time>\n"), "\(summary)")

        // Only models built in this run are exported: a run of the other model leaves the files alone.
        try FileManager.default.removeItem(atPath: out)
        let other = try sandbox.strata(["run", "--select", "core.numbers"])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(arguments: Engine.allCases) func httpExportPostsEveryRowInBatches(engine: Engine) throws {
        let receiver = try HTTPReceiver(.accepting)
        defer { receiver.stop() }
        let exports = """
              - name: crm
                model: core.numbers
                url: \(receiver.url)
                headers: {Authorization: "Bearer secret-token"}
                batch_size: 10
                after_build: false

            """
        guard let sandbox = try Self.sandbox(engine, name: "http", exports: exports) else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        #expect(try receiver.requests().isEmpty, "after_build: false exports only run by hand")

        let export = try sandbox.strata(["export", "crm"])
        #expect(export.status == 0, "\(export.stderr)")
        let requests = try receiver.requests()
        #expect(requests.map(\.rows.count) == [10, 10, 5])
        #expect(
            requests.allSatisfy {
                $0.status == 200 && $0.contentType == "application/json" && $0.authorization == "Bearer secret-token"
            })
        let rows = requests.flatMap(\.rows)
        #expect(rows.map { $0["id"] as? Int } == (1...25).map { $0 })
        #expect(rows.map { $0["label"] as? String } == (1...25).map { "row \($0)" })
        #expect(
            export.stderr.contains("Exported 25 rows of core.numbers to \(receiver.url) in 3 batches in "),
            "\(export.stderr)")
    }

    /// An after-build HTTP export of the 25-row model in batches of 10.
    static func crm(_ receiver: HTTPReceiver, retries: Int) -> String {
        "  - name: crm\n    model: core.numbers\n    url: \(receiver.url)\n    batch_size: 10\n    retries: \(retries)\n"
    }

    @Test func aBatchWhoseFirstAttemptFailsIsDeliveredOnRetry() throws {
        let receiver = try HTTPReceiver(.failingFirstAttempts)
        defer { receiver.stop() }
        guard let sandbox = try Self.sandbox(.sqlite, name: "retry", exports: Self.crm(receiver, retries: 2)) else {
            return
        }
        defer { sandbox.directory.remove() }
        let build = try sandbox.strata(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        let requests = try receiver.requests()
        #expect(requests.map(\.status) == [503, 200, 503, 200, 503, 200])
        #expect(requests.filter { $0.status == 200 }.flatMap(\.rows).map { $0["id"] as? Int } == (1...25).map { $0 })
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory.path + "/target/dead_letter/crm.jsonl"))
    }

    @Test func batchesThatKeepFailingGoToTheDeadLetterFileAndFailTheBuild() throws {
        let receiver = try HTTPReceiver(.failing)
        defer { receiver.stop() }
        guard let sandbox = try Self.sandbox(.sqlite, name: "dead", exports: Self.crm(receiver, retries: 1)) else {
            return
        }
        defer { sandbox.directory.remove() }
        let build = try sandbox.strata(["build"])
        #expect(build.status == 1, "\(build.stderr)")
        #expect(build.stderr.contains("Finished 2 models (2 ok)"), "the models themselves built: \(build.stderr)")
        #expect(
            build.stderr.contains(
                "error: export crm: 3 of 3 batches (25 rows) could not be posted to \(receiver.url) [V9103]"),
            "\(build.stderr)")
        #expect(build.stderr.contains("= note: last error: HTTP 500: {\"error\": \"try again\"}"), "\(build.stderr)")
        // Every batch was tried twice (one retry) and then carried on with the next.
        #expect(try receiver.requests().map(\.rows.count) == [10, 10, 10, 10, 5, 5])

        let text = try String(contentsOfFile: sandbox.directory.path + "/target/dead_letter/crm.jsonl", encoding: .utf8)
        let lines = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.map { $0["batch"] as? Int } == [1, 2, 3])
        #expect(lines.allSatisfy { $0["attempts"] as? Int == 2 && $0["export"] as? String == "crm" })
        let rows = lines.flatMap { $0["rows"] as? [[String: Any]] ?? [] }
        #expect(rows.map { $0["id"] as? Int } == (1...25).map { $0 })
    }

    /// A refused connection fails the attempt with a plain message (the HTTP client does not retry the connection
    /// itself until the request's deadline), and the batch goes to the dead-letter file.
    @Test func anEndpointThatRefusesConnectionsIsReportedPlainly() throws {
        let exports = "  - name: crm\n    model: core.numbers\n    url: http://127.0.0.1:1/rows\n    retries: 0\n"
        guard let sandbox = try Self.sandbox(.sqlite, name: "refused", exports: exports) else { return }
        defer { sandbox.directory.remove() }
        let build = try sandbox.strata(["build"])
        #expect(build.status == 1, "\(build.stderr)")
        #expect(build.stderr.contains("could not be posted to http://127.0.0.1:1/rows [V9103]"), "\(build.stderr)")
        #expect(build.stderr.contains("= note: last error: cannot connect to 127.0.0.1: Connection refused"), "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: sandbox.directory.path + "/target/dead_letter/crm.jsonl"))
    }

    @Test func anUnknownModelIsALocatedErrorBeforeAnythingRuns() throws {
        let exports = "  - name: people_csv\n    model: core.peeple\n    path: out/people.csv\n"
        guard let sandbox = try Self.sandbox(.sqlite, name: "unknown", exports: exports) else { return }
        defer { sandbox.directory.remove() }
        let expected = """

            strata.yml:4:12: error: export 'people_csv' reads unknown model 'core.peeple' [V9101]
               |
             4 |     model: core.peeple
               |            ^^^^^^^^^^^ no model, seed or snapshot with this name
               = help: did you mean 'core.people'?

            """
        for command in [["build"], ["export", "people_csv"]] {
            let output = try sandbox.strata(command)
            #expect(output.status == 2, "\(command): \(output.stderr)")
            #expect(output.stderr.hasPrefix(expected), "\(command): \(output.stderr)")
        }
        #expect(
            !FileManager.default.fileExists(atPath: sandbox.directory.path + "/target/warehouse.sqlite"),
            "nothing was built")

        let unknownName = try sandbox.strata(["export", "people_cvs"])
        #expect(unknownName.status == 2)
        #expect(
            unknownName.stderr
                == "\nerror: no export named 'people_cvs' in strata.yml [V9105]\n   = help: did you mean 'people_csv'? known exports: people_csv\n\n",
            "\(unknownName.stderr)")
    }
}
