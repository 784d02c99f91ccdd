import StrataJinja

extension Value {
    /// A template value for a configuration value.
    init(config: ConfigValue) {
        switch config {
        case .null: self = .none
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .list(let items): self = .list(items.map(Value.init(config:)))
        case .dict(let entries): self = .dict(entries.sorted { $0.key < $1.key }.map { ($0.key, Value(config: $0.value)) })
        }
    }

    /// The configuration value for a template value; callables and objects become their printed form.
    var configValue: ConfigValue {
        switch self {
        case .none, .undefined: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list, .tuple: return .list((listItems ?? []).map(\.configValue))
        case .dict: return .dict(configDictionary)
        default: return .string(renderedString)
        }
    }

    /// A dict's entries as configuration values (string keys only).
    var configDictionary: [String: ConfigValue] {
        var result: [String: ConfigValue] = [:]
        for (key, value) in dictEntries ?? [] {
            if case .string(let name) = key { result[name] = value.configValue }
        }
        return result
    }
}
