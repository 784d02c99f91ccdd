public import Foundation

/// What the warehouse remembers about one built object: the row of `strata.nodes`.
public struct NodeState: Sendable, Hashable {
    /// `""` for production, otherwise the environment's name (`--env pr42`).
    public var environment: String
    /// dbt unique id of the node that built it.
    public var nodeID: String
    /// The object built.
    public var relation: Relation
    /// `view`, `table`, `seed`, ...
    public var materialization: String
    /// `NodeFingerprint` of the definition that was built.
    public var checksum: String
    /// Fingerprints of the built parents at the time, by unique id.
    public var parentChecksums: [String: String]
    /// The rendered SQL that was built (for the plan's diff).
    public var compiledSQL: String
    /// The project's git commit, when it is a git repository.
    public var gitCommit: String?
    /// Whether the working tree had uncommitted changes.
    public var gitDirty: Bool
    /// When the object was committed.
    public var builtAt: Date
    /// Seconds spent building it.
    public var duration: Double
    /// Rows written, when the engine said.
    public var rowCount: Int?
    /// The run that built it.
    public var runID: String

    /// Creates a state row.
    public init(
        environment: String, nodeID: String, relation: Relation, materialization: String, checksum: String,
        parentChecksums: [String: String], compiledSQL: String, gitCommit: String?, gitDirty: Bool, builtAt: Date,
        duration: Double, rowCount: Int?, runID: String
    ) {
        self.environment = environment
        self.nodeID = nodeID
        self.relation = relation
        self.materialization = materialization
        self.checksum = checksum
        self.parentChecksums = parentChecksums
        self.compiledSQL = compiledSQL
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.builtAt = builtAt
        self.duration = duration
        self.rowCount = rowCount
        self.runID = runID
    }
}

/// The git revision a run builds from.
public struct GitRevision: Sendable, Hashable {
    /// Full commit hash of HEAD.
    public var commit: String
    /// Whether tracked files differ from HEAD (or untracked files exist).
    public var dirty: Bool

    /// Creates a revision.
    public init(commit: String, dirty: Bool) {
        self.commit = commit
        self.dirty = dirty
    }
}

/// One row of `strata.runs`.
public struct RunRecord: Sendable, Hashable {
    /// Unique id of the run (the invocation id).
    public var runID: String
    /// Environment built (`""` for production).
    public var environment: String
    /// `build`, `sync`, `run`, `seed`, ...
    public var command: String
    /// The selection as given on the command line.
    public var selection: String
    /// Who ran it from where.
    public var invokedBy: String
    /// The project revision.
    public var git: GitRevision?
    /// Start time.
    public var startedAt: Date
    /// End time (nil while running).
    public var endedAt: Date?
    /// `running`, `success`, `error`, `interrupted`.
    public var outcome: String
    /// Per-node results as JSON (`[{"node": ..., "status": ..., "seconds": ...}]`).
    public var resultsJSON: String

    /// Creates a run record.
    public init(
        runID: String, environment: String, command: String, selection: String, invokedBy: String, git: GitRevision?,
        startedAt: Date, endedAt: Date? = nil, outcome: String = "running", resultsJSON: String = "[]"
    ) {
        self.runID = runID
        self.environment = environment
        self.command = command
        self.selection = selection
        self.invokedBy = invokedBy
        self.git = git
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.resultsJSON = resultsJSON
    }
}

extension RunRecord {
    /// Marks the run ended with its outcome and per-node results.
    public mutating func finish(_ summary: RunSummary, interrupted: Bool, at date: Date = Date()) {
        endedAt = date
        outcome = interrupted ? "interrupted" : summary.hasFailures ? "error" : "success"
        resultsJSON = JSON.array(
            summary.results.map { result in
                .object([
                    ("node", .string(result.nodeID)), ("status", .string(result.status.rawValue)),
                    ("seconds", .double((result.executionTime * 1000).rounded() / 1000)), ("message", .string(result.message)),
                ])
            }
        ).encoded()
    }
}

/// A run as the state remembers it.
public struct RecordedRun: Sendable, Hashable {
    public var runID: String
    public var environment: String
    public var command: String
    public var selection: String
    public var invokedBy: String
    public var gitCommit: String?
    public var startedAt: Date?
    public var endedAt: Date?
    /// `running`, `success`, `error`, `interrupted`.
    public var outcome: String
    /// Per-node results as JSON (`[{"node": ..., "status": ..., "seconds": ..., "message": ...}]`).
    public var resultsJSON: String
    /// What started it under `strata serve` (`schedule nightly`, `api dashboards`), nil for a command line.
    public var trigger: String?
    /// 1 for a first attempt, 2 for the first retry, ...
    public var attempt: Int?
    /// The run's log lines (JSON), when asked for.
    public var logs: String?
}

extension RecordedRun {
    /// One node's result as the run recorded it.
    public struct NodeOutcome: Sendable, Hashable {
        public var node: String
        public var status: String
        public var seconds: Double
        public var message: String
    }

    /// The per-node results of `resultsJSON` (what `RunRecord.finish` wrote).
    public var nodeOutcomes: [NodeOutcome] {
        guard let items = try? JSONSerialization.jsonObject(with: Data(resultsJSON.utf8)) as? [[String: Any]] else { return [] }
        return items.map { item in
            NodeOutcome(
                node: item["node"] as? String ?? "", status: item["status"] as? String ?? "",
                seconds: (item["seconds"] as? NSNumber)?.doubleValue ?? 0, message: item["message"] as? String ?? "")
        }
    }
}

