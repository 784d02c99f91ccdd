public import Foundation

/// How a history table (a dbt snapshot, or the `__history` table of a model with `history: true`) versions rows:
/// type 2 slowly changing dimensions, each version valid from `dbt_valid_from` until `dbt_valid_to` (NULL while
/// current).
public struct HistorySpec: Sendable, Hashable {
    /// How a changed row is recognised.
    public enum ChangeDetection: Sendable, Hashable {
        /// The row's `updated_at` column moved forward; versions are stamped with it.
        case timestamp(column: String)
        /// One of these columns (nil: every column) differs; versions are stamped with the `updatedAt` column when
        /// configured (dbt's `updated_at` on a check snapshot), else with the build time.
        case check(columns: [String]?, updatedAt: String? = nil)
    }

    /// What happens to current versions whose key disappeared from the source.
    public typealias HardDeletes = SnapshotConfig.HardDeletes
    /// The history table's own columns (dbt's `snapshot_meta_column_names`).
    public typealias MetaColumns = SnapshotConfig.MetaColumnNames

    /// Columns identifying a row; empty: the whole row is its identity (a changed row is a new row).
    public var uniqueKey: [String]
    public var detection: ChangeDetection
    public var hardDeletes: HardDeletes
    public var meta: MetaColumns
    /// What `dbt_valid_to` holds for current versions instead of NULL (dbt's `dbt_valid_to_current`), as SQL.
    public var validToCurrent: String?

    public init(
        uniqueKey: [String], detection: ChangeDetection, hardDeletes: HardDeletes, meta: MetaColumns = MetaColumns(),
        validToCurrent: String? = nil
    ) {
        self.uniqueKey = uniqueKey
        self.detection = detection
        self.hardDeletes = hardDeletes
        self.meta = meta
        self.validToCurrent = validToCurrent
    }

    /// The history kept for a model with `history: true`: a new version whenever a row's values change, and a
    /// row that disappears from the model is closed.
    public static func modelHistory(uniqueKey: [String]) -> HistorySpec {
        HistorySpec(uniqueKey: uniqueKey, detection: .check(columns: nil), hardDeletes: .invalidate)
    }

    /// The history a snapshot keeps.
    public init(snapshot: SnapshotConfig) {
        let detection: ChangeDetection
        switch (snapshot.strategy, snapshot.checkCols) {
        case (.check, .columns(let columns)?): detection = .check(columns: columns, updatedAt: snapshot.updatedAt)
        case (.check, _): detection = .check(columns: nil, updatedAt: snapshot.updatedAt)
        case (.timestamp, _): detection = .timestamp(column: snapshot.updatedAt ?? "updated_at")
        }
        self.init(
            uniqueKey: snapshot.uniqueKey, detection: detection, hardDeletes: snapshot.hardDeletes, meta: snapshot.metaColumnNames,
            validToCurrent: snapshot.validToCurrent)
    }
}

extension SnapshotConfig.MetaColumnNames {
    var all: [String] { [validFrom, validTo, scdID, updatedAt, isDeleted] }
}

/// The statements that record a source's current rows as new versions in a history table, in one transaction.
/// Pure: the caller provides the column lists it read and runs the statements.
public struct HistoryMerge: Sendable {
    public let spec: HistorySpec
    /// `postgres` or `sqlite`.
    public let engine: String
    /// The history table as the engine's SQL names it.
    public let target: String
    /// A (temporary) table holding the source's rows now.
    public let source: String
    public let sourceColumns: [ColumnDescription]
    /// The history table's columns; empty when it does not exist yet.
    public let targetColumns: [ColumnDescription]
    /// This build's time as a SQL literal of the engine's timestamp type.
    public let now: String

    public init(
        spec: HistorySpec, engine: String, target: String, source: String, sourceColumns: [ColumnDescription],
        targetColumns: [ColumnDescription], now: Date
    ) {
        self.spec = spec
        self.engine = engine
        self.target = target
        self.source = source
        self.sourceColumns = sourceColumns.filter { !spec.meta.all.contains($0.name) }
        self.targetColumns = targetColumns
        self.now = Self.literal(now, engine: engine)
    }

