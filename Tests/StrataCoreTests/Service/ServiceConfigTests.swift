import Foundation
import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Synchronization
import Testing

@Suite struct ServiceConfigTests {
    @Test func readsSchedulesExportsAndTokens() throws {
        let text = """
            name: shop
            schedules:
              - name: nightly
                cron: "0 3 * * *"
                timezone: Europe/Berlin
                command: sync
                select: [tag:nightly, marts]
                retries: 2
                retry_delay: 30s
            exports:
              - name: orders_csv
                model: marts.orders
                path: exports/orders.csv
              - name: crm
                model: customers
                url: http://127.0.0.1:9/import
                batch_size: 50
                after_build: false
            serve:
              port: 9090
              read_role: reader
              tokens:
                - name: dashboards
                  token: 0123456789abcdef0123
                  scopes: [read, run]
            """
        let diagnostics = DiagnosticCollector()
        let config = try #require(ServiceConfig.parse(SourceFile(path: "strata.yml", text: text), diagnostics: diagnostics))
        #expect(diagnostics.diagnostics.isEmpty)
        let nightly = try #require(config.schedules.first)
        #expect(nightly.command == .sync && nightly.retries == 2 && nightly.retryDelay == 30)
        #expect(nightly.select == ["tag:nightly", "marts"])
        #expect(nightly.timeZone.identifier == "Europe/Berlin")
        #expect(config.exports.map(\.name) == ["orders_csv", "crm"])
        #expect(config.exports[0].destination == .file(path: "exports/orders.csv", format: .csv))
        guard case .http(let url, _, let batch, let retries, let deadLetter) = config.exports[1].destination else {
            Issue.record("crm is not an HTTP export")
            return
        }
        #expect(url.absoluteString == "http://127.0.0.1:9/import" && batch == 50 && retries == 3)
        #expect(deadLetter == "target/dead_letter/crm.jsonl")
        #expect(!config.exports[1].afterBuild)
        #expect(config.serve.port == 9090 && config.serve.readRole == "reader")
        #expect(config.serve.tokens.first?.scopes == [.read, .run])
    }

    @Test func problemsAreLocated() {
        let text = """
            schedules:
              - name: nightly
                cron: "0 25 * * *"
                comand: build
              - name: weekly
                cron: "@daily"
                command: deploy
              - name: weekly
                cron: "@weekly"
            serve:
              tokens:
                - token: short
            """
        let diagnostics = DiagnosticCollector()
        #expect(ServiceConfig.parse(SourceFile(path: "strata.yml", text: text), diagnostics: diagnostics) == nil)
        let rendered = diagnostics.diagnostics.map { "\($0.code) \($0.primary.map { "\($0.location.line):\($0.location.column)" } ?? "-") \($0.message)" }
        #expect(rendered.contains { $0.hasPrefix("V9001 3:11") && $0.contains("'25' is not a valid hour") }, "\(rendered)")
        #expect(rendered.contains { $0.hasPrefix("V9002 4:5") && $0.contains("unknown key 'comand'") }, "\(rendered)")
        #expect(rendered.contains { $0.hasPrefix("V9001 7:14") && $0.contains("unknown command 'deploy'") }, "\(rendered)")
        #expect(rendered.contains { $0.contains("two schedules are named 'weekly'") }, "\(rendered)")
        #expect(rendered.contains { $0.contains("shorter than 16 characters") }, "\(rendered)")
    }
}

@Suite struct SchedulerTests {
    @Test func firesEachScheduleAtItsMinute() async throws {
        let start = CronExpressionTests.date("2026-03-01 10:00:30")
        let clock = ManualClock(now: start)
        let schedules = [
            ScheduleDefinition(name: "minutely", cron: try CronExpression("* * * * *")),
            ScheduleDefinition(name: "quarterly", cron: try CronExpression("*/15 * * * *")),
        ]
        let fired = FireLog()
        let task = Task { await Scheduler(schedules: schedules, clock: clock).run { schedule, at in fired.add(schedule.name, at) } }
        func waitForSleep() async throws {
            for _ in 0..<200 where clock.sleeping == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        try await waitForSleep()
        #expect(fired.entries.isEmpty, "nothing is due before 10:01")
        clock.advance(to: CronExpressionTests.date("2026-03-01 10:00:59"))
        try await waitForSleep()
        #expect(fired.entries.isEmpty)
        for minute in 1...15 {
            clock.advance(to: CronExpressionTests.date(String(format: "2026-03-01 10:%02d:00", minute)))
            try await waitForSleep()
            for _ in 0..<200 where fired.entries.count < minute + (minute == 15 ? 1 : 0) { try await Task.sleep(for: .milliseconds(5)) }
        }
        task.cancel()
        let entries = fired.entries
        #expect(entries.filter { $0.0 == "minutely" }.count == 15)
        #expect(entries.filter { $0.0 == "quarterly" }.map(\.1) == [CronExpressionTests.date("2026-03-01 10:15:00")])
        #expect(entries.first?.1 == CronExpressionTests.date("2026-03-01 10:01:00"))
    }
}

final class FireLog: Sendable {
    private let log = Mutex<[(String, Date)]>([])
    func add(_ name: String, _ date: Date) { log.withLock { $0.append((name, date)) } }
    var entries: [(String, Date)] { log.withLock { $0 } }
}
