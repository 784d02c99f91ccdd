extension Value {
    /// The values a `for` loop over this value visits: list and tuple items, dict keys, the characters of a string;
    /// nothing for undefined.
    /// - Throws: `TemplateError` when the value is not iterable.
    public func iterationItems() throws(TemplateError) -> [Value] {
        switch self {
        case .list(let list): return list.items
        case .tuple(let items): return items
        case .dict(let dict): return dict.keys
        case .string(let string): return string.unicodeScalars.map { .string(String($0)) }
        case .undefined: return []
        case .object(let object):
            if let items = object.iterate() { return items }
        default: break
        }
        throw TemplateError(.jinjaTypeError, "'\(typeName)' object is not iterable")
    }

    /// Python's `len()`; strings count Unicode scalars; undefined has length 0.
    /// - Throws: `TemplateError` when the value has no length.
    public func length() throws(TemplateError) -> Int {
        switch self {
        case .string(let string): return string.unicodeScalars.count
        case .list(let list): return list.count
        case .tuple(let items): return items.count
        case .dict(let dict): return dict.count
        case .undefined: return 0
        case .object(let object):
            if let items = object.iterate() { return items.count }
        default: break
        }
        throw TemplateError(.jinjaTypeError, "object of type '\(typeName)' has no len()")
    }

    /// Whether the value is a list or a tuple.
    var isSequence: Bool {
        switch self {
        case .list, .tuple: return true
        default: return false
        }
    }

    /// Python's `x[index]` on lists, tuples and strings, with negative indexes counting from the end.
    /// - Returns: nil when the index is out of range.
    static func index(_ count: Int, _ index: Int) -> Int? {
        let resolved = index < 0 ? count + index : index
        return resolved >= 0 && resolved < count ? resolved : nil
    }

    /// Python slice semantics `[start:stop:step]` on a collection of `count` items.
    /// - Throws: `TemplateError` when the step is zero.
    static func sliceIndices(count: Int, start: Int?, stop: Int?, step: Int?) throws(TemplateError) -> [Int] {
        let step = step ?? 1
        guard step != 0 else { throw TemplateError(.jinjaValueError, "slice step cannot be zero") }
        func clamp(_ value: Int?, _ fallback: Int, _ low: Int, _ high: Int) -> Int {
            guard var value else { return fallback }
            if value < 0 { value += count }
            return min(max(value, low), high)
        }
        if step > 0 {
            let from = clamp(start, 0, 0, count)
            let to = clamp(stop, count, 0, count)
            return from < to ? Array(stride(from: from, to: to, by: step)) : []
        }
        let from = clamp(start, count - 1, -1, count - 1)
        let to = clamp(stop, -1, -1, count - 1)
        return from > to ? Array(stride(from: from, to: to, by: step)) : []
    }
}
