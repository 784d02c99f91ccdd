/// A node's configuration after dbt's precedence rules were applied: project folders, then YAML, then the file.
public struct NodeConfig: Sendable, Hashable {
    /// Every configured key, including the ones Strata has no typed accessor for.
    public private(set) var values: [String: ConfigValue]

    /// Keys whose values accumulate across levels instead of replacing each other, as in dbt.
    static let appendedKeys: Set<String> = ["tags", "pre-hook", "post-hook"]
    /// Keys whose mappings are merged key by key across levels.
    static let mergedKeys: Set<String> = ["meta", "grants", "docs", "persist_docs"]

    /// Creates a configuration from explicit values.
    public init(_ values: [String: ConfigValue] = [:]) {
        self.values = [:]
        merge(values)
    }

    /// Applies a more specific level on top of this one.
    /// - Parameter overrides: keys from the more specific level (`+` prefixes already removed).
    public mutating func merge(_ overrides: [String: ConfigValue]) {
        for (rawKey, value) in overrides {
            let key = Self.normalize(rawKey)
            if Self.appendedKeys.contains(key) {
                let existing = values[key].map(Self.listOf) ?? []
                values[key] = .list(existing + Self.listOf(value))
            } else if Self.mergedKeys.contains(key), case .dict(let new) = value, case .dict(var old)? = values[key] {
                old.merge(new) { _, newer in newer }
                values[key] = .dict(old)
            } else {
                values[key] = value
            }
        }
    }

    /// Returns the configuration with a more specific level applied.
    public func merging(_ overrides: [String: ConfigValue]) -> NodeConfig {
        var copy = self
        copy.merge(overrides)
        return copy
    }

    /// Sets one key, replacing whatever was there.
    public mutating func set(_ key: String, _ value: ConfigValue) {
        values[Self.normalize(key)] = value
    }

    /// Looks up a key.
    public subscript(key: String) -> ConfigValue? { values[Self.normalize(key)] }

    /// The materialization name (`view` unless configured).
    public var materialized: String { values["materialized"]?.stringValue ?? "view" }
    /// The custom schema requested in config, before `generate_schema_name`.
    public var schema: String? { values["schema"]?.stringValue }
    /// The alias requested in config.
    public var alias: String? { values["alias"]?.stringValue }
    /// The database requested in config.
    public var database: String? { values["database"]?.stringValue }
    /// Tags, deduplicated in first-seen order.
    public var tags: [String] {
        var seen = Set<String>()
        return (values["tags"]?.stringList ?? []).filter { seen.insert($0).inserted }
    }
    /// Whether the node takes part in the project.
    public var enabled: Bool { values["enabled"]?.boolValue ?? true }
    /// The unique key of an incremental model or snapshot (one column or several).
    public var uniqueKey: [String] { values["unique_key"]?.stringList ?? [] }
    /// SQL run before the node builds.
    public var preHooks: [String] { Self.hookSQL(values["pre-hook"]) }
    /// SQL run after the node builds.
    public var postHooks: [String] { Self.hookSQL(values["post-hook"]) }
    /// Free-form metadata.
    public var meta: [String: ConfigValue] { values["meta"]?.dictValue ?? [:] }

    /// dbt accepts `pre_hook` and `pre-hook`; keep one spelling.
    static func normalize(_ key: String) -> String {
        var key = key
        if key.hasPrefix("+") { key.removeFirst() }
        switch key {
        case "pre_hook": return "pre-hook"
        case "post_hook": return "post-hook"
        default: return key
        }
    }

    private static func listOf(_ value: ConfigValue) -> [ConfigValue] {
        switch value {
        case .list(let items): return items
        case .null: return []
        default: return [value]
        }
    }

    private static func hookSQL(_ value: ConfigValue?) -> [String] {
        guard let value else { return [] }
        return listOf(value).compactMap { item in
            if case .dict(let d) = item { return d["sql"]?.stringValue }
            return item.stringValue
        }
    }
}
