extension Expr {
    /// The value of an expression made only of literals (including lists, tuples and dicts of literals and
    /// negative numbers), or nil when evaluating it would need a context.
    var literalValue: Value? {
        switch kind {
        case .literal(let value): return value
        case .list(let items):
            guard let values = Expr.literalValues(items) else { return nil }
            return .list(ListBox(values))
        case .tuple(let items): return Expr.literalValues(items).map(Value.tuple)
        case .dict(let entries):
            var pairs: [(Value, Value)] = []
            for entry in entries {
                guard let key = entry.key.literalValue, let value = entry.value.literalValue else { return nil }
                pairs.append((key, value))
            }
            return .dict(DictBox(pairs))
        case .negate(let operand, let plus):
            guard let value = operand.literalValue, value.numericValue != nil else { return nil }
            return try? Value.negate(value, plus: plus)
        case .concat(let lhs, let rhs):
            guard let left = lhs.literalValue, let right = rhs.literalValue else { return nil }
            return .string(left.renderedString + right.renderedString)
        default: return nil
        }
    }

    private static func literalValues(_ items: [Expr]) -> [Value]? {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard let value = item.literalValue else { return nil }
            values.append(value)
        }
        return values
    }
}
