public import Foundation
public import StrataDiagnostics

/// One source table to check: its rule, the column (or SQL expression) holding load times, and where it lives.
public struct FreshnessCheck: Sendable {
    /// The source table.
    public var source: Source
    /// The relation as compiled (templated schemas rendered).
    public var relation: Relation
    /// The rule after inheritance.
    public var rule: FreshnessRule
    /// `loaded_at_field`, used verbatim in SQL as dbt does.
    public var loadedAtField: String

    /// The checks for the selected source tables that have a rule with a threshold and a `loaded_at_field`.
    /// - Parameters:
    ///   - compiled: the compiled project.
    ///   - selected: the unique ids selected.
    /// - Returns: the checks in name order, and the selected tables that have a rule but no `loaded_at_field`.
    public static func checks(in compiled: CompiledProject, selected: Set<String>) -> (
        checks: [FreshnessCheck], withoutField: [Source]
    ) {
        var checks: [FreshnessCheck] = []
        var withoutField: [Source] = []
        for source in compiled.project.sources where selected.contains(source.id) {
            guard let rule = source.freshness else { continue }
            guard let field = source.loadedAtField else {
                withoutField.append(source)
                continue
            }
            let relation = compiled.nodes[source.id]?.relation ?? source.relation
            checks.append(FreshnessCheck(source: source, relation: relation, rule: rule, loadedAtField: field))
        }
        return (checks.sorted { $0.name < $1.name }, withoutField)
    }

    /// `raw.orders`: source and table name.
    public var name: String { "\(source.sourceName).\(source.tableName)" }

    /// The query dbt's `collect_freshness` runs, with the warehouse's clock for `snapshotted_at`.
    /// - Parameters:
    ///   - engine: `sqlite` or `postgres`.
    ///   - quotedRelation: the relation as the adapter quotes it.
    /// - Returns: SQL returning one row (`max_loaded_at`, `snapshotted_at`).
    public func sql(engine: String, quotedRelation: String) -> String {
        let now = engine == "sqlite" ? "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" : "now()"
        var sql = "select max(\(loadedAtField)) as max_loaded_at, \(now) as snapshotted_at from \(quotedRelation)"
        if let filter = rule.filter { sql += " where \(filter)" }
        return sql
    }
}

/// The outcome of one freshness check, as printed and written to `sources.json`.
public struct FreshnessResult: Sendable {
    /// The check.
    public var check: FreshnessCheck
    /// pass, warn, error or runtime error.
    public var status: FreshnessStatus
    /// The newest load time; nil when the table is empty or the query failed.
    public var maxLoadedAt: Date?
    /// When the warehouse took the measure.
    public var snapshottedAt: Date?
    /// Query start and end.
    public var startedAt: Date
    /// When the query finished.
    public var completedAt: Date
    /// Why a runtime error happened.
    public var diagnostic: Diagnostic?
    /// The warehouse's response.
    public var adapterResponse: AdapterResponse?

    /// `max_loaded_at` of an empty table: 0001-01-01, as dbt reports it, so the table is as stale as can be.
    public static let noRows = Date(timeIntervalSince1970: -62_135_596_800)

    /// Seconds between the newest load and the measure; nil when the query failed.
    public var age: Double? {
        guard let snapshottedAt, let maxLoadedAt else { return nil }
        return snapshottedAt.timeIntervalSince(maxLoadedAt)
    }

    /// The result as a node result, for reporters and run summaries.
    public var nodeResult: NodeResult {
        let nodeStatus: NodeStatus
        switch status {
        case .pass: nodeStatus = .pass
        case .warn: nodeStatus = .warn
        case .error, .runtimeError: nodeStatus = .error
        }
        return NodeResult(
            nodeID: check.source.id, name: check.name, resourceType: .source, status: nodeStatus, message: message,
            subject: "freshness of \(check.name)", adapterResponse: adapterResponse, startedAt: startedAt,
            completedAt: completedAt, relation: check.relation, diagnostic: diagnostic)
    }

