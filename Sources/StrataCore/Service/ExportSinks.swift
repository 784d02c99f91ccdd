public import Foundation
import StrataDiagnostics

/// Where an export's rows go, one batch at a time as the warehouse hands them over.
protocol ExportSink: Actor {
    func begin(columns: [String]) throws
    func write(_ rows: [[QueryValue]]) async throws
    func finish() throws
    /// Cleans up after a failure (a half-written file must not replace the last good one).
    func abandon()
    var progress: ExportProgress { get }
}

/// What a sink has done so far.
struct ExportProgress: Sendable {
    var rows = 0
    var batches = 0
    var failedBatches = 0
    var failedRows = 0
    /// Set when batches failed but the export carried on with the others.
    var failure: Diagnostic?
}

/// When to try a failed HTTP batch again.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts after the first.
    public var retries: Int
    public var firstDelay: TimeInterval
    public var maxDelay: TimeInterval = 30

    public init(retries: Int, firstDelay: TimeInterval, maxDelay: TimeInterval = 30) {
        self.retries = retries
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
    }

    /// The wait before retry `number` (1-based): exponential, capped.
    public func delay(beforeRetry number: Int) -> TimeInterval {
        min(firstDelay * pow(2, Double(max(0, number - 1))), maxDelay)
    }

    /// Whether an answer may go better next time: server errors, throttling and timeouts may; any other client
    /// error would be refused again, so the batch goes straight to the dead-letter file.
    public static func isRetryable(status: Int) -> Bool {
        status >= 500 || status == 408 || status == 425 || status == 429
    }
}

/// Writes a CSV or JSON-lines file next to the destination and renames it into place at the end, so readers see
/// the old file or the whole new one, never a half-written one.
actor FileExportWriter: ExportSink {
    let path: String
    let format: ExportFormat
    private let temporaryPath: String
    private var handle: FileHandle?
    private var encoder: RowStreamEncoder?
    private(set) var progress = ExportProgress()

    init(path: String, format: ExportFormat) {
        self.path = path
        self.format = format
        let url = URL(fileURLWithPath: path)
        temporaryPath =
            url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
            .path
    }

    func begin(columns: [String]) throws {
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw failure("cannot create its folder (\(error.localizedDescription))")
        }
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporaryPath)
        else {
            throw failure("cannot create \(temporaryPath)")
        }
        self.handle = handle
        let encoder = RowStreamEncoder(format: format, columns: columns)
        self.encoder = encoder
        if !encoder.header.isEmpty { try append(encoder.header) }
    }

    func write(_ rows: [[QueryValue]]) throws {
        try append(encoder?.encode(rows) ?? "")
        progress.rows += rows.count
    }

    func finish() throws {
        try handle?.close()
        handle = nil
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            abandon()
            throw failure("cannot move the finished file into place (\(reason))")
        }
    }

    func abandon() {
        try? handle?.close()
        handle = nil
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }

    private func append(_ text: String) throws {
        do {
            try handle?.write(contentsOf: Data(text.utf8))
        } catch {
            throw failure("cannot write (\(error.localizedDescription))")
        }
    }

    private func failure(_ reason: String) -> Diagnostic {
        Diagnostic(code: ExportRunner.destinationFailed, message: "export to \(path) failed: \(reason)", path: path)
    }
}

