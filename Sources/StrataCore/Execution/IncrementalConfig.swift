public import StrataDiagnostics

/// How an incremental model's new rows join its table, as dbt configures it.
public struct IncrementalConfig: Sendable, Hashable {
    /// dbt's `incremental_strategy`.
    public enum Strategy: String, Sendable, CaseIterable {
        case append, merge
        case deleteInsert = "delete+insert"
    }

    /// dbt's `on_schema_change`: what to do when the model's columns no longer match the table's.
    public enum SchemaChangePolicy: String, Sendable, CaseIterable {
        case ignore, fail
        case appendNewColumns = "append_new_columns"
        case syncAllColumns = "sync_all_columns"
    }

    public var strategy: Strategy
    /// Columns identifying a row (empty: rows are only ever appended).
    public var uniqueKey: [String]
    /// Extra conditions on the rows of the table a merge or delete may touch (`DBT_INTERNAL_DEST.col > ...`).
    public var predicates: [String]
    public var onSchemaChange: SchemaChangePolicy
    /// `full_refresh` config: nil follows `--full-refresh`, false protects the table from it, true always rebuilds.
    public var fullRefresh: Bool?
    /// Columns a merge updates (`merge_update_columns`); nil: every non-key column.
    public var mergeUpdateColumns: [String]?
    /// Columns a merge leaves alone (`merge_exclude_columns`).
    public var mergeExcludeColumns: [String]

    /// Reads the configuration of a node.
    /// - Throws: a diagnostic naming the bad key and the values it accepts.
    public init(_ config: NodeConfig, path: String?) throws(Diagnostic) {
        uniqueKey = config.uniqueKey
        let strategyName = config["incremental_strategy"]?.stringValue
        if let strategyName {
            guard let strategy = Strategy(rawValue: strategyName.lowercased()) else {
                throw Self.invalid("incremental_strategy", strategyName, accepted: Strategy.allCases.map(\.rawValue), path: path)
            }
            self.strategy = strategy
        } else {
            // dbt-postgres and dbt-sqlite: without a key rows can only be appended; with one, delete+insert.
            strategy = uniqueKey.isEmpty ? .append : .deleteInsert
        }
        if strategy == .deleteInsert && uniqueKey.isEmpty {
            throw Diagnostic(
                code: "M5101", message: "incremental_strategy 'delete+insert' needs a unique_key",
                help: "set unique_key to the column (or list of columns) identifying a row, or use incremental_strategy 'append'",
                path: path)
        }
        predicates = config["incremental_predicates"]?.stringList ?? []
        let policyName = config["on_schema_change"]?.stringValue ?? "ignore"
        guard let policy = SchemaChangePolicy(rawValue: policyName.lowercased()) else {
            throw Self.invalid("on_schema_change", policyName, accepted: SchemaChangePolicy.allCases.map(\.rawValue), path: path)
        }
        onSchemaChange = policy
        fullRefresh = config["full_refresh"]?.boolValue
        mergeUpdateColumns = config["merge_update_columns"]?.stringList
        mergeExcludeColumns = config["merge_exclude_columns"]?.stringList ?? []
    }

    /// Whether this build replaces the table instead of adding to it.
    public func rebuildsFromScratch(fullRefreshRequested: Bool) -> Bool {
        fullRefresh ?? fullRefreshRequested
    }

    private static func invalid(_ key: String, _ value: String, accepted: [String], path: String?) -> Diagnostic {
        Diagnostic(
            code: "M5100", message: "unknown \(key) '\(value)'", help: "use one of: \(accepted.joined(separator: ", "))", path: path)
    }
}
