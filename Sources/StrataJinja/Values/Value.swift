/// A template value: what expressions evaluate to and what host code passes in and gets back.
///
/// Lists and dicts have reference semantics like Python's (`{% do l.append(1) %}` changes every holder of `l`),
/// so they are backed by the lock-protected classes `ListBox` and `DictBox`. Tuples are immutable arrays.
public enum Value: Sendable {
    /// A missing name or attribute; it remembers what was missing for error messages.
    case undefined(Undefined)
    /// Python's `None`, written `none` or `None` in templates.
    case none
    /// `true` / `false`.
    case bool(Bool)
    /// An integer (64-bit; overflow is an error instead of growing like Python's).
    case int(Int)
    /// A floating point number.
    case double(Double)
    /// A string.
    case string(String)
    /// A mutable list shared by reference.
    case list(ListBox)
    /// An immutable tuple, as produced by `(a, b)` or `dict.items()`.
    case tuple([Value])
    /// A mutable, insertion-ordered dict shared by reference.
    case dict(DictBox)
    /// A function implemented by the host (or a builtin such as `range`).
    case function(HostFunction)
    /// A macro defined with `{% macro %}` (or a call block's `caller`).
    case macro(Macro)
    /// An object implemented by the host, such as a relation or a config object.
    case object(any JinjaObject)
}

/// What an undefined value remembers: the missing name and, for attributes, what it was looked up on.
public struct Undefined: Sendable {
    /// The missing variable or attribute name.
    public var name: String
    /// A message that replaces the default one, such as "no first item, sequence was empty".
    public var hint: String?
    let owner: UndefinedOwner?

    /// Creates an undefined value for a missing name.
    /// - Parameters:
    ///   - name: the missing name.
    ///   - hint: an explanation to use instead of "'name' is undefined".
    public init(name: String, hint: String? = nil) {
        self.name = name
        self.hint = hint
        self.owner = nil
    }

    init(attribute: String, of owner: Value) {
        self.name = attribute
        self.hint = nil
        self.owner = UndefinedOwner(value: owner)
    }

    /// The value an attribute was looked up on, if this undefined came from an attribute or key lookup.
    public var ownerValue: Value? { owner?.value }

    /// The error message used when the undefined value is used where a value is required.
    public var message: String {
        if let hint { return hint }
        if let owner { return "\(owner.value.typeDescription) has no attribute '\(name)'" }
        return "'\(name)' is undefined"
    }
}

/// Holds the owner of a missing attribute out of line, so `Undefined` stays small.
final class UndefinedOwner: Sendable {
    let value: Value
    init(value: Value) { self.value = value }
}

extension Value {
    /// An undefined value for a missing name.
    public static func undefined(_ name: String) -> Value { .undefined(Undefined(name: name)) }

    /// A new list holding the given items.
    public static func list(_ items: [Value]) -> Value { .list(ListBox(items)) }

    /// A new dict with string keys, in the given order.
    public static func dict(_ pairs: KeyValuePairs<String, Value>) -> Value {
        .dict(DictBox(pairs.map { (Value.string($0.key), $0.value) }))
    }

    /// A new dict with string keys, in the given order.
    public static func dict(_ pairs: [(String, Value)]) -> Value {
        .dict(DictBox(pairs.map { (Value.string($0.0), $0.1) }))
    }

    /// A host function value.
    /// - Parameters:
    ///   - name: the name used in error messages.
    ///   - body: the implementation.
    public static func function(_ name: String, _ body: @escaping HostFunction.Body) -> Value {
        .function(HostFunction(name: name, body: body))
    }

    /// Whether the value is undefined.
    public var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    /// Whether the value is `none`.
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// The string payload, if the value is a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The integer payload, if the value is an integer (booleans are not integers here).
    public var intValue: Int? {
        if case .int(let int) = self { return int }
        return nil
    }

    /// The numeric value of an int, double or bool.
    public var doubleValue: Double? {
        switch self {
        case .int(let int): return Double(int)
        case .double(let double): return double
        case .bool(let bool): return bool ? 1 : 0
        default: return nil
        }
    }

    /// The boolean payload, if the value is a bool.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The items of a list or tuple.
    public var listItems: [Value]? {
        switch self {
        case .list(let list): return list.items
        case .tuple(let items): return items
        default: return nil
        }
    }

    /// The entries of a dict in insertion order.
    public var dictEntries: [(key: Value, value: Value)]? {
        if case .dict(let dict) = self { return dict.entries }
        return nil
    }

    /// The value for a string key, if this is a dict holding that key.
    public subscript(key: String) -> Value? {
        if case .dict(let dict) = self { return dict[key] }
        return nil
    }

    /// Truthiness as in Python: empty strings and containers, zero, none and undefined are false.
    public var isTruthy: Bool {
        switch self {
        case .undefined, .none: return false
        case .bool(let bool): return bool
        case .int(let int): return int != 0
        case .double(let double): return double != 0
        case .string(let string): return !string.isEmpty
        case .list(let list): return list.count > 0
        case .tuple(let items): return !items.isEmpty
        case .dict(let dict): return dict.count > 0
        case .function, .macro: return true
        case .object(let object): return object.isTruthy
        }
    }

    /// Whether calling the value can work.
    public var isCallable: Bool {
        switch self {
        case .function, .macro: return true
        case .object(let object): return object.isCallable
        default: return false
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A float.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A bool.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A new list.
    public init(arrayLiteral elements: Value...) { self = .list(ListBox(elements)) }
    /// A new dict with string keys in the written order.
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .dict(DictBox(elements.map { (Value.string($0.0), $0.1) }))
    }
}
