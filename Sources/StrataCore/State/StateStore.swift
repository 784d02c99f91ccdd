public import Foundation

/// The warehouse's memory of what it holds: the `strata` schema with one row per built object and one per run.
///
/// Rows describing an object are written by the statement list `recordStatements(for:)` returns, which adapters
/// run inside the transaction that makes the object visible; so the state never describes an object that is not
/// there. The schema carries a version and is migrated forward by `migrate()`.
public struct StateStore: Sendable {
    /// The schema holding the state tables.
    public static let schema = "strata"
    /// The schema version this build of Strata writes.
    public static let currentVersion = 3

    let adapter: any DatabaseAdapter
    let versionTable: String
    let nodesTable: String
    let runsTable: String

    /// Creates a store over a warehouse.
    public init(adapter: any DatabaseAdapter) {
        self.adapter = adapter
        versionTable = adapter.quotedName(Relation(schema: Self.schema, identifier: "state_version"))
        nodesTable = adapter.quotedName(Relation(schema: Self.schema, identifier: "nodes"))
        runsTable = adapter.quotedName(Relation(schema: Self.schema, identifier: "runs"))
    }

    /// Statements that take the state from one version to the next; index 0 creates version 1.
    var migrations: [[String]] {
        [
            [
                                """
                CREATE TABLE IF NOT EXISTS \(nodesTable) (
                    environment text NOT NULL, node_id text NOT NULL, relation_schema text NOT NULL, relation_name text NOT NULL,
                    materialization text NOT NULL, checksum text NOT NULL, parent_checksums text NOT NULL, compiled_sql text NOT NULL,
                    git_commit text, git_dirty integer NOT NULL, built_at text NOT NULL, duration_seconds double precision NOT NULL,
                    status text NOT NULL, row_count bigint, run_id text NOT NULL,
                    PRIMARY KEY (environment, node_id))
                """,
                """
                CREATE TABLE IF NOT EXISTS \(runsTable) (
                    run_id text PRIMARY KEY, environment text NOT NULL, command text NOT NULL, selection text NOT NULL,
                    invoked_by text NOT NULL, git_commit text, git_dirty integer NOT NULL, started_at text NOT NULL, ended_at text,
                    outcome text NOT NULL, results text NOT NULL)
                """,
                "CREATE TABLE IF NOT EXISTS \(versionTable) (version integer NOT NULL, migrated_at text NOT NULL)",
            ],
            // Version 2: `strata replicate`'s per-table progress.
            [ReplicationStateTable.createStatement(ReplicationStateTable(adapter: adapter).quotedName)],
            // Version 3: `strata serve` records what started a run, which attempt it was and its log.
            [
                "ALTER TABLE \(runsTable) ADD COLUMN run_trigger text",
                "ALTER TABLE \(runsTable) ADD COLUMN attempt integer",
                "ALTER TABLE \(runsTable) ADD COLUMN logs text",
            ],
        ]
    }

    /// The version of the state schema in the warehouse; 0 when there is none yet.
    /// - Throws: `DatabaseError`.
    public func installedVersion() async throws -> Int {
        // Asked directly (one round trip, on every run): a missing table means no state yet.
        let result: QueryResult
        do {
            result = try await adapter.query("SELECT max(version) FROM \(versionTable)", limit: nil)
        } catch let error as DatabaseError where error.code == "42P01" || error.message.hasPrefix("no such table") {
            return 0
        }
        guard let text = result.rows.first?.first?.text, let version = Int(text) else { return 0 }
        return version
    }

    /// Creates the state schema, or brings an older one up to date.
    /// - Throws: `DatabaseError`, also when the warehouse's state is newer than this Strata understands.
    public func migrate() async throws {
        let installed = try await installedVersion()
        if installed > Self.currentVersion {
            throw DatabaseError(
                message: "the warehouse's state schema is version \(installed), newer than this strata understands (\(Self.currentVersion))",
                hint: "upgrade strata; an older strata must not write state it cannot read")
        }
        guard installed < Self.currentVersion else { return }
        try await adapter.createSchemas([Self.schema])
        for version in installed..<Self.currentVersion {
            var statements = migrations[version]
            statements.append("INSERT INTO \(versionTable) (version, migrated_at) VALUES (\(version + 1), \(Self.literal(Self.timestamp(Date()))))")
            for statement in statements {
                do {
                    _ = try await adapter.execute(statement)
                } catch let error as DatabaseError where Self.alreadyApplied(error, statement: statement) {
                    // Another process migrating the same warehouse (another project, which holds another run
                    // lock) added the column first.
                    continue
                }
            }
        }
    }

