public import Foundation
public import StrataDiagnostics

/// How one node of a run ended, in dbt's vocabulary.
public enum NodeStatus: String, Sendable, Hashable, Codable {
    case success, error, skipped
    case pass, fail, warn
    /// A node that was not executed on purpose (ephemeral models).
    case noOp = "no-op"
}

/// The result of running one node, as reported to the user and written to `run_results.json`.
public struct NodeResult: Sendable {
    /// dbt unique_id.
    public var nodeID: String
    /// Display name (`core.deals`, `stg_orders`).
    public var name: String
    /// Kind of node.
    public var resourceType: ResourceType
    /// Outcome.
    public var status: NodeStatus
    /// Human summary: `created view core.deals`, or the first line of an error.
    public var message: String
    /// What the node builds, e.g. `view core.deals` or `seed file raw.members`.
    public var subject: String
    /// The database's short response (`CREATE VIEW`, `INSERT 1000`).
    public var adapterResponse: AdapterResponse?
    /// When work on the node started and ended.
    public var startedAt: Date
    /// When the node finished.
    public var completedAt: Date
    /// The relation built, when there is one.
    public var relation: Relation?
    /// The full diagnostic for failures.
    public var diagnostic: Diagnostic?
    /// Failing rows for tests.
    public var failures: Int?
    /// The compiled SQL that ran.
    public var compiledCode: String?
    /// Name of the worker that ran it (`Thread-1`), for dbt compatibility.
    public var threadID: String

    /// Creates a result.
    public init(
        nodeID: String, name: String, resourceType: ResourceType, status: NodeStatus, message: String,
        subject: String = "", adapterResponse: AdapterResponse? = nil, startedAt: Date, completedAt: Date, relation: Relation? = nil,
        diagnostic: Diagnostic? = nil, failures: Int? = nil, compiledCode: String? = nil, threadID: String = "Thread-1"
    ) {
        self.nodeID = nodeID
        self.name = name
        self.resourceType = resourceType
        self.status = status
        self.message = message
        self.subject = subject.isEmpty ? name : subject
        self.adapterResponse = adapterResponse
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.relation = relation
        self.diagnostic = diagnostic
        self.failures = failures
        self.compiledCode = compiledCode
        self.threadID = threadID
    }

    /// Wall time in seconds.
    public var executionTime: Double { completedAt.timeIntervalSince(startedAt) }
}

/// Totals printed at the end of a run.
public struct RunSummary: Sendable {
    /// Every node result in completion order.
    public var results: [NodeResult]
    /// Wall time of the whole run in seconds.
    public var elapsed: Double

    /// Creates a summary.
    public init(results: [NodeResult], elapsed: Double) {
        self.results = results
        self.elapsed = elapsed
    }

    /// Number of results with a status.
    public func count(_ status: NodeStatus) -> Int { results.count(where: { $0.status == status }) }

    /// Whether anything failed (errors and failing tests).
    public var hasFailures: Bool { results.contains { $0.status == .error || $0.status == .fail } }
}

/// Something that happened during a command, for the terminal or a JSON log.
public enum RunEvent: Sendable {
    /// The command began; `total` nodes will run.
    case started(command: String, total: Int)
    /// A node began; `index` is 1-based.
    case nodeStarted(index: Int, total: Int, nodeID: String, description: String)
    /// A node finished.
    case nodeFinished(index: Int, total: Int, result: NodeResult)
    /// A warning or error outside any one node (or details of a node failure).
    case diagnostic(Diagnostic)
    /// A line of information (`Found 120 models, 4 seeds`).
    case info(String)
    /// The command finished.
    case finished(RunSummary)
}

/// Receives run events; the CLI prints them, tests record them. Library code never prints.
public protocol Reporter: Sendable {
    /// Handles one event; called serially.
    func report(_ event: RunEvent)
}
