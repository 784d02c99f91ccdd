import Foundation
import StrataCore
import StrataDiagnostics
import Synchronization

/// Writes lines to standard error, where progress and diagnostics go (stdout is for requested output).
struct StandardError: Sendable {
    private static let lock = Mutex(())

    static func write(_ text: String) {
        lock.withLock { _ in FileHandle.standardError.write(Data(text.utf8)) }
    }
}

/// Prints progress lines (`3 of 120 OK created view core.deals ....... [0.02s]`), diagnostics and the summary.
struct TerminalReporter: Reporter {
    let colored: Bool
    let renderer: DiagnosticRenderer
    static let lineWidth = 80

    init(colored: Bool) {
        self.colored = colored
        self.renderer = DiagnosticRenderer(colored: colored, redact: Redactor.shared.redact)
    }

    func report(_ event: RunEvent) {
        switch event {
        case .started(let command, let total):
            if total > 0 { StandardError.write("Running \(command) on \(total) node\(total == 1 ? "" : "s")\n") }
        case .nodeStarted(let index, let total, let nodeID, let description):
            // Only freshness checks announce their start, as dbt's `source freshness` does.
            guard nodeID.hasPrefix("source.") else { break }
            let counter = "\(String(index).leftPadded(to: String(total).count)) of \(total)"
            let prefix = "\(counter) START \(description) "
            StandardError.write(prefix + String(repeating: ".", count: max(3, Self.lineWidth - prefix.count - 6)) + " [RUN]\n")
        case .nodeFinished(let index, let total, let result):
            StandardError.write(progressLine(index: index, total: total, result: result) + "\n")
        case .diagnostic(let diagnostic):
            StandardError.write("\n" + renderer.render(diagnostic) + "\n")
        case .info(let line):
            StandardError.write(line + "\n")
        case .finished(let summary):
            StandardError.write(summaryText(summary))
        }
    }

    func progressLine(index: Int, total: Int, result: NodeResult) -> String {
        var (word, style) = statusWord(result.status)
        // A stale source is dbt's `ERROR STALE`; a failing query stays a plain `ERROR`.
        if result.resourceType == .source, result.status == .error, result.diagnostic == nil { word = "ERROR STALE" }
        let counter = "\(String(index).leftPadded(to: String(total).count)) of \(total)"
        let message: String
        switch result.status {
        case _ where result.resourceType == .source: message = result.subject
        case .error: message = result.resourceType.isTest ? result.subject : "creating \(result.subject)"
        case .skipped: message = "\(result.subject) (\(result.message.replacingOccurrences(of: "skipped: ", with: "")))"
        default: message = result.message
        }
        let prefix = "\(counter) \(word) \(message) "
        let timing: String
        switch (result.status, result.failures) {
        case (.skipped, _): timing = "[SKIP]"
        case (.fail, let failures?), (.warn, let failures?): timing = String(format: "[\(word) \(failures) in %.2fs]", result.executionTime)
        case (.pass, _): timing = String(format: "[PASS in %.2fs]", result.executionTime)
        case (_, nil) where result.resourceType == .source: timing = String(format: "[\(word) in %.2fs]", result.executionTime)
        default: timing = String(format: "[%.2fs]", result.executionTime)
        }
        let dots = String(repeating: ".", count: max(3, Self.lineWidth - prefix.count - timing.count - 1))
        return "\(counter) \(paint(word, style)) \(message) \(dots) \(timing)"
    }

    func summaryText(_ summary: RunSummary) -> String {
        let results = summary.results.filter { $0.resourceType != .operation }
        var groups: [String] = []
        for (type, noun) in [(ResourceType.seed, "seed"), (.model, "model"), (.test, "test"), (.unitTest, "unit test"), (.snapshot, "snapshot"), (.source, "source")] {
            let ofType = results.filter { $0.resourceType == type }
            guard !ofType.isEmpty else { continue }
            var parts: [String] = []
            for (status, label) in [(NodeStatus.success, "ok"), (.pass, "pass"), (.warn, "warn"), (.error, "error"), (.fail, "fail"), (.skipped, "skipped")] {
                let count = ofType.count(where: { $0.status == status })
                if count > 0 { parts.append("\(count) \(label)") }
            }
            groups.append("\(ofType.count) \(noun)\(ofType.count == 1 ? "" : "s") (\(parts.joined(separator: ", ")))")
        }
        let what = groups.isEmpty ? "nothing to do" : groups.joined(separator: " and ")
        var text = "\nFinished \(what) in \(String(format: "%.2f", summary.elapsed))s\n"
        let failures = summary.results.filter { $0.status == .error || $0.status == .fail }
        if !failures.isEmpty {
            text += paint("\nCompleted with \(failures.count) failure\(failures.count == 1 ? "" : "s"):", Style.red) + "\n"
            for failure in failures {
                let headline = failure.diagnostic.map { Redactor.shared.redact($0.headline) } ?? failure.message
                text += "  \(failure.name): \(headline)\n"
            }
        }
        return text
    }

    private func statusWord(_ status: NodeStatus) -> (String, String) {
        switch status {
        case .success: return ("OK", Style.green)
        case .pass: return ("PASS", Style.green)
        case .warn: return ("WARN", Style.yellow)
        case .error: return ("ERROR", Style.red)
        case .fail: return ("FAIL", Style.red)
        case .skipped: return ("SKIP", Style.yellow)
        case .noOp: return ("NO-OP", Style.yellow)
        }
    }

    private func paint(_ text: String, _ style: String) -> String {
        colored ? style + text + Style.reset : text
    }

    private enum Style {
        static let green = "\u{1B}[32m"
        static let yellow = "\u{1B}[33m"
        static let red = "\u{1B}[31m"
        static let reset = "\u{1B}[0m"
    }
}

/// One JSON object per event on standard error, for log shippers and CI.
struct JSONReporter: Reporter {
    func report(_ event: RunEvent) {
        var fields: [(key: String, value: JSON)] = [("ts", .string(ISO8601DateFormatter().string(from: Date())))]
        switch event {
        case .started(let command, let total):
            fields += [("event", "run_started"), ("command", .string(command)), ("total", .int(total))]
        case .nodeStarted(let index, let total, let nodeID, let description):
            fields += [("event", "node_started"), ("index", .int(index)), ("total", .int(total)), ("unique_id", .string(nodeID)), ("description", .string(description))]
        case .nodeFinished(let index, let total, let result):
            fields += [
                ("event", "node_finished"), ("index", .int(index)), ("total", .int(total)), ("unique_id", .string(result.nodeID)),
                ("name", .string(result.name)), ("status", .string(result.status.rawValue)),
                ("message", .string(Redactor.shared.redact(result.message))), ("execution_time", .double(result.executionTime)),
                ("relation", .optional(result.relation?.description)),
            ]
            if let failures = result.failures { fields.append(("failures", .int(failures))) }
        case .diagnostic(let diagnostic):
            let rendered = DiagnosticRenderer(redact: Redactor.shared.redact).renderJSON(diagnostic)
            StandardError.write("{\"event\":\"diagnostic\",\"diagnostic\":\(rendered)}\n")
            return
        case .info(let line):
            fields += [("event", "info"), ("message", .string(line))]
        case .finished(let summary):
            let counts = Dictionary(grouping: summary.results, by: { $0.status.rawValue }).mapValues { JSON.int($0.count) }
            fields += [("event", "run_finished"), ("elapsed", .double(summary.elapsed)), ("success", .bool(!summary.hasFailures)), ("counts", .sortedObject(counts))]
        }
        StandardError.write(JSON.object(fields).encoded() + "\n")
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
