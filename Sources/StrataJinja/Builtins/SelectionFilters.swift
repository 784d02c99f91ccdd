/// Filters that apply a filter or a test to every item: `map`, `select`, `reject`, `selectattr`, `rejectattr`.
enum SelectionFilters {
    static let all: [String: FilterFunction] = [
        "map": map,
        "select": { value, arguments, context in try select(value, arguments, context, keep: true, byAttribute: false)
        },
        "reject": { value, arguments, context in try select(value, arguments, context, keep: false, byAttribute: false)
        },
        "selectattr": { value, arguments, context in
            try select(value, arguments, context, keep: true, byAttribute: true)
        },
        "rejectattr": { value, arguments, context in
            try select(value, arguments, context, keep: false, byAttribute: true)
        },
    ]

    /// `map('filter', args…)` applies a filter; `map(attribute='x', default=d)` reads an attribute path.
    private static func map(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let items = value.isTruthy ? try value.iterationItems() : []
        if arguments.positional.isEmpty, let attribute = arguments[keyword: "attribute"] {
            if let unexpected = arguments.keywords.first(where: { $0.name != "attribute" && $0.name != "default" }) {
                throw TemplateError(.jinjaArguments, "unexpected keyword argument '\(unexpected.name)'")
            }
            let path = AttributePath(attribute)
            let fallback = arguments[keyword: "default"]
            return .list(
                ListBox(
                    items.map { item in
                        let resolved = path.resolve(item)
                        return resolved.isUndefined ? fallback ?? resolved : resolved
                    }))
        }
        guard let name = arguments[0]?.stringValue else {
            throw TemplateError(.jinjaArguments, "map requires a filter argument")
        }
        let rest = Arguments(Array(arguments.positional.dropFirst()), keywords: arguments.keywords)
        return .list(ListBox(try items.map { try context.applyFilter(name, to: $0, rest) }))
    }

    /// `select('test', args…)` and friends; without a test name the item's truthiness decides.
    private static func select(
        _ value: Value, _ arguments: Arguments, _ context: CallContext, keep: Bool, byAttribute: Bool
    ) throws -> Value {
        var positional = arguments.positional
        var path: AttributePath?
        if byAttribute {
            guard !positional.isEmpty else {
                throw TemplateError(.jinjaArguments, "missing parameter for attribute name")
            }
            path = AttributePath(positional.removeFirst())
        }
        let testName = positional.isEmpty ? nil : positional.removeFirst().renderedString
        let rest = Arguments(positional, keywords: arguments.keywords)
        var result: [Value] = []
        for item in value.isTruthy ? try value.iterationItems() : [] {
            let subject = path?.resolve(item) ?? item
            let passes = try testName.map { try context.applyTest($0, to: subject, rest) } ?? subject.isTruthy
            if passes == keep { result.append(item) }
        }
        return .list(ListBox(result))
    }
}
