public import StrataDiagnostics

/// A snapshot's configuration, typed and checked: what a runner needs to keep a type-2 slowly changing dimension
/// (dbt's snapshot semantics), read from the node's resolved `NodeConfig`.
public struct SnapshotConfig: Sendable, Hashable {
    /// How changes to a row are detected.
    public enum Strategy: String, Sendable, Hashable, CaseIterable {
        /// A row changed when its `updated_at` column is newer.
        case timestamp
        /// A row changed when any of `check_cols` differs.
        case check
    }

    /// The columns the `check` strategy compares.
    public enum CheckColumns: Sendable, Hashable {
        /// `check_cols: all`: every column of the query.
        case all
        /// A list of column names.
        case columns([String])
    }

    /// What happens to snapshot rows whose key disappeared from the source.
    public enum HardDeletes: String, Sendable, Hashable, CaseIterable {
        /// Leave them current (dbt's default).
        case ignore
        /// Close them by setting `dbt_valid_to`.
        case invalidate
        /// Close them and add a row flagged `dbt_is_deleted`.
        case newRecord = "new_record"
    }

    /// Names of the columns a snapshot adds (`snapshot_meta_column_names`), dbt's defaults unless configured.
    public struct MetaColumnNames: Sendable, Hashable {
        /// When the row version became current.
        public var validFrom = "dbt_valid_from"
        /// When it stopped being current (null, or `dbt_valid_to_current`, while current).
        public var validTo = "dbt_valid_to"
        /// A hash identifying the row version.
        public var scdID = "dbt_scd_id"
        /// The source row's update time as the snapshot saw it.
        public var updatedAt = "dbt_updated_at"
        /// Whether the row was deleted in the source (`hard_deletes: new_record`).
        public var isDeleted = "dbt_is_deleted"

        /// Creates dbt's default names.
        public init() {}
    }

    /// The change detection strategy.
    public var strategy: Strategy
    /// The columns identifying a source row (one or several).
    public var uniqueKey: [String]
    /// The timestamp column (`timestamp` strategy; optional but honoured with `check`).
    public var updatedAt: String?
    /// The compared columns (`check` strategy); nil with `timestamp`.
    public var checkCols: CheckColumns?
    /// What to do with rows deleted from the source.
    public var hardDeletes: HardDeletes
    /// The value `dbt_valid_to` holds for current rows instead of null (`dbt_valid_to_current`), as SQL.
    public var validToCurrent: String?
    /// The names of the columns the snapshot adds.
    public var metaColumnNames: MetaColumnNames

    /// Reads and checks a snapshot's configuration.
    /// - Parameters:
    ///   - config: the snapshot node's resolved configuration.
    ///   - declaration: where the snapshot was declared, so a problem points there.
    /// - Throws: the first problem `problems(in:declaration:)` finds.
    public init(config: NodeConfig, declaration: Label? = nil) throws(Diagnostic) {
        if let first = Self.problems(in: config, declaration: declaration).first { throw first }
        strategy = Strategy(rawValue: config["strategy"]?.stringValue ?? "") ?? .timestamp
        uniqueKey = config.uniqueKey
        updatedAt = config["updated_at"]?.stringValue
        if strategy == .check {
            let columns = config["check_cols"]
            checkCols = columns?.stringValue == "all" ? .all : .columns(columns?.stringList ?? [])
        }
        hardDeletes = Self.hardDeletes(in: config) ?? .ignore
        validToCurrent = config["dbt_valid_to_current"]?.stringValue
        metaColumnNames = MetaColumnNames()
        let names = config["snapshot_meta_column_names"]?.dictValue ?? [:]
        metaColumnNames.validFrom = names["dbt_valid_from"]?.stringValue ?? metaColumnNames.validFrom
        metaColumnNames.validTo = names["dbt_valid_to"]?.stringValue ?? metaColumnNames.validTo
        metaColumnNames.scdID = names["dbt_scd_id"]?.stringValue ?? metaColumnNames.scdID
        metaColumnNames.updatedAt = names["dbt_updated_at"]?.stringValue ?? metaColumnNames.updatedAt
        metaColumnNames.isDeleted = names["dbt_is_deleted"]?.stringValue ?? metaColumnNames.isDeleted
    }

    /// Every problem with a snapshot's configuration, so a project reports them all at once.
    /// - Parameters:
    ///   - config: the snapshot node's resolved configuration.
    ///   - declaration: where the snapshot was declared; the diagnostics point there.
    /// - Returns: errors `P1082`–`P1086`, empty when the configuration is usable.
    public static func problems(in config: NodeConfig, declaration: Label?) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        func report(_ code: DiagnosticCode, _ message: String, help: String) {
            problems.append(Diagnostic(.error, code: code, message: message, primary: declaration, help: help))
        }
        if config.uniqueKey.isEmpty {
            report(
                "P1082", "snapshot has no 'unique_key'",
                help: "add config(unique_key='id'), the column(s) identifying a source row")
        }
        let strategyName = config["strategy"]?.stringValue
        switch strategyName.flatMap(Strategy.init(rawValue:)) {
        case .timestamp?:
            if config["updated_at"]?.stringValue == nil {
                report(
                    "P1084", "snapshot with strategy 'timestamp' has no 'updated_at'",
                    help: "add config(updated_at='updated_at'), the column that changes with every update")
            }
        case .check?:
            if (config["check_cols"]?.stringList ?? []).isEmpty {
                report(
                    "P1085", "snapshot with strategy 'check' has no 'check_cols'",
                    help: "add config(check_cols=['status']) or config(check_cols='all')")
            }
        case nil:
            let message = strategyName.map { "unknown snapshot strategy '\($0)'" } ?? "snapshot has no 'strategy'"
            report(
                "P1083", message,
                help: "use strategy='timestamp' (with updated_at) or strategy='check' (with check_cols)")
        }
        if config["hard_deletes"] != nil, hardDeletes(in: config) == nil {
            let value = config["hard_deletes"]?.stringValue ?? "\(config["hard_deletes"]!)"
            report("P1086", "unknown hard_deletes value '\(value)'", help: "use 'ignore', 'invalidate' or 'new_record'")
        }
        return problems
    }

    /// `hard_deletes`, or the legacy `invalidate_hard_deletes: true` (meaning `invalidate`); nil when unset or unknown.
    private static func hardDeletes(in config: NodeConfig) -> HardDeletes? {
        if let value = config["hard_deletes"] { return value.stringValue.flatMap(HardDeletes.init(rawValue:)) }
        return config["invalidate_hard_deletes"]?.boolValue == true ? .invalidate : nil
    }
}

extension CompiledNode {
    /// The typed snapshot configuration of a snapshot node; nil for other nodes or when it is invalid (compilation
    /// has reported why).
    public var snapshotConfig: SnapshotConfig? {
        guard self.graphNode.resourceType == .snapshot else { return nil }
        return try? SnapshotConfig(config: self.config)
    }
}
