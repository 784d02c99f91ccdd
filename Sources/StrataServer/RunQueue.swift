public import Foundation
public import StrataCore
import Synchronization

/// A run someone asked for: by a schedule, or through the API.
public struct RunOrder: Sendable {
    public var command: ScheduledCommand
    public var select: [String]
    public var exclude: [String]
    /// What asked for it (`schedule nightly`, `api dashboards`), kept in the run history.
    public var trigger: String
    public var retries: Int
    public var retryDelay: TimeInterval
    /// The schedule that fired it: a schedule whose previous run is still waiting is not queued twice.
    public var schedule: String?

    public init(
        command: ScheduledCommand, select: [String] = [], exclude: [String] = [], trigger: String, retries: Int = 0,
        retryDelay: TimeInterval = 60, schedule: String? = nil
    ) {
        self.schedule = schedule
        self.command = command
        self.select = select
        self.exclude = exclude
        self.trigger = trigger
        self.retries = retries
        self.retryDelay = retryDelay
    }
}

/// Runs orders one at a time, each as a `strata <command>` process of its own, so a run that crashes or leaks
/// cannot take the server with it, and a run is stopped the way Ctrl-C stops it (its statements roll back).
///
/// The child records itself in the warehouse's run history as any run does; the queue adds the trigger, the
/// attempt number and the child's JSON log to that row afterwards. The run lock still guards the warehouse against
/// runs from elsewhere (a CI job, a colleague's terminal): the child waits for it.
public actor RunQueue {
    /// A run the queue knows about, waiting, running or finished since the server started.
    public struct Ticket: Sendable {
        public var runID: String
        public var order: RunOrder
        public var attempt: Int
        public var state: String  // queued, running, success, error, interrupted
        public var queuedAt: Date
        public var startedAt: Date?
        public var endedAt: Date?
    }

    private let executable: String
    private let arguments: [String]
    private let store: StateStore
    private let metrics: ServiceMetrics
    private let clock: any SchedulerClock
    private let onFinished: @Sendable () async -> Void
    private var waiting: [Ticket] = []
    private var recent: [Ticket] = []
    private var current: (ticket: Ticket, process: Process)?
    private var worker: Task<Void, Never>?
    private var stopping = false
    static let logLimit = 1_000_000

    /// - Parameters:
    ///   - executable: the `strata` binary to run.
    ///   - arguments: what follows the command on every run (`--project-dir`, `--target`, ...).
    ///   - onFinished: called after each run, e.g. to read the catalog again.
    public init(
        executable: String, arguments: [String], store: StateStore, metrics: ServiceMetrics,
        clock: any SchedulerClock = SystemClock(), onFinished: @escaping @Sendable () async -> Void = {}
    ) {
        self.executable = executable
        self.arguments = arguments
        self.store = store
        self.metrics = metrics
        self.clock = clock
        self.onFinished = onFinished
    }

    /// Queues an order.
    /// - Returns: the run id its first attempt will have, or nil when the server is shutting down.
    public func submit(_ order: RunOrder) -> String? {
        guard !stopping else { return nil }
        if let schedule = order.schedule, waiting.contains(where: { $0.order.schedule == schedule }) {
            // Runs slower than their schedule would otherwise pile up without end.
            FileHandle.standardError.write(Data("strata serve: schedule \(schedule) fired while its last run is still waiting; skipped\n".utf8))
            return nil
        }
        let ticket = Ticket(runID: UUID().uuidString.lowercased(), order: order, attempt: 1, state: "queued", queuedAt: clock.now())
        waiting.append(ticket)
        startWorker()
        return ticket.runID
    }

    /// Runs waiting, running and finished since start, newest first.
    public func tickets() -> [Ticket] {
        (waiting.reversed() + (current.map { [$0.ticket] } ?? []) + recent.reversed())
    }

    /// Whether nothing is waiting, running or being recorded.
    public var isIdle: Bool { waiting.isEmpty && worker == nil }

    /// Stops taking orders, drops those waiting and stops the running one as Ctrl-C would (SIGTERM: its statements
    /// are cancelled and roll back), then waits for it to end.
    public func shutdown() async {
        stopping = true
        waiting.removeAll()
        if let running = current?.process, running.isRunning { kill(running.processIdentifier, SIGTERM) }
        await worker?.value
    }

    private func startWorker() {
        guard worker == nil else { return }
        worker = Task { await self.drain() }
    }

    private func drain() async {
        while !waiting.isEmpty {
            var ticket = waiting.removeFirst()
            while true {
                ticket = await execute(ticket)
                recent.append(ticket)
                if recent.count > 200 { recent.removeFirst(recent.count - 200) }
                guard ticket.state == "error", ticket.attempt <= ticket.order.retries, !stopping else { break }
                // A retry is a new run with its own id, after the configured pause.
                try? await clock.sleep(until: clock.now().addingTimeInterval(ticket.order.retryDelay))
                if stopping { break }
                ticket = Ticket(
                    runID: UUID().uuidString.lowercased(), order: ticket.order, attempt: ticket.attempt + 1, state: "queued",
                    queuedAt: clock.now())
            }
            await onFinished()
        }
        worker = nil
    }

    private func execute(_ queued: Ticket) async -> Ticket {
        var ticket = queued
        ticket.state = "running"
        ticket.startedAt = clock.now()
        var runArguments = [ticket.order.command.rawValue] + arguments + ["--log-format", "json", "--color", "never"]
        if ticket.order.command != .replicate {
            if !ticket.order.select.isEmpty { runArguments += ["--select"] + ticket.order.select }
            if !ticket.order.exclude.isEmpty { runArguments += ["--exclude"] + ticket.order.exclude }
        }
        let logPath = NSTemporaryDirectory() + "strata-serve-\(ticket.runID).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = runArguments
        var environment = ProcessInfo.processInfo.environment
        environment["STRATA_INVOCATION_ID"] = ticket.runID
        environment["STRATA_INVOKED_BY"] = "strata serve, \(ticket.order.trigger)"
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished in
            exited.continuation.yield(finished.terminationStatus)
            exited.continuation.finish()
        }
        var status: Int32 = -1
        do {
            try process.run()
            current = (ticket, process)
            for await code in exited.stream { status = code }
        } catch {
            try? log?.write(contentsOf: Data("{\"level\":\"error\",\"msg\":\"cannot start \(executable): \(error)\"}\n".utf8))
        }
        try? log?.close()
        current = nil
        ticket.endedAt = clock.now()
        ticket.state = switch status {
        case 0: "success"
        case 130, 143: "interrupted"
        default: "error"
        }
        let logs = Self.tail(of: logPath)
        try? FileManager.default.removeItem(atPath: logPath)
        await record(ticket, logs: logs)
        return ticket
    }

    /// The log, or its last megabyte.
    static func tail(of path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        guard data.count > logLimit else { return String(decoding: data, as: UTF8.self) }
        return "…\n" + String(decoding: data.suffix(logLimit), as: UTF8.self)
    }

    private func record(_ ticket: Ticket, logs: String) async {
        let seconds = (ticket.endedAt ?? clock.now()).timeIntervalSince(ticket.startedAt ?? ticket.queuedAt)
        var fallback = RunRecord(
            runID: ticket.runID, environment: "", command: ticket.order.command.rawValue,
            selection: ticket.order.select.joined(separator: " "), invokedBy: "strata serve, \(ticket.order.trigger)",
            git: nil, startedAt: ticket.startedAt ?? ticket.queuedAt)
        fallback.endedAt = ticket.endedAt
        fallback.outcome = ticket.state
        do {
            // The state schema was migrated when the server started.
            try await store.recordService(runID: ticket.runID, trigger: ticket.order.trigger, attempt: ticket.attempt, logs: logs, fallback: fallback)
        } catch {
            FileHandle.standardError.write(Data("strata serve: cannot record run \(ticket.runID) in the state: \(error)\n".utf8))
        }
        let statuses = ((try? await store.run(ticket.runID, withLogs: false)) ?? nil)?.nodeOutcomes.map(\.status) ?? []
        metrics.run(command: ticket.order.command.rawValue, outcome: ticket.state, seconds: seconds, nodeStatuses: statuses)
    }
}