/// POSTs each batch as a JSON array of row objects, retrying with exponential backoff; a batch that still fails
/// goes to the dead-letter file (one JSON line per batch, with its rows and the last error) and the export carries
/// on with the next batch.
actor HTTPExportPoster: ExportSink {
    let exportName: String
    let url: URL
    let headers: [String: String]
    let transport: any HTTPTransport
    let retry: RetryPolicy
    let deadLetterPath: String
    let deadLetterDisplay: String
    private var keys: [String] = []
    private var deadLetter: FileHandle?
    private var lastError = ""
    private var isRetryable = true
    private(set) var progress = ExportProgress()

    init(
        exportName: String, url: URL, headers: [String: String], transport: any HTTPTransport, retry: RetryPolicy,
        deadLetterPath: String, deadLetterDisplay: String
    ) {
        self.exportName = exportName
        self.url = url
        var headers = headers
        if !headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
            headers["Content-Type"] = "application/json"
        }
        self.headers = headers
        self.transport = transport
        self.retry = retry
        self.deadLetterPath = deadLetterPath
        self.deadLetterDisplay = deadLetterDisplay
    }

    func begin(columns: [String]) { keys = RowEncoding.jsonKeys(columns) }

    func write(_ rows: [[QueryValue]]) async throws {
        progress.batches += 1
        progress.rows += rows.count
        let body = "[" + rows.map { RowEncoding.jsonObject($0, keys: keys) }.joined(separator: ",") + "]"
        let bytes = Array(body.utf8)
        var attempt = 0
        while true {
            attempt += 1
            if await send(bytes) { return }
            guard attempt <= retry.retries, isRetryable else { break }
            try await Task.sleep(nanoseconds: UInt64(retry.delay(beforeRetry: attempt) * 1e9))
        }
        progress.failedBatches += 1
        progress.failedRows += rows.count
        try recordDeadLetter(body, rows: rows.count, attempts: attempt)
    }

    func finish() throws {
        try? deadLetter?.close()
        deadLetter = nil
        guard progress.failedBatches > 0 else { return }
        progress.failure = Diagnostic(
            code: ExportRunner.batchesFailed,
            message:
                "export \(exportName): \(progress.failedBatches) of \(progress.batches) batches (\(progress.failedRows) rows) could not be posted to \(url.absoluteString)",
            notes: ["last error: \(lastError)", "their rows are in \(deadLetterDisplay), one JSON line per batch"],
            help: "fix the endpoint, then run strata export \(exportName) again")
    }

    func abandon() {
        try? deadLetter?.close()
        deadLetter = nil
    }

    /// One attempt; remembers why it failed.
    private func send(_ body: [UInt8]) async -> Bool {
        do {
            let reply = try await transport.post(body, to: url, headers: headers)
            if (200..<300).contains(reply.status) { return true }
            lastError = "HTTP \(reply.status)" + (reply.body.isEmpty ? "" : ": \(reply.body)")
            isRetryable = RetryPolicy.isRetryable(status: reply.status)
        } catch {
            lastError = String(describing: error)
            isRetryable = true
        }
        return false
    }

    private func recordDeadLetter(_ body: String, rows: Int, attempts: Int) throws {
        let metadata = JSON.object([
            ("export", .string(exportName)), ("batch", .int(progress.batches)), ("attempts", .int(attempts)),
            ("error", .string(lastError)), ("failed_at", .string(ISO8601DateFormatter().string(from: Date()))),
        ]).encoded()
        // The rows are spliced in as posted rather than re-encoded.
        let line = metadata.dropLast() + ",\"rows\":" + body + "}\n"
        do {
            if deadLetter == nil {
                let directory = URL(fileURLWithPath: deadLetterPath).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                if !FileManager.default.fileExists(atPath: deadLetterPath) {
                    FileManager.default.createFile(atPath: deadLetterPath, contents: nil)
                }
                deadLetter = FileHandle(forWritingAtPath: deadLetterPath)
                try deadLetter?.seekToEnd()
            }
            guard let deadLetter else { throw CocoaError(.fileWriteUnknown) }
            try deadLetter.write(contentsOf: Data(line.utf8))
        } catch {
            // Without the dead-letter file the rows would be lost: stop here.
            throw Diagnostic(
                code: ExportRunner.destinationFailed,
                message:
                    "export \(exportName): cannot write the dead-letter file \(deadLetterDisplay) (\(error.localizedDescription))",
                path: deadLetterDisplay)
        }
    }
}
