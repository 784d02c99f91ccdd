import Synchronization

/// The shared, mutable storage behind a template list.
///
/// A lock guards the items because a list registered as an environment global can be reached by several renders
/// running on different threads at once; within one render the lock is never contended.
public final class ListBox: Sendable {
    private let storage: Mutex<[Value]>

    /// Creates a list holding `items`.
    public init(_ items: [Value] = []) { storage = Mutex(items) }

    /// A snapshot of the items.
    public var items: [Value] { storage.withLock { $0 } }

    /// Number of items.
    public var count: Int { storage.withLock { $0.count } }

    /// Appends one item.
    public func append(_ value: Value) { storage.withLock { $0.append(value) } }

    /// Runs `body` with exclusive access to the items and returns its result.
    func mutate<Result>(_ body: (inout [Value]) throws(TemplateError) -> Result) throws(TemplateError) -> Result {
        try storage.withLock { (items: inout [Value]) throws(TemplateError) -> Result in try body(&items) }
    }
}

/// The shared, mutable, insertion-ordered storage behind a template dict.
///
/// Keys are values; equal numbers share a key as in Python (`1`, `1.0` and `true`). Guarded by a lock for the
/// same reason as `ListBox`.
public final class DictBox: Sendable {
    struct Storage {
        var keys: [Value] = []
        var values: [Value] = []
        var index: [DictKey: Int] = [:]

        mutating func set(_ key: Value, _ hashKey: DictKey, _ value: Value) {
            if let position = index[hashKey] {
                values[position] = value
            } else {
                index[hashKey] = keys.count
                keys.append(key)
                values.append(value)
            }
        }

        mutating func remove(_ hashKey: DictKey) -> Value? {
            guard let position = index.removeValue(forKey: hashKey) else { return nil }
            keys.remove(at: position)
            let value = values.remove(at: position)
            for (key, slot) in index where slot > position { index[key] = slot - 1 }
            return value
        }
    }

    private let storage: Mutex<Storage>

    /// Creates a dict from key/value pairs; unhashable keys (lists, dicts) are skipped and later keys win.
    public init(_ pairs: [(Value, Value)] = []) {
        var contents = Storage()
        contents.index.reserveCapacity(pairs.count)
        contents.keys.reserveCapacity(pairs.count)
        contents.values.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            if let hashKey = DictKey(key) { contents.set(key, hashKey, value) }
        }
        storage = Mutex(contents)
    }

    /// Number of entries.
    public var count: Int { storage.withLock { $0.keys.count } }

    /// A snapshot of the entries in insertion order.
    public var entries: [(key: Value, value: Value)] {
        storage.withLock { contents in Array(zip(contents.keys, contents.values)).map { (key: $0.0, value: $0.1) } }
    }

    /// A snapshot of the keys in insertion order.
    public var keys: [Value] { storage.withLock { $0.keys } }

    /// A snapshot of the values in insertion order.
    public var values: [Value] { storage.withLock { $0.values } }

    /// The value stored under a string key.
    public subscript(key: String) -> Value? {
        storage.withLock { contents in contents.index[.string(key)].map { contents.values[$0] } }
    }

    /// The value stored under a key, or nil when the key is absent or unhashable.
    public func value(for key: Value) -> Value? {
        guard let hashKey = DictKey(key) else { return nil }
        return storage.withLock { contents in contents.index[hashKey].map { contents.values[$0] } }
    }

    /// Stores a value under a string key.
    public func set(_ key: String, _ value: Value) {
        storage.withLock { $0.set(.string(key), .string(key), value) }
    }

    /// Stores a value under any hashable key.
    /// - Throws: `TemplateError` when the key is unhashable (a list or dict).
    public func set(_ key: Value, _ value: Value) throws(TemplateError) {
        let hashKey = try DictKey.require(key)
        storage.withLock { $0.set(key, hashKey, value) }
    }

    /// Removes a key and returns its value.
    public func remove(_ key: Value) -> Value? {
        guard let hashKey = DictKey(key) else { return nil }
        return storage.withLock { $0.remove(hashKey) }
    }

    /// Runs `body` with exclusive access to the storage.
    func mutate<Result>(_ body: (inout Storage) throws(TemplateError) -> Result) throws(TemplateError) -> Result {
        try storage.withLock { (contents: inout Storage) throws(TemplateError) -> Result in try body(&contents) }
    }
}

/// The hashable identity of a dict key: numbers that compare equal share a key, as in Python.
enum DictKey: Hashable, Sendable {
    case none
    case int(Int)
    case double(Double)
    case string(String)
    case tuple([DictKey])

    init?(_ value: Value) {
        switch value {
        case .string(let string): self = .string(string)
        case .int(let int): self = .int(int)
        case .bool(let bool): self = .int(bool ? 1 : 0)
        case .double(let double):
            if double.rounded() == double, let int = Int(exactly: double) {
                self = .int(int)
            } else {
                self = .double(double)
            }
        case .none: self = .none
        case .tuple(let items):
            var keys: [DictKey] = []
            for item in items {
                guard let key = DictKey(item) else { return nil }
                keys.append(key)
            }
            self = .tuple(keys)
        default: return nil
        }
    }

    static func require(_ value: Value) throws(TemplateError) -> DictKey {
        guard let key = DictKey(value) else {
            throw TemplateError(.jinjaTypeError, "unhashable type: '\(value.typeName)'")
        }
        return key
    }
}
