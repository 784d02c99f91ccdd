extension Value {
    /// Python's `==`: numbers compare by value across int, float and bool; lists and tuples are never equal to
    /// each other; dicts compare entries regardless of order.
    public static func equals(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.none, .none), (.undefined, .undefined): return true
        case (.list(let a), .list(let b)): return a === b || sequencesEqual(a.items, b.items)
        case (.tuple(let a), .tuple(let b)): return sequencesEqual(a, b)
        case (.dict(let a), .dict(let b)): return a === b || dictsEqual(a, b)
        case (.function(let a), .function(let b)): return a.name == b.name
        case (.macro(let a), .macro(let b)): return a.definition === b.definition
        case (.object(let a), .object(let b)): return a.isEqual(to: b)
        default:
            guard let a = lhs.numericValue, let b = rhs.numericValue else { return false }
            return a == b
        }
    }

    private static func sequencesEqual(_ a: [Value], _ b: [Value]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { equals($0, $1) }
    }

    private static func dictsEqual(_ a: DictBox, _ b: DictBox) -> Bool {
        let entries = a.entries
        guard entries.count == b.count else { return false }
        return entries.allSatisfy { entry in b.value(for: entry.key).map { equals($0, entry.value) } ?? false }
    }

    /// The number a value stands for in comparisons and arithmetic: ints stay exact, bools count as 0 and 1.
    var numericValue: Number? {
        switch self {
        case .int(let int): return .int(int)
        case .bool(let bool): return .int(bool ? 1 : 0)
        case .double(let double): return .double(double)
        default: return nil
        }
    }

    /// Python's ordering (`<`, `<=`, `>`, `>=`, `sort`): numbers, strings, lists or tuples element by element, and
    /// host objects that order themselves (`JinjaObject.compare(to:)`).
    /// - Returns: a negative number, zero or a positive number.
    /// - Throws: `TemplateError` when the two values cannot be ordered, e.g. a string and an int.
    static func compare(_ lhs: Value, _ rhs: Value, operator symbol: String = "<") throws(TemplateError) -> Int {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.list, .list), (.tuple, .tuple):
            return try compareSequences(lhs.listItems ?? [], rhs.listItems ?? [], symbol)
        default:
            if let a = lhs.numericValue, let b = rhs.numericValue { return a.compare(b) }
            if case .object(let object) = lhs, let order = try object.compare(to: rhs) { return order }
            if case .object(let object) = rhs, let order = try object.compare(to: lhs) { return -order }
            throw TemplateError(
                .jinjaTypeError,
                "'\(symbol)' not supported between instances of '\(lhs.typeName)' and '\(rhs.typeName)'")
        }
    }

    private static func compareSequences(_ a: [Value], _ b: [Value], _ symbol: String) throws(TemplateError) -> Int {
        for (left, right) in zip(a, b) where !equals(left, right) {
            return try compare(left, right, operator: symbol)
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// Python's `in`: substring for strings, membership for lists and tuples, key lookup for dicts.
    /// - Throws: `TemplateError` when the container does not support `in`.
    static func contains(_ container: Value, _ item: Value) throws(TemplateError) -> Bool {
        switch container {
        case .string(let string):
            guard case .string(let needle) = item else {
                throw TemplateError(
                    .jinjaTypeError, "'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return needle.isEmpty || string.contains(needle)
        case .list(let list): return list.items.contains { equals($0, item) }
        case .tuple(let items): return items.contains { equals($0, item) }
        case .dict(let dict):
            if item.isUndefined { return false }
            _ = try DictKey.require(item)
            return dict.value(for: item) != nil
        case .undefined: return false
        case .object(let object):
            if let items = object.iterate() { return items.contains { equals($0, item) } }
            fallthrough
        default:
            throw TemplateError(.jinjaTypeError, "argument of type '\(container.typeName)' is not iterable")
        }
    }
}

/// An exact integer or a float, for arithmetic and comparisons that mix the two.
enum Number {
    case int(Int)
    case double(Double)

    var asDouble: Double {
        switch self {
        case .int(let int): return Double(int)
        case .double(let double): return double
        }
    }

    static func == (lhs: Number, rhs: Number) -> Bool {
        if case .int(let a) = lhs, case .int(let b) = rhs { return a == b }
        return lhs.asDouble == rhs.asDouble
    }

    func compare(_ other: Number) -> Int {
        if case .int(let a) = self, case .int(let b) = other { return a == b ? 0 : (a < b ? -1 : 1) }
        let a = asDouble
        let b = other.asDouble
        return a == b ? 0 : (a < b ? -1 : 1)
    }
}