    /// `freshness of raw.orders: newest row 3 hours old, over warn_after 2 hours`.
    public var message: String {
        let subject = "freshness of \(check.name)"
        guard let age else { return "\(subject): \(diagnostic?.message ?? "query failed")" }
        guard maxLoadedAt != Self.noRows else { return "\(subject): no rows" }
        let ageText = Self.describe(age)
        switch status {
        case .error:
            return "\(subject): newest row \(ageText) old, over error_after \(check.rule.errorAfter?.description ?? "")"
        case .warn:
            return "\(subject): newest row \(ageText) old, over warn_after \(check.rule.warnAfter?.description ?? "")"
        default: return "\(subject): newest row \(ageText) old"
        }
    }

    /// `3h 12m`, `2d 4h`, `45s`.
    static func describe(_ seconds: Double) -> String {
        let total = Int(max(0, seconds))
        let (days, hours, minutes) = (total / 86_400, total % 86_400 / 3_600, total % 3_600 / 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(total % 60)s" }
        return "\(total)s"
    }
}

/// Runs freshness checks on the warehouse one after the other and reports each (`START`, then the outcome).
public struct FreshnessRunner: Sendable {
    let adapter: any DatabaseAdapter
    let reporter: any Reporter

    /// Creates a runner.
    /// - Parameters:
    ///   - adapter: the warehouse.
    ///   - reporter: receives `nodeStarted`/`nodeFinished` for every check.
    public init(adapter: any DatabaseAdapter, reporter: any Reporter) {
        self.adapter = adapter
        self.reporter = reporter
    }

    /// Checks every table; a failing query is a runtime error for that table only.
    /// - Parameter checks: what to check, in order.
    /// - Returns: one result per check.
    public func run(_ checks: [FreshnessCheck]) async -> [FreshnessResult] {
        var results: [FreshnessResult] = []
        for (offset, check) in checks.enumerated() {
            reporter.report(
                .nodeStarted(
                    index: offset + 1, total: checks.count, nodeID: check.source.id,
                    description: "freshness of \(check.name)"))
            let result = await run(check)
            reporter.report(.nodeFinished(index: offset + 1, total: checks.count, result: result.nodeResult))
            results.append(result)
        }
        return results
    }

    private func run(_ check: FreshnessCheck) async -> FreshnessResult {
        let started = Date()
        let sql = check.sql(engine: adapter.traits.name, quotedRelation: adapter.quotedName(check.relation))
        do {
            let rows = try await adapter.query(sql, limit: nil).rows
            let row = rows.first ?? []
            let newest = row.first ?? .null
            let maxLoadedAt = newest == .null ? FreshnessResult.noRows : FreshnessTimestamp.parse(newest)
            let snapshottedAt = (row.count > 1 ? FreshnessTimestamp.parse(row[1]) : nil) ?? Date()
            var result = FreshnessResult(
                check: check, status: .pass, maxLoadedAt: maxLoadedAt, snapshottedAt: snapshottedAt, startedAt: started,
                completedAt: Date(),
                adapterResponse: AdapterResponse(message: "SELECT \(rows.count)", rowsAffected: rows.count))
            if maxLoadedAt == nil {
                result.status = .runtimeError
                result.diagnostic = Diagnostic(
                    code: "D3020",
                    message:
                        "freshness of \(check.name): loaded_at_field '\(check.loadedAtField)' gave '\(newest.text ?? "")', not a timestamp",
                    primary: check.source.declaration,
                    help: "use a timestamp column, or ISO-8601 text (YYYY-MM-DD HH:MM:SS) on SQLite")
            } else {
                result.status = check.rule.status(forAge: result.age ?? 0)
            }
            return result
        } catch {
            let diagnostic = DatabaseDiagnostics.diagnostic(
                for: error, node: nil, artifactPath: nil, subject: "freshness of \(check.name)")
            return FreshnessResult(
                check: check, status: .runtimeError, startedAt: started, completedAt: Date(), diagnostic: diagnostic)
        }
    }
}
