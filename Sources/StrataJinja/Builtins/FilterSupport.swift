/// Stable sorting with Python's ordering, as `sorted()` does.
enum Sorting {
    /// Sorts values by a key; equal keys keep their order, also when reversed.
    /// - Throws: `TemplateError` when two keys cannot be ordered.
    static func sorted(_ items: [Value], reverse: Bool, key: (Value) throws(TemplateError) -> Value)
        throws(TemplateError)
        -> [Value]
    {
        var keys: [Value] = []
        keys.reserveCapacity(items.count)
        for item in items { keys.append(try key(item)) }
        var failure: TemplateError?
        let order = items.indices.sorted { a, b in
            guard failure == nil else { return a < b }
            do throws(TemplateError) {
                let comparison = try Value.compare(keys[a], keys[b])
                if comparison == 0 { return a < b }
                return reverse ? comparison > 0 : comparison < 0
            } catch {
                failure = error
                return a < b
            }
        }
        if let failure { throw failure }
        return order.map { items[$0] }
    }
}

/// Jinja2's attribute paths for filters (`sort(attribute='address.city')`, `map(attribute='name')`): dotted parts,
/// numeric parts index lists, each part tries an item (dict key) first and then an attribute.
struct AttributePath {
    let parts: [Value]

    init(_ path: Value) {
        if case .string(let string) = path {
            parts = string.split(separator: ".", omittingEmptySubsequences: false).map { part in
                Int(part).map(Value.int) ?? .string(String(part))
            }
        } else {
            parts = [path]
        }
    }

    /// Several comma-separated paths, as `sort(attribute='age,name')` accepts.
    static func list(_ path: Value?) -> [AttributePath] {
        guard let path else { return [] }
        if case .string(let string) = path {
            return string.split(separator: ",").map { AttributePath(.string(String($0))) }
        }
        return [AttributePath(path)]
    }

    /// Follows the path from a value; missing parts give an undefined value.
    func resolve(_ value: Value) -> Value {
        var current = value
        for part in parts { current = Self.lookup(current, part) }
        return current
    }

    static func lookup(_ value: Value, _ part: Value) -> Value {
        let missing = Value.undefined(Undefined(attribute: part.renderedString, of: value))
        switch (value, part) {
        case (.dict(let dict), _): return dict.value(for: part) ?? missing
        case (.list, .int(let index)), (.tuple, .int(let index)):
            let items = value.listItems ?? []
            return Value.index(items.count, index).map { items[$0] } ?? missing
        case (.object(let object), _): return object.item(part) ?? missing
        default: return missing
        }
    }
}

extension Value {
    /// Lowercases strings for case-insensitive comparisons, leaving other values alone.
    var caseFolded: Value {
        if case .string(let string) = self { return .string(string.lowercased()) }
        return self
    }
}
