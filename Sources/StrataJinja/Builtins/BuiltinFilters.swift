/// The filters every environment starts with, following Jinja2's signatures and behaviour.
enum BuiltinFilters {
    static let all: [String: FilterFunction] = {
        var filters: [String: FilterFunction] = [:]
        filters.merge(StringFilters.all) { $1 }
        filters.merge(SequenceFilters.all) { $1 }
        filters.merge(SelectionFilters.all) { $1 }
        filters.merge(NumberFilters.all) { $1 }
        return filters
    }()
}

/// Conversions and defaults: `default`, `int`, `float`, `round`, `abs`, `string`, `tojson`.
enum NumberFilters {
    static let all: [String: FilterFunction] = [
        "default": defaultValue, "d": defaultValue,
        "int": toInt, "float": toFloat, "round": round, "abs": abs,
        "string": { value, _, _ in .string(value.renderedString) },
        "tojson": { value, arguments, _ in
            let bound = try arguments.bind("tojson", ["indent"])
            return .string(try JSONWriter.write(value, indent: bound[0]?.intValue))
        },
    ]

    private static func defaultValue(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("default", ["default_value", "boolean"])
        let useDefault = value.isUndefined || ((bound[1]?.isTruthy ?? false) && !value.isTruthy)
        return useDefault ? bound[0] ?? .string("") : value
    }

    private static func toInt(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("int", ["default", "base"])
        let fallback = bound[0] ?? .int(0)
        switch value {
        case .int: return value
        case .bool(let bool): return .int(bool ? 1 : 0)
        case .double(let double):
            return Int(exactly: double.rounded(.towardZero)).map(Value.int) ?? fallback
        case .string(let string):
            return parseInt(string, base: bound[1]?.intValue ?? 10).map(Value.int) ?? fallback
        default: return fallback
        }
    }

    /// Python's `int(text, base)`, then `int(float(text))` as Jinja2 falls back to.
    static func parseInt(_ text: String, base: Int) -> Int? {
        var digits = StringMethods.strip(text, nil, leading: true, trailing: true).replacingUnderscores()
        var negative = false
        if digits.hasPrefix("-") || digits.hasPrefix("+") {
            negative = digits.hasPrefix("-")
            digits.removeFirst()
        }
        let prefixes = [16: "0x", 8: "0o", 2: "0b"]
        if let prefix = prefixes[base], digits.lowercased().hasPrefix(prefix) { digits.removeFirst(2) }
        if let int = Int(digits, radix: base) { return negative ? -int : int }
        guard let double = Double(StringMethods.strip(text, nil, leading: true, trailing: true)) else { return nil }
        return Int(exactly: double.rounded(.towardZero))
    }

    private static func toFloat(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("float", ["default"])
        let fallback = bound[0] ?? .double(0)
        switch value {
        case .double: return value
        case .int, .bool: return .double(value.doubleValue!)
        case .string(let string):
            let trimmed = StringMethods.strip(string, nil, leading: true, trailing: true).lowercased()
            return Double(trimmed.replacingUnderscores()).map(Value.double) ?? fallback
        default: return fallback
        }
    }

    private static func round(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("round", ["precision", "method"])
        let precision = bound[0]?.intValue ?? 0
        let method = bound[1]?.renderedString ?? "common"
        guard let number = value.numericValue else {
            throw TemplateError(.jinjaTypeError, "round() needs a number, got '\(value.typeName)'")
        }
        switch method {
        case "common":
            if case .int(let int) = number, precision >= 0 { return .int(int) }
            return .double(PythonRounding.round(number.asDouble, precision))
        case "ceil", "floor":
            let scale = PythonRounding.power10(precision)
            let scaled = number.asDouble * scale
            return .double((method == "ceil" ? scaled.rounded(.up) : scaled.rounded(.down)) / scale)
        default:
            throw TemplateError(.jinjaValueError, "method must be common, ceil or floor", target: .argument(1))
        }
    }

    private static func abs(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        switch value {
        case .int(let int):
            guard int != .min else { throw TemplateError(.jinjaArithmetic, "integer overflow in abs()") }
            return .int(Swift.abs(int))
        case .bool(let bool): return .int(bool ? 1 : 0)
        case .double(let double): return .double(Swift.abs(double))
        default: throw TemplateError(.jinjaTypeError, "bad operand type for abs(): '\(value.typeName)'")
        }
    }
}
