public import Foundation
public import StrataDiagnostics

/// Sends one HTTP request; Core declares it and the CLI implements it (URLSession), so Core opens no sockets.
public protocol HTTPTransport: Sendable {
    /// POSTs `body` and returns the reply; throws when no reply came (refused, timed out, reset).
    /// - Throws: whatever the network layer reports.
    func post(_ body: [UInt8], to url: URL, headers: [String: String]) async throws -> HTTPReply
}

/// What an endpoint answered.
public struct HTTPReply: Sendable {
    public var status: Int
    /// The start of the response body, for messages.
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}

/// How one export went.
public struct ExportOutcome: Sendable {
    public var name: String
    /// The relation read.
    public var relation: Relation
    /// Where the rows went: a path relative to the project, or a URL.
    public var destination: String
    /// Rows read from the model.
    public var rows = 0
    /// HTTP batches sent, and those that still failed after every retry (their rows are in the dead-letter file).
    public var batches = 0
    public var failedBatches = 0
    public var failedRows = 0
    public var elapsed: Double = 0
    /// Why the export failed, when it did.
    public var failure: Diagnostic?

    public var succeeded: Bool { failure == nil }

    /// The one line a command prints about it.
    public var summary: String {
        let seconds = String(format: "%.2f", elapsed)
        let rowCount = "\(rows) row\(rows == 1 ? "" : "s")"
        if !succeeded && failedBatches == 0 {
            return "Export \(name) failed after \(rowCount) of \(relation) in \(seconds)s"
        }
        let batchCount = batches > 0 ? " in \(batches) batch\(batches == 1 ? "" : "es")" : ""
        let failed = failedBatches > 0 ? " (\(failedBatches) failed, \(failedRows) rows dead-lettered)" : ""
        return "Exported \(rowCount) of \(relation) to \(destination)\(batchCount)\(failed) in \(seconds)s"
    }
}

/// Runs exports: streams a model's rows out of the warehouse batch by batch and hands each batch to a file
/// writer or an HTTP poster as it arrives, so memory stays flat however many rows there are.
public struct ExportRunner: Sendable {
    /// Diagnostic codes of exports that failed while running.
    public static let destinationFailed: DiagnosticCode = "V9102"
    public static let batchesFailed: DiagnosticCode = "V9103"
    public static let notBuilt: DiagnosticCode = "V9104"

    public var adapter: any DatabaseAdapter
    public var transport: any HTTPTransport
    /// Relative export paths are relative to this folder.
    public var projectRoot: String
    /// Rows fetched at a time for file exports (HTTP exports fetch `batch_size`).
    public var fileBatchSize = 5_000
    /// The wait before the first retry of a batch; it doubles with each further attempt.
    public var retryDelay: TimeInterval = 0.5

    public init(adapter: any DatabaseAdapter, transport: any HTTPTransport, projectRoot: String) {
        self.adapter = adapter
        self.transport = transport
        self.projectRoot = projectRoot
    }

    /// Runs one export to the end; never throws: a failure is in the outcome.
    public func run(_ export: ResolvedExport) async -> ExportOutcome {
        let started = Date()
        let definition = export.definition
        var outcome = ExportOutcome(name: definition.name, relation: export.relation, destination: "")
        let sink: any ExportSink
        let batchSize: Int
        switch definition.destination {
        case .file(let path, let format):
            outcome.destination = path
            sink = FileExportWriter(path: absolute(path), format: format)
            batchSize = fileBatchSize
        case .http(let url, let headers, let size, let retries, let deadLetter):
            outcome.destination = url.absoluteString
            sink = HTTPExportPoster(
                exportName: definition.name, url: url, headers: headers, transport: transport,
                retry: RetryPolicy(retries: retries, firstDelay: retryDelay), deadLetterPath: absolute(deadLetter),
                deadLetterDisplay: deadLetter)
            batchSize = size
        }
        do {
            let columns = try await adapter.columns(of: export.relation).map(\.name)
            guard !columns.isEmpty else {
                throw Diagnostic(
                    code: Self.notBuilt,
                    message: "export \(definition.name): \(export.relation) does not exist in the warehouse",
                    help: "build it first: strata build --select \(export.relation)")
            }
            try await sink.begin(columns: columns)
            let sql =
                "select \(columns.map(Relation.quote).joined(separator: ", ")) from \(adapter.quotedName(export.relation))"
            try await adapter.streamQuery(sql, binds: [], batchSize: batchSize, readRole: nil) { batch in
                try await sink.write(batch)
            }
            try await sink.finish()
        } catch {
            // Writers throw located diagnostics of their own; anything else came from the warehouse.
            outcome.failure = DatabaseDiagnostics.diagnostic(
                for: error, node: nil, artifactPath: nil, subject: "export \(definition.name)")
        }
        if outcome.failure != nil { await sink.abandon() }
        let progress = await sink.progress
        outcome.rows = progress.rows
        outcome.batches = progress.batches
        outcome.failedBatches = progress.failedBatches
        outcome.failedRows = progress.failedRows
        if outcome.failure == nil, let failure = progress.failure { outcome.failure = failure }
        outcome.elapsed = Date().timeIntervalSince(started)
        return outcome
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (projectRoot as NSString).appendingPathComponent(path)
    }
}
