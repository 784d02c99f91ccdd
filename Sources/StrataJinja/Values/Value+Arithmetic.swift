import Foundation

/// The binary arithmetic operators of template expressions.
public enum BinaryOperator: Sendable {
    case add, sub, mul, div, floorDiv, mod, pow

    /// The operator as written, such as `+` or `//`.
    public var symbol: String {
        switch self {
        case .add: return "+"
        case .sub: return "-"
        case .mul: return "*"
        case .div: return "/"
        case .floorDiv: return "//"
        case .mod: return "%"
        case .pow: return "**"
        }
    }
}

extension Value {
    /// Applies an arithmetic operator with Python semantics (true division, floored `//` and `%`, sequence
    /// concatenation and repetition, `%`-formatting of strings).
    /// - Throws: `TemplateError` for unsupported operand types, undefined operands, division by zero and overflow.
    static func arithmetic(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) throws(TemplateError) -> Value {
        if op == .mod, case .string(let format) = lhs { return .string(try PercentFormat.format(format, rhs)) }
        if case .undefined(let undefined) = lhs { throw TemplateError(.jinjaUndefined, undefined.message) }
        if case .undefined(let undefined) = rhs { throw TemplateError(.jinjaUndefined, undefined.message) }
        if let a = lhs.numericValue, let b = rhs.numericValue { return try numeric(op, a, b) }
        if case .object(let object) = lhs, let result = try object.arithmetic(op, rhs, reflected: false) { return result }
        if case .object(let object) = rhs, let result = try object.arithmetic(op, lhs, reflected: true) { return result }
        switch (op, lhs, rhs) {
        case (.add, .string(let a), .string(let b)): return .string(a + b)
        case (.add, .list(let a), .list(let b)): return .list(ListBox(a.items + b.items))
        case (.add, .tuple(let a), .tuple(let b)): return .tuple(a + b)
        case (.mul, _, _):
            if let repeated = repeatSequence(lhs, rhs) ?? repeatSequence(rhs, lhs) { return repeated }
        default: break
        }
        throw TemplateError(
            .jinjaTypeError,
            "unsupported operand type(s) for \(op.symbol): '\(lhs.typeName)' and '\(rhs.typeName)'")
    }

    private static func repeatSequence(_ sequence: Value, _ count: Value) -> Value? {
        let times: Int
        switch count {
        case .int(let int): times = int
        case .bool(let bool): times = bool ? 1 : 0
        default: return nil
        }
        let n = max(0, times)
        switch sequence {
        case .string(let string): return .string(String(repeating: string, count: n))
        case .list(let list): return .list(ListBox(Array([[Value]](repeating: list.items, count: n).joined())))
        case .tuple(let items): return .tuple(Array([[Value]](repeating: items, count: n).joined()))
        default: return nil
        }
    }

    private static func numeric(_ op: BinaryOperator, _ a: Number, _ b: Number) throws(TemplateError) -> Value {
        if case .int(let x) = a, case .int(let y) = b { return try integer(op, x, y) }
        let x = a.asDouble
        let y = b.asDouble
        switch op {
        case .add: return .double(x + y)
        case .sub: return .double(x - y)
        case .mul: return .double(x * y)
        case .div:
            guard y != 0 else { throw divisionByZero("float division by zero") }
            return .double(x / y)
        case .floorDiv:
            guard y != 0 else { throw divisionByZero("float floor division by zero") }
            return .double((x / y).rounded(.down))
        case .mod:
            guard y != 0 else { throw divisionByZero("float modulo") }
            let remainder = x.truncatingRemainder(dividingBy: y)
            return .double(remainder != 0 && (remainder < 0) != (y < 0) ? remainder + y : remainder)
        case .pow: return .double(Foundation.pow(x, y))
        }
    }

    private static func integer(_ op: BinaryOperator, _ x: Int, _ y: Int) throws(TemplateError) -> Value {
        switch op {
        case .add: return try checked(x.addingReportingOverflow(y))
        case .sub: return try checked(x.subtractingReportingOverflow(y))
        case .mul: return try checked(x.multipliedReportingOverflow(by: y))
        case .div:
            guard y != 0 else { throw divisionByZero("division by zero") }
            return .double(Double(x) / Double(y))
        case .floorDiv:
            guard y != 0 else { throw divisionByZero("integer division or modulo by zero") }
            let quotient = x / y
            return .int(x % y != 0 && (x < 0) != (y < 0) ? quotient - 1 : quotient)
        case .mod:
            guard y != 0 else { throw divisionByZero("integer division or modulo by zero") }
            let remainder = x % y
            return .int(remainder != 0 && (remainder < 0) != (y < 0) ? remainder + y : remainder)
        case .pow:
            if y < 0 { return .double(Foundation.pow(Double(x), Double(y))) }
            return try power(x, y)
        }
    }

    private static func power(_ base: Int, _ exponent: Int) throws(TemplateError) -> Value {
        var result = 1
        var factor = base
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = try checkedInt(result.multipliedReportingOverflow(by: factor)) }
            remaining >>= 1
            if remaining > 0 { factor = try checkedInt(factor.multipliedReportingOverflow(by: factor)) }
        }
        return .int(result)
    }

    private static func checked(_ result: (partialValue: Int, overflow: Bool)) throws(TemplateError) -> Value {
        .int(try checkedInt(result))
    }

    private static func checkedInt(_ result: (partialValue: Int, overflow: Bool)) throws(TemplateError) -> Int {
        guard !result.overflow else {
            throw TemplateError(.jinjaArithmetic, "integer overflow: the result does not fit in 64 bits")
        }
        return result.partialValue
    }

    private static func divisionByZero(_ message: String) -> TemplateError {
        TemplateError(.jinjaArithmetic, message)
    }

    /// Unary minus and plus.
    static func negate(_ value: Value, plus: Bool) throws(TemplateError) -> Value {
        switch value.numericValue {
        case .int(let int)?:
            if plus { return .int(int) }
            return try checked((0).subtractingReportingOverflow(int))
        case .double(let double)?: return .double(plus ? double : -double)
        case nil:
            if case .undefined(let undefined) = value { throw TemplateError(.jinjaUndefined, undefined.message) }
            // An object that can be negated takes unary plus too, as Python's numeric types do.
            if case .object(let object) = value, let negated = try object.negated() { return plus ? value : negated }
            throw TemplateError(.jinjaTypeError, "bad operand type for unary \(plus ? "+" : "-"): '\(value.typeName)'")
        }
    }
}
