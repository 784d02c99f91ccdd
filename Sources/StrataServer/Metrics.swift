import Foundation
import Synchronization

/// Counters and latency histograms for `/metrics`, in Prometheus' text format.
public final class ServiceMetrics: Sendable {
    private struct RouteStatus: Hashable, Comparable {
        var route: String
        var status: Int
        static func < (a: Self, b: Self) -> Bool { (a.route, a.status) < (b.route, b.status) }
    }

    private struct CommandOutcome: Hashable, Comparable {
        var command: String
        var outcome: String
        static func < (a: Self, b: Self) -> Bool { (a.command, a.outcome) < (b.command, b.outcome) }
    }

    private struct State {
        var requests: [RouteStatus: Int] = [:]
        var latencyBuckets: [String: [Int]] = [:]  // route -> counts per bucket
        var latencySum: [String: Double] = [:]
        var latencyCount: [String: Int] = [:]
        var runs: [CommandOutcome: Int] = [:]
        var runSeconds: [String: Double] = [:]  // command
        var runCount: [String: Int] = [:]
        var nodeResults: [String: Int] = [:]  // status
        var scheduleFires: [String: Int] = [:]
    }

    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    private let state = Mutex(State())

    public init() {}

    func request(route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RouteStatus(route: route, status: status), default: 0] += 1
            var counts = state.latencyBuckets[route] ?? Array(repeating: 0, count: Self.buckets.count)
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { counts[index] += 1 }
            state.latencyBuckets[route] = counts
            state.latencySum[route, default: 0] += seconds
            state.latencyCount[route, default: 0] += 1
        }
    }

    func run(command: String, outcome: String, seconds: Double, nodeStatuses: [String]) {
        state.withLock { state in
            state.runs[CommandOutcome(command: command, outcome: outcome), default: 0] += 1
            state.runSeconds[command, default: 0] += seconds
            state.runCount[command, default: 0] += 1
            for status in nodeStatuses { state.nodeResults[status, default: 0] += 1 }
        }
    }

    func scheduleFired(_ name: String) {
        state.withLock { $0.scheduleFires[name, default: 0] += 1 }
    }

    /// The exposition text.
    public func text() -> String {
        let state = state.withLock { $0 }
        var out = ""
        func label(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
        }
        func number(_ value: Double) -> String { String(format: "%.6f", value) }

        out += "# HELP strata_http_requests_total HTTP requests served, by route and status.\n"
        out += "# TYPE strata_http_requests_total counter\n"
        for (key, count) in state.requests.sorted(by: { $0.key < $1.key }) {
            out += "strata_http_requests_total{route=\"\(label(key.route))\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP strata_http_request_duration_seconds Time to answer a request, by route.\n"
        out += "# TYPE strata_http_request_duration_seconds histogram\n"
        for (route, counts) in state.latencyBuckets.sorted(by: { $0.key < $1.key }) {
            for (index, bound) in Self.buckets.enumerated() {
                out += "strata_http_request_duration_seconds_bucket{route=\"\(label(route))\",le=\"\(bound)\"} \(counts[index])\n"
            }
            out += "strata_http_request_duration_seconds_bucket{route=\"\(label(route))\",le=\"+Inf\"} \(state.latencyCount[route] ?? 0)\n"
            out += "strata_http_request_duration_seconds_sum{route=\"\(label(route))\"} \(number(state.latencySum[route] ?? 0))\n"
            out += "strata_http_request_duration_seconds_count{route=\"\(label(route))\"} \(state.latencyCount[route] ?? 0)\n"
        }
        out += "# HELP strata_runs_total Runs finished, by command and outcome.\n# TYPE strata_runs_total counter\n"
        for (key, count) in state.runs.sorted(by: { $0.key < $1.key }) {
            out += "strata_runs_total{command=\"\(label(key.command))\",outcome=\"\(label(key.outcome))\"} \(count)\n"
        }
        out += "# HELP strata_run_duration_seconds Time runs took, by command.\n# TYPE strata_run_duration_seconds summary\n"
        for (command, seconds) in state.runSeconds.sorted(by: { $0.key < $1.key }) {
            out += "strata_run_duration_seconds_sum{command=\"\(label(command))\"} \(number(seconds))\n"
            out += "strata_run_duration_seconds_count{command=\"\(label(command))\"} \(state.runCount[command] ?? 0)\n"
        }
        out += "# HELP strata_node_results_total Node results of finished runs, by status.\n# TYPE strata_node_results_total counter\n"
        for (status, count) in state.nodeResults.sorted(by: { $0.key < $1.key }) {
            out += "strata_node_results_total{status=\"\(label(status))\"} \(count)\n"
        }
        out += "# HELP strata_schedule_fires_total Times each schedule fired.\n# TYPE strata_schedule_fires_total counter\n"
        for (name, count) in state.scheduleFires.sorted(by: { $0.key < $1.key }) {
            out += "strata_schedule_fires_total{schedule=\"\(label(name))\"} \(count)\n"
        }
        return out
    }
}
