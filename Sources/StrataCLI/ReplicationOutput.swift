import Foundation
import StrataCore
import StrataDiagnostics
import Synchronization

/// Prints `strata replicate`'s progress.
///
/// On a terminal one line per table updates in place (rows, rows/s, last cursor); otherwise plain lines (a
/// progress line at most every few seconds), or JSON events with `--log-format json`. Schema changes and
/// failures go through the reporter.
final class ReplicationOutput: Sendable {
    let format: LogFormat
    let reporter: any Reporter
    let terminal: Bool
    private let lastPrinted = Mutex<Date>(.distantPast)

    init(format: LogFormat, reporter: any Reporter) {
        self.format = format
        self.reporter = reporter
        terminal = format == .text && isatty(STDERR_FILENO) == 1
    }

    func handle(_ event: ReplicationEvent) {
        switch event {
        case .tableStarted(let target, let fullCopy):
            let mode = fullCopy.map { "full copy (\($0.rawValue))" } ?? "incremental"
            if format == .json {
                emit([
                    "event": .string("replication_started"), "table": .string(target.description),
                    "mode": .string(mode),
                ])
            } else if !terminal {
                StandardError.write("\(target): \(mode)\n")
            }
            lastPrinted.withLock { $0 = Date() }
        case .schemaChanged(let target, let change):
            if format == .json {
                emit([
                    "event": .string("replication_schema_change"), "table": .string(target.description),
                    "change": .string(change.description),
                ])
            } else {
                clearLine()
                StandardError.write("\(target): \(change.description)\n")
            }
        case .progress(let target, let rows, let elapsed, let cursor):
            let due = lastPrinted.withLock { last -> Bool in
                let interval: TimeInterval = terminal ? 0.2 : 5
                guard Date().timeIntervalSince(last) >= interval else { return false }
                last = Date()
                return true
            }
            guard due else { return }
            let rate = elapsed > 0 ? Double(rows) / elapsed : 0
            if format == .json {
                emit([
                    "event": .string("replication_progress"), "table": .string(target.description), "rows": .int(rows),
                    "rows_per_second": .int(Int(rate)), "last_cursor": .optional(cursor),
                ])
            } else {
                let line =
                    "\(target): \(Self.count(rows)) rows (\(Self.count(Int(rate))) rows/s)\(cursor.map { ", cursor \($0)" } ?? "")"
                StandardError.write(terminal ? "\r\u{1B}[K" + line : line + "\n")
            }
        case .tableFinished(let outcome):
            finished(outcome)
        }
    }

    private func finished(_ outcome: TableOutcome) {
        let mode = outcome.fullCopy.map { "full copy (\($0.rawValue))" } ?? "incremental"
        let rate = outcome.elapsed > 0 ? Double(outcome.rows) / outcome.elapsed : 0
        if format == .json {
            emit([
                "event": .string("replication_finished"), "table": .string(outcome.target.description),
                "status": .string(outcome.status.rawValue),
                "mode": .string(mode), "rows": .int(outcome.rows), "elapsed": .double(outcome.elapsed),
                "rows_per_second": .int(Int(rate)),
            ])
            if let diagnostic = outcome.diagnostic { reporter.report(.diagnostic(diagnostic)) }
            return
        }
        clearLine()
        let timing = String(format: "%.2fs", outcome.elapsed)
        switch outcome.status {
        case .ok:
            StandardError.write(
                "OK \(outcome.target): \(mode), \(Self.count(outcome.rows)) rows in \(timing) (\(Self.count(Int(rate))) rows/s)\n"
            )
        case .interrupted:
            StandardError.write(
                "STOPPED \(outcome.target): \(mode) stopped after \(Self.count(outcome.rows)) rows; the next run resumes there\n"
            )
        case .failed:
            StandardError.write(
                "ERROR \(outcome.target): \(mode) failed after \(timing); the destination keeps its last complete batch\n"
            )
            if let diagnostic = outcome.diagnostic { reporter.report(.diagnostic(diagnostic)) }
        }
    }

    func summary(_ outcomes: [TableOutcome], elapsed: TimeInterval) {
        let counts = Dictionary(grouping: outcomes, by: \.status).mapValues(\.count)
        let parts = [(TableOutcome.Status.ok, "ok"), (.interrupted, "stopped"), (.failed, "error")].compactMap {
            status, word in
            counts[status].map { "\($0) \(word)" }
        }
        let rows = outcomes.reduce(0) { $0 + $1.rows }
        if format == .json {
            emit([
                "event": .string("replication_cycle_finished"), "tables": .int(outcomes.count), "rows": .int(rows),
                "elapsed": .double(elapsed),
                "failed": .int(counts[.failed] ?? 0),
            ])
        } else {
            let what = "\(outcomes.count) table\(outcomes.count == 1 ? "" : "s") (\(parts.joined(separator: ", ")))"
            StandardError.write(
                "Finished replicating \(what), \(Self.count(rows)) rows in \(String(format: "%.2f", elapsed))s\n")
        }
    }

    private func clearLine() {
        if terminal { StandardError.write("\r\u{1B}[K") }
    }

    private func emit(_ fields: [String: JSON]) {
        var all = fields
        all["ts"] = .string(ISO8601DateFormatter().string(from: Date()))
        StandardError.write(JSON.sortedObject(all).encoded() + "\n")
    }

    static func count(_ value: Int) -> String {
        value.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }
}
