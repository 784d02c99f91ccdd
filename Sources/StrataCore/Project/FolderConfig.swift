/// A `models:`/`seeds:` tree from `dbt_project.yml`: configuration keyed by package and folder, where `+key`
/// entries (and bare keys dbt knows as configs) apply to everything below that folder.
struct FolderConfigTree {
    let root: [String: ConfigValue]

    /// Config names dbt accepts without a `+` prefix.
    static let knownKeys: Set<String> = [
        "materialized", "schema", "alias", "database", "tags", "enabled", "pre-hook", "post-hook", "pre_hook",
        "post_hook", "persist_docs", "full_refresh", "meta", "docs", "unique_key", "on_schema_change",
        "incremental_strategy", "column_types", "quote_columns", "delimiter", "grants", "indexes", "contract",
        "access", "group", "sql_header", "bind", "quoting", "strategy", "updated_at", "check_cols", "target_schema",
        "target_database", "severity", "store_failures", "where", "limit", "warn_if", "error_if", "fail_calc",
        "history", "incremental_predicates", "invalidate_hard_deletes", "hard_deletes", "snapshot_meta_column_names",
        "dbt_valid_to_current", "on_configuration_change", "unlogged", "event_time", "batch_size", "lookback",
    ]

    init(_ value: ConfigValue?) {
        root = value?.dictValue ?? [:]
    }

    /// The configuration levels that apply to a node, outermost first.
    /// - Parameter fqn: the node's fully qualified name; its last element (the node name) selects a per-node entry.
    func levels(for fqn: [String]) -> [[String: ConfigValue]] {
        var levels: [[String: ConfigValue]] = []
        var current = root
        for (index, component) in fqn.enumerated() {
            guard let next = current[component]?.dictValue else { break }
            // The package level itself is the first element; every folder (and finally the node) adds a level.
            levels.append(Self.configs(in: next, isLeaf: index == fqn.count - 1))
            current = next
        }
        return levels
    }

    private static func configs(in level: [String: ConfigValue], isLeaf: Bool) -> [String: ConfigValue] {
        var result: [String: ConfigValue] = [:]
        for (key, value) in level {
            if key.hasPrefix("+") {
                result[String(key.dropFirst())] = value
            } else if knownKeys.contains(key), isLeaf || value.dictValue == nil || ["meta", "docs", "persist_docs", "grants", "column_types", "quoting"].contains(key) {
                result[key] = value
            }
        }
        return result
    }
}
