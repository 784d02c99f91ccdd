import Foundation
/// A configuration value as it appears in YAML, a file header or a `config()` call.
public enum ConfigValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigValue])
    case dict([String: ConfigValue])

    /// The value as a string when it is a scalar.
    public var stringValue: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// The value as a boolean, accepting YAML's and dbt's spellings.
    public var boolValue: Bool? {
        switch self {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .string(let s):
            switch s.lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// The value as an integer.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d): return Int(exactly: d)
        case .string(let s): return Int(s)
        default: return nil
        }
    }

    /// A list of strings: a single string becomes a one-element list, as dbt does for `tags`.
    public var stringList: [String] {
        switch self {
        case .list(let items): return items.compactMap(\.stringValue)
        case .null: return []
        default: return stringValue.map { [$0] } ?? []
        }
    }

    /// The entries when the value is a mapping.
    public var dictValue: [String: ConfigValue]? {
        if case .dict(let d) = self { return d }
        return nil
    }

    /// The items when the value is a sequence.
    public var listValue: [ConfigValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    /// Looks up a key of a mapping.
    public subscript(key: String) -> ConfigValue? {
        if case .dict(let d) = self { return d[key] }
        return nil
    }

    /// The value as JSON, for artifacts.
    public var json: JSON {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list(let l): return .array(l.map(\.json))
        case .dict(let d): return .sortedObject(d.mapValues(\.json))
        }
    }

    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .dict(let d): return "{" + d.keys.sorted().map { "\($0): \(d[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}
