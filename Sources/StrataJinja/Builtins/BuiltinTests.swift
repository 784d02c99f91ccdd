/// The tests every environment starts with (`x is defined`, `n is divisibleby 3`, …), as in Jinja2.
enum BuiltinTests {
    static let all: [String: TestFunction] = {
        var tests: [String: TestFunction] = [
            "defined": { value, _, _ in !value.isUndefined },
            "undefined": { value, _, _ in value.isUndefined },
            "none": { value, _, _ in value.isNone },
            "string": { value, _, _ in value.stringValue != nil },
            "number": { value, _, _ in value.numericValue != nil },
            "integer": { value, _, _ in value.intValue != nil },
            "float": { value, _, _ in if case .double = value { return true } else { return false } },
            "boolean": { value, _, _ in value.boolValue != nil },
            "true": { value, _, _ in value.boolValue == true },
            "false": { value, _, _ in value.boolValue == false },
            "mapping": { value, _, _ in if case .dict = value { return true } else { return false } },
            "sequence": { value, _, _ in isSequence(value) },
            "iterable": { value, _, _ in isIterable(value) },
            "callable": { value, _, _ in value.isCallable },
            "odd": { value, _, _ in try Value.equals(Value.arithmetic(.mod, value, 2), 1) },
            "even": { value, _, _ in try Value.equals(Value.arithmetic(.mod, value, 2), 0) },
            "divisibleby": { value, arguments, _ in
                let divisor = try arguments.bind("divisibleby", ["num"], required: 1)[0]!
                return try Value.equals(Value.arithmetic(.mod, value, divisor), 0)
            },
            "in": { value, arguments, _ in
                try Value.contains(try arguments.bind("in", ["seq"], required: 1)[0]!, value)
            },
            "sameas": { value, arguments, _ in sameAs(value, try arguments.bind("sameas", ["other"], required: 1)[0]!)
            },
            "lower": { value, _, _ in
                let text = value.renderedString
                return text.contains(where: \.isLowercase) && !text.contains(where: \.isUppercase)
            },
            "upper": { value, _, _ in
                let text = value.renderedString
                return text.contains(where: \.isUppercase) && !text.contains(where: \.isLowercase)
            },
            "escaped": { _, _, _ in false },
            "filter": { value, _, context in context.environment.filter(named: value.renderedString) != nil },
            "test": { value, _, context in context.environment.test(named: value.renderedString) != nil },
        ]
        let comparisons: [(names: [String], op: CompareOperator)] = [
            (["eq", "equalto", "=="], .eq), (["ne", "!="], .ne), (["lt", "lessthan", "<"], .lt), (["le", "<="], .lteq),
            (["gt", "greaterthan", ">"], .gt), (["ge", ">="], .gteq),
        ]
        for (names, op) in comparisons {
            let test: TestFunction = { value, arguments, _ in
                try Interpreter.compare(op, value, try arguments.bind(names[0], ["other"], required: 1)[0]!)
            }
            for name in names { tests[name] = test }
        }
        return tests
    }()

    private static func isSequence(_ value: Value) -> Bool {
        switch value {
        case .string, .list, .tuple, .dict: return true
        case .object(let object): return object.iterate() != nil
        default: return false
        }
    }

    private static func isIterable(_ value: Value) -> Bool {
        switch value {
        case .string, .list, .tuple, .dict, .undefined: return true
        case .object(let object): return object.iterate() != nil
        default: return false
        }
    }

    /// Python's `is`: identity for lists and dicts, equality of kind and value for immutable values.
    private static func sameAs(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.list(let a), .list(let b)): return a === b
        case (.dict(let a), .dict(let b)): return a === b
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.object(let a), .object(let b)): return a.isEqual(to: b)
        default: return false
        }
    }
}
