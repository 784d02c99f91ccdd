/// The global functions every environment starts with: `range`, `dict`, `list`, `zip`, `namespace`, `cycler`
/// and `joiner`; plus `return`, which exists only when `Environment.Options.enableReturn` is set.
enum BuiltinGlobals {
    /// The most items `range()` may produce, so a typo cannot exhaust memory.
    static let maxRangeLength = 1_000_000

    static let all: [String: Value] = [
        "range": .function("range", range),
        "dict": .function("dict", dict),
        "list": .function("list", list),
        "zip": .function("zip", zip),
        "namespace": .function("namespace", namespace),
        "cycler": .function("cycler") { arguments, _ in
            guard !arguments.positional.isEmpty else {
                throw TemplateError(.jinjaArguments, "cycler() needs at least one item")
            }
            return .object(CyclerObject(arguments.positional))
        },
        "joiner": .function("joiner") { arguments, _ in
            let bound = try arguments.bind("joiner", ["sep"])
            return .object(JoinerObject(bound[0]?.renderedString ?? ", "))
        },
    ]

    static let returnFunction = Value.function("return") { arguments, context in
        throw ReturnSignal(value: arguments[0] ?? .none, file: context.file, span: context.span)
    }

    private static func range(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let numbers = try arguments.positional.map { value throws(TemplateError) -> Int in
            guard case .int(let int) = value else {
                throw TemplateError(.jinjaTypeError, "'\(value.typeName)' object cannot be interpreted as an integer")
            }
            return int
        }
        let (start, stop, step): (Int, Int, Int)
        switch numbers.count {
        case 1: (start, stop, step) = (0, numbers[0], 1)
        case 2: (start, stop, step) = (numbers[0], numbers[1], 1)
        case 3: (start, stop, step) = (numbers[0], numbers[1], numbers[2])
        default: throw TemplateError(.jinjaArguments, "range expected 1 to 3 arguments, got \(numbers.count)")
        }
        guard step != 0 else { throw TemplateError(.jinjaValueError, "range() arg 3 must not be zero") }
        let values = Swift.stride(from: start, to: stop, by: step)
        guard values.underestimatedCount <= maxRangeLength else {
            throw TemplateError(.jinjaValueError, "range() would produce more than \(maxRangeLength) items")
        }
        return .list(ListBox(values.map(Value.int)))
    }

    private static func dict(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let result = DictBox()
        if let source = arguments[0] {
            if case .dict(let other) = source {
                for (key, value) in other.entries { try result.set(key, value) }
            } else {
                for pair in try source.iterationItems() {
                    guard let items = pair.listItems, items.count == 2 else {
                        throw TemplateError(.jinjaValueError, "dict() needs a mapping or a sequence of pairs")
                    }
                    try result.set(items[0], items[1])
                }
            }
        }
        for (name, value) in arguments.keywords { result.set(name, value) }
        return .dict(result)
    }

    private static func list(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        .list(ListBox(try arguments[0]?.iterationItems() ?? []))
    }

    private static func zip(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let sequences = try arguments.positional.map { value throws(TemplateError) in try value.iterationItems() }
        let count = sequences.map(\.count).min() ?? 0
        return .list(ListBox((0..<count).map { index in .tuple(sequences.map { $0[index] }) }))
    }

    private static func namespace(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let storage = DictBox()
        if case .dict(let initial)? = arguments[0] {
            for (key, value) in initial.entries { try storage.set(key, value) }
        }
        for (name, value) in arguments.keywords { storage.set(name, value) }
        return .object(NamespaceObject(storage))
    }
}