    /// A timestamp as each engine's history tables store it: `timestamptz` on PostgreSQL, ISO text in UTC with
    /// milliseconds on SQLite (which compares as text in time order).
    public static func literal(_ date: Date, engine: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        let text = formatter.string(from: date)
        return engine == "sqlite" ? "'\(text)'" : "'\(text)+00'::timestamptz"
    }

    private var dataColumns: [String] { sourceColumns.map(\.name) }
    private var tracksDeletions: Bool { spec.hardDeletes == .newRecord }

    /// The statements: the table created from the source when it does not exist, else the source's changes
    /// recorded (new columns added first).
    public func statements() -> [String] {
        targetColumns.isEmpty ? create() : update()
    }

    private func create() -> [String] {
        let columns = dataColumns.map { "s.\(q($0))" }.joined(separator: ", ")
        var meta = [
            "\(scdID("s", stamp: stamp("s"))) AS \(q(spec.meta.scdID))", "\(stamp("s")) AS \(q(spec.meta.updatedAt))",
            "\(stamp("s")) AS \(q(spec.meta.validFrom))",
            // NULLIF(x, x) is NULL of x's type, so the column gets the same type as its partner.
            "\(currentValidTo(typedLike: stamp("s"))) AS \(q(spec.meta.validTo))",
        ]
        if tracksDeletions { meta.append("'False' AS \(q(spec.meta.isDeleted))") }
        return ["CREATE TABLE \(target) AS SELECT \(columns), \(meta.joined(separator: ", ")) FROM \(source) AS s"]
    }

    private func update() -> [String] {
        var statements: [String] = []
        let existing = Set(targetColumns.map { $0.name.lowercased() })
        for column in sourceColumns where !existing.contains(column.name.lowercased()) {
            statements.append("ALTER TABLE \(target) ADD COLUMN \(q(column.name)) \(column.dataType)")
        }
        if tracksDeletions && !existing.contains(spec.meta.isDeleted.lowercased()) {
            statements.append("ALTER TABLE \(target) ADD COLUMN \(q(spec.meta.isDeleted)) \(engine == "sqlite" ? "TEXT" : "text") DEFAULT 'False'")
        }
        let open = { (alias: String) in
            let column = "\(alias).\(self.q(self.spec.meta.validTo))"
            return self.spec.validToCurrent.map { "(\(column) IS NULL OR \(column) = \($0))" } ?? "\(column) IS NULL"
        }
        let deleted = { (alias: String) in "\(alias).\(self.q(self.spec.meta.isDeleted)) = 'True'" }
        let notDeleted = { (alias: String) in
            self.tracksDeletions ? " AND \(alias).\(self.q(self.spec.meta.isDeleted)) \(self.differentValue) 'True'" : ""
        }
        let deletedRows = "strata_history_deleted"
        if tracksDeletions {
            statements.append(
                "CREATE TEMPORARY TABLE \(deletedRows) AS SELECT t.* FROM \(target) AS t WHERE \(open("t"))\(notDeleted("t")) "
                    + "AND NOT EXISTS (SELECT 1 FROM \(source) AS s WHERE \(match("t", "s")))")
        }
        if !spec.uniqueKey.isEmpty {
            // Close the current version of every row that changed (or came back after being deleted).
            var why = changed("t", "s")
            if tracksDeletions { why = "(\(why) OR \(deleted("t")))" }
            statements.append(
                "UPDATE \(target) AS t SET \(q(spec.meta.validTo)) = \(stamp("s")) FROM \(source) AS s "
                    + "WHERE \(match("t", "s")) AND \(open("t")) AND \(why)")
        }
        let columns = dataColumns.map(q).joined(separator: ", ")
        let metaColumns = [spec.meta.scdID, spec.meta.updatedAt, spec.meta.validFrom, spec.meta.validTo] + (tracksDeletions ? [spec.meta.isDeleted] : [])
        let insertList = columns + ", " + metaColumns.map(q).joined(separator: ", ")
        let values = dataColumns.map { "s.\(q($0))" }.joined(separator: ", ")
        statements.append(
            "INSERT INTO \(target) (\(insertList)) SELECT \(values), \(scdID("s", stamp: stamp("s"))), \(stamp("s")), \(stamp("s")), \(spec.validToCurrent ?? "NULL")"
                + (tracksDeletions ? ", 'False'" : "")
                + " FROM \(source) AS s WHERE NOT EXISTS (SELECT 1 FROM \(target) AS t WHERE \(match("t", "s")) AND \(open("t")))")
        if spec.hardDeletes != .ignore || spec.uniqueKey.isEmpty {
            statements.append(
                "UPDATE \(target) AS t SET \(q(spec.meta.validTo)) = \(closingTime) WHERE \(open("t"))\(notDeleted("t")) "
                    + "AND NOT EXISTS (SELECT 1 FROM \(source) AS s WHERE \(match("t", "s")))")
        }
        if tracksDeletions {
            let old = dataColumns.map { "d.\(q($0))" }.joined(separator: ", ")
            statements.append(
                "INSERT INTO \(target) (\(insertList)) SELECT \(old), \(scdID("d", stamp: closingTime)), \(closingTime), \(closingTime), \(spec.validToCurrent ?? "NULL"), 'True' FROM \(deletedRows) AS d")
            statements.append("DROP TABLE \(deletedRows)")
        }
        return statements
    }