    /// Whether a migration statement failed only because its change is already there.
    static func alreadyApplied(_ error: DatabaseError, statement: String) -> Bool {
        statement.contains("ADD COLUMN")
            && (error.code == "42701" || error.message.contains("duplicate column name"))
    }

    /// Every object recorded for an environment, by node id; empty when the warehouse has no state yet.
    /// - Throws: `DatabaseError`.
    public func nodes(environment: String) async throws -> [String: NodeState] {
        try await nodes(environment: environment, only: nil)
    }

    /// What is recorded for one node, nil when nothing is (or the warehouse has no state yet).
    /// - Throws: `DatabaseError`.
    public func node(_ nodeID: String, environment: String) async throws -> NodeState? {
        try await nodes(environment: environment, only: nodeID)[nodeID]
    }

    private func nodes(environment: String, only nodeID: String?) async throws -> [String: NodeState] {
        guard try await installedVersion() > 0 else { return [:] }
        let oneNode = nodeID.map { " AND node_id = \(Self.literal($0))" } ?? ""
        let result = try await adapter.query(
            """
            SELECT node_id, relation_schema, relation_name, materialization, checksum, parent_checksums, compiled_sql, git_commit,
                   git_dirty, built_at, duration_seconds, row_count, run_id
            FROM \(nodesTable) WHERE environment = \(Self.literal(environment))\(oneNode)
            """, limit: nil)
        var states: [String: NodeState] = [:]
        for row in result.rows {
            let text = row.map(\.text)
            guard let id = text[0], let schema = text[1], let name = text[2] else { continue }
            states[id] = NodeState(
                environment: environment, nodeID: id, relation: Relation(schema: schema, identifier: name),
                materialization: text[3] ?? "", checksum: text[4] ?? "", parentChecksums: Self.decodeMap(text[5] ?? "{}"),
                compiledSQL: text[6] ?? "", gitCommit: text[7], gitDirty: text[8] == "1" || text[8] == "true",
                builtAt: text[9].flatMap(Self.date) ?? Date(timeIntervalSince1970: 0), duration: text[10].flatMap(Double.init) ?? 0,
                rowCount: text[11].flatMap { Int($0) }, runID: text[12] ?? "")
        }
        return states
    }

    /// The environments recorded, with how many objects each holds and when it was last built.
    /// - Throws: `DatabaseError`.
    public func environments() async throws -> [(name: String, objects: Int, lastBuilt: Date?)] {
        guard try await installedVersion() > 0 else { return [] }
        let result = try await adapter.query(
            "SELECT environment, count(*), max(built_at) FROM \(nodesTable) GROUP BY environment ORDER BY environment", limit: nil)
        return result.rows.map { row in
            (row[0].text ?? "", Int(row[1].text ?? "") ?? 0, row[2].text.flatMap(Self.date))
        }
    }

    /// Statements replacing the row of one object; run by the adapter in the transaction that builds it.
    public func recordStatements(for state: NodeState) -> [String] {
        let parents = JSON.sortedObject(state.parentChecksums.mapValues(JSON.string)).encoded()
        let values = [
            Self.literal(state.environment), Self.literal(state.nodeID), Self.literal(state.relation.schema),
            Self.literal(state.relation.identifier), Self.literal(state.materialization), Self.literal(state.checksum),
            Self.literal(parents), Self.literal(state.compiledSQL), Self.literal(state.gitCommit), state.gitDirty ? "1" : "0",
            Self.literal(Self.timestamp(state.builtAt)), Self.seconds(state.duration), "'success'",
            state.rowCount.map(String.init) ?? "NULL", Self.literal(state.runID),
        ]
        // One statement, one round trip inside the builder's transaction (both engines read this upsert alike).
        let columns = [
            "relation_schema", "relation_name", "materialization", "checksum", "parent_checksums", "compiled_sql", "git_commit", "git_dirty",
            "built_at", "duration_seconds", "status", "row_count", "run_id",
        ]
        return [
            """
            INSERT INTO \(nodesTable) (environment, node_id, \(columns.joined(separator: ", ")))
            VALUES (\(values.joined(separator: ", ")))
            ON CONFLICT (environment, node_id) DO UPDATE SET \(columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """
        ]
    }

    /// The statement removing an object's row (when it is dropped).
    public func forgetStatement(environment: String, nodeID: String) -> String {
        "DELETE FROM \(nodesTable) WHERE environment = \(Self.literal(environment)) AND node_id = \(Self.literal(nodeID))"
    }

