import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StrataCore
import StrataServer
import StrataSQLite
import StrataTestSupport
import Testing

/// `strata serve` over real HTTP against a real warehouse: the data API, tokens, bad requests that touch nothing,
/// run triggers with their history, metrics, OpenAPI and a clean stop.
@Suite(.timeLimit(.minutes(5))) struct ServeCommandTests {
    static let readToken = "read-0123456789abcdef"
    static let runToken = "run-0123456789abcdef01"

    struct Served {
        let project: TemporaryDirectory
        let server: CLIRunner.Running
        let base: String
        let targetArguments: [String]
        let schema: String
    }

    /// A project whose `orders` table holds ids 1...100, built, then served on a free port.
    static func serve(engine: String, serveYAML: String = "", beforeServing: ((String, [String], String) throws -> Void)? = nil) async throws -> Served? {
        var targetArguments: [String] = []
        var schema = "marts"
        if engine == "postgres" {
            guard PostgresTestServer.isAvailable, let url = PostgresTestServer.url else { return nil }
            targetArguments = ["--target-url", url]
            schema = PostgresTestServer.uniqueSchema("serve")
        }
        let project = try TemporaryDirectory(prefix: "strata-serve")
        try FileManager.default.createDirectory(atPath: project.path + "/models/\(schema)", withIntermediateDirectories: true)
        try """
            name: serve_test
            serve:
              tokens:
                - name: reader
                  token: \(readToken)
                  scopes: [read]
                - name: runner
                  token: \(runToken)
                  scopes: [read, run]
            \(serveYAML)
            """.write(toFile: project.path + "/strata.yml", atomically: true, encoding: .utf8)

        try """
            /*--- materialized: table ---*/
            with recursive n(i) as (select 1 union all select i + 1 from n where i < 100)
            select i as id, 'order ' || i as label, case when i % 10 = 0 then null else i * 1.5 end as amount from n
            """.write(toFile: project.path + "/models/\(schema)/orders.sql", atomically: true, encoding: .utf8)
        try "select id, label from \(schema).orders where id <= 10\n"
            .write(toFile: project.path + "/models/\(schema)/first_orders.sql", atomically: true, encoding: .utf8)
        let build = try CLIRunner.run(["build", "--project-dir", project.path] + targetArguments)
        #expect(build.status == 0, "\(build.stderr)")
        try beforeServing?(project.path, targetArguments, schema)
        let server = try CLIRunner.start(["serve", "--project-dir", project.path, "--port", "0", "--no-schedules", "--empty-catalog"] + targetArguments)
        var base: String?
        for _ in 0..<600 where base == nil {
            if let match = server.stderrSoFar.firstMatch(of: /at (http:\/\/127\.0\.0\.1:\d+)\/api\/models/) {
                base = String(match.1)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let root = try #require(base, "no address announced: \(server.stderrSoFar)")
        return Served(project: project, server: server, base: root, targetArguments: targetArguments, schema: schema)
    }

    static func request(_ url: String, token: String? = readToken, method: String = "GET", body: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await DocsServeTests.session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    static func ids(_ text: String) throws -> [Int] {
        try (try object(text)["rows"] as? [[String: Any]] ?? []).map { try #require($0["id"] as? Int) }
    }

    @Test(arguments: ["sqlite", "postgres"])
    func dataAPIAnswersAndRefusesWithoutTouchingAnything(engine: String) async throws {
        guard let served = try await Self.serve(engine: engine) else { return }
        defer {
            if served.server.process.isRunning { served.server.signal(SIGKILL) }
            if engine == "postgres" {
                _ = try? CLIRunner.run(["query", "--project-dir", served.project.path] + served.targetArguments + ["drop schema \(served.schema) cascade"])
            }
            served.project.remove()
        }
        let base = served.base
        let orders = "\(base)/api/models/\(served.schema).orders"

        #expect(try await Self.request(base + "/health", token: nil).0 == 200)
        #expect(try await Self.request(base + "/api/models", token: nil).0 == 401)
        #expect(try await Self.request(base + "/api/models", token: "not-the-token-at-all").0 == 401)
        let (listStatus, list) = try await Self.request(base + "/api/models")
        #expect(listStatus == 200)
        let models = try #require(try Self.object(list)["models"] as? [[String: Any]])
        let entry = try #require(models.first { $0["name"] as? String == "\(served.schema).orders" })
        #expect((entry["columns"] as? [[String: Any]])?.map { $0["name"] as? String } == ["id", "label", "amount"])

        let (pageStatus, page) = try await Self.request(orders + "/rows?id=gt.95&order=id.desc&select=id,label")
        #expect(pageStatus == 200, "\(page)")
        #expect(try Self.ids(page) == [100, 99, 98, 97, 96])
        #expect(try Self.object(page)["columns"] as? [String] == ["id", "label"])
        #expect(try Self.ids(try await Self.request(orders + "/rows?id=in.(3,5,7)&order=id").1) == [3, 5, 7])
        #expect(try Self.ids(try await Self.request(orders + "/rows?label=like.order%2099").1) == [99])
        #expect(try Self.ids(try await Self.request(orders + "/rows?amount=is.null&id=lte.30&order=id").1) == [10, 20, 30])
        #expect(try Self.ids(try await Self.request(orders + "/rows?limit=3&offset=10&order=id").1) == [11, 12, 13])

        // Keyset paging through the whole table.
        var seen: [Int] = []
        var cursor: String?
        repeat {
            let (status, body) = try await Self.request(orders + "/rows?order=id&limit=30" + (cursor.map { "&cursor=" + $0 } ?? ""))
            #expect(status == 200, "\(body)")
            seen += try Self.ids(body)
            cursor = try Self.object(body)["next_cursor"] as? String
        } while cursor != nil && seen.count < 200
        #expect(seen == Array(1...100))

        // Every bad request is a JSON 4xx, and none reaches the warehouse as SQL.
        let bad: [(String, Int, String)] = [
            ("/api/models/nope/rows", 404, "unknown_model"),
            ("/api/models/\(served.schema).orders;drop%20table%20x/rows", 404, "unknown_model"),
            ("/rows?nope=eq.1", 400, "unknown column 'nope'"),
            ("/rows?id=1", 400, "<operator>.<value>"),
            ("/rows?id=between.1", 400, "unknown filter operator"),
            ("/rows?select=id,label%3Bdrop%20table%20orders", 400, "unknown column"),
            ("/rows?select=id%20from%20orders--", 400, "unknown column"),
            ("/rows?order=id%3Bdelete%20from%20orders", 400, "unknown column"),
            ("/rows?%22id%22%3D1%20or%201=eq.1", 400, "unknown column"),
            ("/rows?limit=-1", 400, "'limit'"),
            ("/rows?limit=100000000", 400, "'limit'"),
            ("/rows?limit=1;drop%20table%20orders", 400, "'limit'"),
            ("/rows?offset=-3", 400, "'offset'"),
            ("/rows?order=id&cursor=%27%3Bdrop%20table%20orders--", 400, "cursor"),
        ]
        for (path, status, text) in bad {
            let url = path.hasPrefix("/api") ? base + path : orders + path
            let (code, body) = try await Self.request(url)
            #expect(code == status, "\(path): \(code) \(body)")
            #expect(body.hasPrefix("{\"error\":") && body.contains(text), "\(path): \(body)")
        }
        // A hostile value is only ever a value: PostgreSQL refuses it as an integer, SQLite matches nothing.
        let (numberStatus, number) = try await Self.request(orders + "/rows?id=eq.1%27%20or%20%271%27=%271")
        if engine == "postgres" {
            #expect(numberStatus == 400 && number.contains("bad_value"), "\(number)")
        } else {
            let numberIDs = try Self.ids(number)
            #expect(numberStatus == 200 && numberIDs.isEmpty, "\(number)")
        }
        let (hostileStatus, hostile) = try await Self.request(orders + "/rows?label=eq.x%27%20or%20%271%27=%271")
        let hostileIDs = try Self.ids(hostile)
        #expect(hostileStatus == 200 && hostileIDs.isEmpty, "\(hostile)")
        let count = try CLIRunner.run(
            ["query", "--project-dir", served.project.path, "--format", "csv"] + served.targetArguments
                + ["select count(*) as n from \(served.schema).orders"])
        #expect(count.stdout == "n\n100\n", "\(count.stderr)")

        let (csvStatus, csv) = try await Self.request(orders + "/export.csv")
        #expect(csvStatus == 200)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 101 && lines.first == "id,label,amount")
        #expect(lines.contains("10,order 10,"))
        let (jsonlStatus, jsonl) = try await Self.request(orders + "/export.jsonl")
        #expect(jsonlStatus == 200 && jsonl.split(separator: "\n").count == 100)

        // Runs: the read token may not trigger; the run token may, and the run lands in the history.
        #expect(try await Self.request(base + "/api/runs", method: "POST", body: "{\"command\":\"build\"}").0 == 403)
        #expect(try await Self.request(base + "/api/runs", token: Self.runToken, method: "POST", body: "{\"command\":\"rm -rf\"}").0 == 400)
        let (accepted, queued) = try await Self.request(
            base + "/api/runs", token: Self.runToken, method: "POST", body: "{\"command\":\"build\",\"select\":[\"first_orders\"]}")
        #expect(accepted == 202, "\(queued)")
        let runID = try #require(try Self.object(queued)["run_id"] as? String)
        var run: [String: Any] = [:]
        for _ in 0..<600 {
            run = try Self.object(try await Self.request(base + "/api/runs/\(runID)").1)
            if let state = run["state"] as? String, state != "queued", state != "running" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(run["state"] as? String == "success", "\(run)")
        #expect(run["trigger"] as? String == "api token runner")
        #expect((run["nodes"] as? [[String: Any]])?.map { $0["node"] as? String } == ["model.serve_test.\(served.schema).first_orders"])
        #expect((run["logs"] as? String)?.contains("\"first_orders\"") == true || (run["logs"] as? String)?.contains("first_orders") == true)
        let history = try Self.object(try await Self.request(base + "/api/runs?limit=5").1)
        #expect((history["runs"] as? [[String: Any]])?.first?["run_id"] as? String == runID)
        #expect(try await Self.request(base + "/api/runs/not-a-run").0 == 404)

        let metrics = try await Self.request(base + "/metrics").1
        #expect(metrics.contains("strata_http_requests_total{route=\"/api/models\",status=\"401\"} 2"), "\(metrics)")
        #expect(metrics.contains("strata_runs_total{command=\"build\",outcome=\"success\"} 1"))
        #expect(metrics.contains("strata_node_results_total{status=\"success\"} 1"))
        let openAPI = try Self.object(try await Self.request(base + "/openapi.json", token: nil).1)
        #expect((openAPI["paths"] as? [String: Any])?["/api/models/{model}/rows"] != nil)

        served.server.signal(SIGTERM)
        let finished = served.server.wait()
        #expect(finished.status == 0, "\(finished.stderr)")
    }

    /// PostgreSQL: reads run as the configured read-only role (a role without the grant is refused), and SIGTERM
    /// during a run stops that run cleanly: it is recorded as interrupted and the server exits 0.
    @Test func postgresReadsAsTheReadRoleAndSIGTERMStopsTheRunningRun() async throws {
        let role = PostgresTestServer.uniqueSchema("reader")
        let napper = "/*--- materialized: table ---*/\nselect 1 as a from pg_sleep(240)\n"
        guard let served = try await Self.serve(
            engine: "postgres", serveYAML: "  read_role: \(role)",
            beforeServing: { path, target, schema in
                // Written after the build, so only the triggered run naps.
                try napper.write(toFile: path + "/models/\(schema)/napper.sql", atomically: true, encoding: .utf8)
                let grant = try CLIRunner.run(
                    ["query", "--project-dir", path] + target
                        + ["create role \(role); grant usage on schema \(schema) to \(role); grant select on \(schema).orders to \(role)"])
                #expect(grant.status == 0, "\(grant.stderr)")
            })
        else { return }
        defer {
            if served.server.process.isRunning { served.server.signal(SIGKILL) }
            _ = try? CLIRunner.run(
                ["query", "--project-dir", served.project.path] + served.targetArguments
                    + ["drop schema \(served.schema) cascade; drop role if exists \(role)"])
            served.project.remove()
        }
        let base = served.base + "/api/models/\(served.schema)"
        let (okStatus, ok) = try await Self.request(base + ".orders/rows?id=lte.2&order=id")
        let okIDs = try Self.ids(ok)
        #expect(okStatus == 200 && okIDs == [1, 2], "\(ok)")
        let (deniedStatus, denied) = try await Self.request(base + ".first_orders/rows")
        #expect(deniedStatus == 403 && denied.contains("permission denied"), "\(denied)")

        let (accepted, queued) = try await Self.request(
            served.base + "/api/runs", token: Self.runToken, method: "POST", body: "{\"select\":[\"napper\"],\"command\":\"build\"}")
        #expect(accepted == 202)
        let runID = try #require(try Self.object(queued)["run_id"] as? String)
        for _ in 0..<300 {
            let state = try Self.object(try await Self.request(served.base + "/api/runs/\(runID)").1)["state"] as? String
            if state == "running" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .seconds(1))
        let stopped = Date()
        served.server.signal(SIGTERM)
        let finished = served.server.wait()
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(Date().timeIntervalSince(stopped) < 120, "the running run was not stopped")
        let history = try CLIRunner.run(
            ["query", "--project-dir", served.project.path, "--format", "csv"] + served.targetArguments
                + ["select outcome, run_trigger from strata.runs where run_id = '\(runID)'"])
        #expect(history.stdout == "outcome,run_trigger\ninterrupted,api token runner\n", "\(history.stdout) \(history.stderr)")
    }

    @Test func refusesAnOpenAPIOnANonLoopbackAddress() throws {
        let project = try TemporaryDirectory(prefix: "strata-serve")
        defer { project.remove() }
        try FileManager.default.createDirectory(atPath: project.path + "/models/main", withIntermediateDirectories: true)
        try "select 1 as a\n".write(toFile: project.path + "/models/main/one.sql", atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["serve", "--project-dir", project.path, "--host", "0.0.0.0", "--port", "0"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("refusing to serve the data API on 0.0.0.0 without tokens"))
    }

    /// A one-minute schedule fires when the (injected) clock reaches the minute, runs `strata build` as a child
    /// process and the run lands in the warehouse's history with its trigger.
    @Test func scheduleFiresAtItsMinuteAndIsRecorded() async throws {
        let project = try TemporaryDirectory(prefix: "strata-schedule")
        defer { project.remove() }
        try FileManager.default.createDirectory(atPath: project.path + "/models/main", withIntermediateDirectories: true)
        try "select 42 as answer\n".write(toFile: project.path + "/models/main/answer.sql", atomically: true, encoding: .utf8)
        let database = project.path + "/warehouse.db"
        let adapter = try await SQLiteAdapter.open(path: database)
        let store = StateStore(adapter: adapter)
        try await store.migrate()
        let start = try #require(ISO8601DateFormatter().date(from: "2026-03-01T10:00:30Z"))
        let clock = ManualClock(now: start)
        let queue = RunQueue(
            executable: CLIRunner.executable, arguments: ["--project-dir", project.path, "--target-url", "sqlite:" + database],
            store: store, metrics: ServiceMetrics(), clock: clock)
        let scheduler = Scheduler(schedules: [ScheduleDefinition(name: "minutely", cron: try CronExpression("* * * * *"))], clock: clock)
        let task = Task {
            await scheduler.run { schedule, due in
                _ = await queue.submit(RunOrder(command: schedule.command, trigger: "schedule \(schedule.name) at \(StateStore.timestamp(due))"))
            }
        }
        defer { task.cancel() }
        for _ in 0..<200 where clock.sleeping == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await queue.tickets().isEmpty, "fired before its minute")
        clock.advance(to: start.addingTimeInterval(30))
        for _ in 0..<600 {
            if let ticket = await queue.tickets().first, ticket.state != "queued", ticket.state != "running" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let runs = try await store.runs(limit: 5)
        let run = try #require(runs.first)
        #expect(run.outcome == "success")
        #expect(run.trigger == "schedule minutely at 2026-03-01T10:01:00.000Z")
        #expect(run.attempt == 1)
        #expect(run.resultsJSON.contains("model.") && run.resultsJSON.contains("answer"))
        #expect(run.invokedBy.hasPrefix("strata serve, schedule minutely"))
        let answer = try await adapter.query("select answer from answer", limit: nil)
        #expect(answer.rows.first?.first?.text == "42")
        await adapter.close()
    }

    /// A failed run is tried again after the retry delay, as a new run with the next attempt number.
    @Test func failedRunIsRetriedAfterItsDelay() async throws {
        let project = try TemporaryDirectory(prefix: "strata-retry")
        defer { project.remove() }
        try FileManager.default.createDirectory(atPath: project.path + "/models/main", withIntermediateDirectories: true)
        try "select no_such_column from no_such_table\n".write(toFile: project.path + "/models/main/broken.sql", atomically: true, encoding: .utf8)
        let database = project.path + "/warehouse.db"
        let adapter = try await SQLiteAdapter.open(path: database)
        let store = StateStore(adapter: adapter)
        try await store.migrate()
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))
        let queue = RunQueue(
            executable: CLIRunner.executable, arguments: ["--project-dir", project.path, "--target-url", "sqlite:" + database],
            store: store, metrics: ServiceMetrics(), clock: clock)
        _ = await queue.submit(RunOrder(command: .build, trigger: "test", retries: 1, retryDelay: 300))
        for _ in 0..<600 where clock.sleeping == 0 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(clock.sleeping == 1, "the retry is not waiting for its delay")
        #expect(try await store.runs(limit: 5).map(\.attempt) == [1])
        clock.advance(to: clock.now().addingTimeInterval(300))
        for _ in 0..<600 where !(await queue.isIdle) { try await Task.sleep(for: .milliseconds(100)) }
        let runs = try await store.runs(limit: 5)
        #expect(runs.map(\.attempt) == [2, 1])
        #expect(runs.map(\.outcome) == ["error", "error"])
        #expect(Set(runs.map(\.runID)).count == 2)
        #expect(runs.first?.logs == nil)
        let detailed = try #require(try await store.run(runs[0].runID))
        #expect(detailed.logs?.contains("no_such_table") == true, "\(detailed.logs ?? "")")
        await adapter.close()
    }
}