    /// `dbt_valid_to` of a current version: NULL, or the configured `dbt_valid_to_current`, typed like `stamp`.
    private func currentValidTo(typedLike stamp: String) -> String {
        let null = "NULLIF(\(stamp), \(stamp))"
        return spec.validToCurrent.map { "COALESCE(\(null), \($0))" } ?? null
    }

    /// What stamps a source row's version: its `updated_at`, or the build time.
    private func stamp(_ alias: String) -> String {
        switch spec.detection {
        case .timestamp(let column), .check(_, let column?): return "\(alias).\(q(column))"
        case .check: return now
        }
    }

    /// When rows that vanished are closed: the build time, in the type of the validity columns.
    private var closingTime: String {
        let stampColumn: String? =
            switch spec.detection {
            case .timestamp(let column), .check(_, let column?): column
            case .check: nil
            }
        guard engine != "sqlite", let stampColumn, let type = sourceColumns.first(where: { $0.name == stampColumn })?.dataType
        else { return now }
        return "CAST(\(now) AS \(type))"
    }

    /// Whether two aliases hold the same row: by key, or by every column when there is no key.
    private func match(_ a: String, _ b: String) -> String {
        let columns = spec.uniqueKey.isEmpty ? dataColumns : spec.uniqueKey
        guard !columns.isEmpty else { return "TRUE" }
        return columns.map { column in
            spec.uniqueKey.isEmpty ? "\(a).\(q(column)) \(sameValue) \(b).\(q(column))" : "\(a).\(q(column)) = \(b).\(q(column))"
        }.joined(separator: " AND ")
    }

    /// Whether the source row `s` differs from the history row `t`.
    private func changed(_ t: String, _ s: String) -> String {
        switch spec.detection {
        case .timestamp(let column):
            return "\(s).\(q(column)) > \(t).\(q(spec.meta.updatedAt))"
        case .check(let columns, _):
            let checked = columns ?? dataColumns.filter { column in !spec.uniqueKey.contains { $0.lowercased() == column.lowercased() } }
            guard !checked.isEmpty else { return "FALSE" }
            return "(" + checked.map { "\(t).\(q($0)) \(differentValue) \(s).\(q($0))" }.joined(separator: " OR ") + ")"
        }
    }

    private var sameValue: String { Self.nullSafeEqual(engine: engine) }
    private var differentValue: String { Self.nullSafeDifferent(engine: engine) }

    /// The operator comparing two values as equal when both are NULL.
    static func nullSafeEqual(engine: String) -> String { engine == "sqlite" ? "IS" : "IS NOT DISTINCT FROM" }
    /// Its negation.
    static func nullSafeDifferent(engine: String) -> String { engine == "sqlite" ? "IS NOT" : "IS DISTINCT FROM" }

    /// dbt's `dbt_scd_id`: a hash of the row's key and its version's stamp.
    private func scdID(_ alias: String, stamp: String) -> String {
        let parts = (spec.uniqueKey.isEmpty ? dataColumns : spec.uniqueKey).map { "\(alias).\(q($0))" } + [stamp]
        let text = parts.map { "COALESCE(CAST(\($0) AS \(engine == "sqlite" ? "TEXT" : "text")), '')" }.joined(separator: " || '|' || ")
        return "md5(\(text))"
    }

    private func q(_ name: String) -> String { Relation.quote(name) }
}