    /// Removes every row of an environment.
    /// - Throws: `DatabaseError`.
    public func forget(environment: String) async throws {
        guard try await installedVersion() > 0 else { return }
        _ = try await adapter.execute("DELETE FROM \(nodesTable) WHERE environment = \(Self.literal(environment))")
    }

    /// Records a run that is starting, or updates it when it ended.
    /// - Throws: `DatabaseError`.
    public func record(_ run: RunRecord) async throws {
        let values = [
            Self.literal(run.runID), Self.literal(run.environment), Self.literal(run.command), Self.literal(run.selection),
            Self.literal(run.invokedBy), Self.literal(run.git?.commit), run.git?.dirty == true ? "1" : "0",
            Self.literal(Self.timestamp(run.startedAt)), Self.literal(run.endedAt.map(Self.timestamp)), Self.literal(run.outcome),
            Self.literal(run.resultsJSON),
        ]
        let columns = ["environment", "command", "selection", "invoked_by", "git_commit", "git_dirty", "started_at", "ended_at", "outcome", "results"]
        _ = try await adapter.execute(
            """
            INSERT INTO \(runsTable) (run_id, \(columns.joined(separator: ", ")))
            VALUES (\(values.joined(separator: ", ")))
            ON CONFLICT (run_id) DO UPDATE SET \(columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """)
    }

    /// Adds what `strata serve` knows about a run it started — trigger, attempt and log — to the run's row, or
    /// writes `fallback` with them when the run never got as far as recording itself (a project that does not
    /// compile, a warehouse that cannot be reached).
    /// - Throws: `DatabaseError`.
    public func recordService(runID: String, trigger: String, attempt: Int, logs: String, fallback: RunRecord) async throws {
        let updated = try await adapter.query(
            "SELECT count(*) FROM \(runsTable) WHERE run_id = \(Self.literal(runID))", limit: nil)
        if updated.rows.first?.first?.text == "0" { try await record(fallback) }
        _ = try await adapter.execute(
            """
            UPDATE \(runsTable) SET run_trigger = \(Self.literal(trigger)), attempt = \(attempt), logs = \(Self.literal(logs))
            WHERE run_id = \(Self.literal(runID))
            """)
    }

    /// The newest runs first, without their logs.
    /// - Throws: `DatabaseError`.
    public func runs(limit: Int) async throws -> [RecordedRun] {
        try await recordedRuns(where: nil, limit: limit, withLogs: false)
    }

    /// One run, with its log unless `withLogs` is false, or nil when there is no such run.
    /// - Throws: `DatabaseError`.
    public func run(_ runID: String, withLogs: Bool = true) async throws -> RecordedRun? {
        try await recordedRuns(where: "run_id = \(Self.literal(runID))", limit: 1, withLogs: withLogs).first
    }

    private func recordedRuns(where condition: String?, limit: Int, withLogs: Bool) async throws -> [RecordedRun] {
        guard try await installedVersion() >= 3 else { return [] }
        let columns = "run_id, environment, command, selection, invoked_by, git_commit, started_at, ended_at, outcome, results, run_trigger, attempt"
            + (withLogs ? ", logs" : "")
        let result = try await adapter.query(
            "SELECT \(columns) FROM \(runsTable)\(condition.map { " WHERE " + $0 } ?? "") ORDER BY started_at DESC LIMIT \(limit)",
            limit: nil)
        return result.rows.map { row in
            let text = row.map(\.text)
            return RecordedRun(
                runID: text[0] ?? "", environment: text[1] ?? "", command: text[2] ?? "", selection: text[3] ?? "",
                invokedBy: text[4] ?? "", gitCommit: text[5], startedAt: text[6].flatMap(Self.date), endedAt: text[7].flatMap(Self.date),
                outcome: text[8] ?? "", resultsJSON: text[9] ?? "[]", trigger: text[10], attempt: text[11].flatMap { Int($0) },
                logs: withLogs ? text[12] : nil)
        }
    }

    // MARK: - Literals

    /// A SQL string literal (standard quoting, which both engines read the same way), or NULL.
    static func literal(_ text: String?) -> String {
        guard let text else { return "NULL" }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// UTC ISO 8601 with milliseconds: sorts as text, reads back exactly.
    public static func timestamp(_ date: Date) -> String { UTCTimestamp.string(date, fractionDigits: 3) }

    /// A duration in seconds with six decimals, as `%.6f` prints it.
    static func seconds(_ duration: Double) -> String {
        let micros = Int((max(0, duration) * 1_000_000).rounded())
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    static func date(_ text: String) -> Date? {
        try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }

    static func decodeMap(_ text: String) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] else { return [:] }
        return object
    }
}
