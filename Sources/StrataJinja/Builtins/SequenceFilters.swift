/// Filters over sequences and dicts, such as `join`, `length`, `sort`, `unique`, `sum` and `batch`.
enum SequenceFilters {
    static let all: [String: FilterFunction] = [
        "join": join,
        "length": { value, _, _ in .int(try value.length()) },
        "count": { value, _, _ in .int(try value.length()) },
        "first": { value, _, _ in
            try value.iterationItems().first
                ?? .undefined(Undefined(name: "first", hint: "no first item, sequence was empty"))
        },
        "last": { value, _, _ in
            try value.iterationItems().last
                ?? .undefined(Undefined(name: "last", hint: "no last item, sequence was empty"))
        },
        "list": { value, _, _ in .list(ListBox(try value.iterationItems())) },
        "reverse": { value, _, _ in
            if case .string(let string) = value {
                return .string(String(String.UnicodeScalarView(string.unicodeScalars.reversed())))
            }
            return .list(ListBox(try value.iterationItems().reversed()))
        },
        "unique": unique, "sort": sort, "sum": sum,
        "min": { value, arguments, _ in try extreme(value, arguments, name: "min", wantsLargest: false) },
        "max": { value, arguments, _ in try extreme(value, arguments, name: "max", wantsLargest: true) },
        "batch": batch, "slice": slice,
        "items": { value, _, _ in
            if value.isUndefined { return .list(ListBox()) }
            guard case .dict(let dict) = value else {
                throw TemplateError(.jinjaTypeError, "can only get item pairs from a mapping")
            }
            return .list(ListBox(dict.entries.map { .tuple([$0.key, $0.value]) }))
        },
        "dictsort": dictsort, "groupby": groupby,
        "attr": { value, arguments, _ in
            let name = try arguments.bind("attr", ["name"], required: 1)[0]!.renderedString
            if case .object(let object) = value {
                return object.attribute(name) ?? .undefined(Undefined(attribute: name, of: value))
            }
            if BuiltinMethods.has(name, on: value) { return BuiltinMethods.bound(value, name) }
            return .undefined(Undefined(attribute: name, of: value))
        },
    ]

    private static func join(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("join", ["d", "attribute"])
        var items = try value.iterationItems()
        if let attribute = bound[1] { items = items.map(AttributePath(attribute).resolve) }
        return .string(items.map(\.renderedString).joined(separator: bound[0]?.renderedString ?? ""))
    }

    /// The key function shared by `sort`, `unique`, `min` and `max`: attribute paths, then case folding.
    private static func keyFunction(_ attribute: Value?, caseSensitive: Bool) -> (Value) throws(TemplateError) -> Value
    {
        let paths = AttributePath.list(attribute)
        return { item throws(TemplateError) in
            let keys = paths.isEmpty ? [item] : paths.map { $0.resolve(item) }
            let folded = caseSensitive ? keys : keys.map(\.caseFolded)
            return folded.count == 1 ? folded[0] : .list(ListBox(folded))
        }
    }

    private static func sort(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("sort", ["reverse", "case_sensitive", "attribute"])
        let key = keyFunction(bound[2], caseSensitive: bound[1]?.isTruthy ?? false)
        return .list(
            ListBox(try Sorting.sorted(try value.iterationItems(), reverse: bound[0]?.isTruthy ?? false, key: key)))
    }

    private static func unique(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("unique", ["case_sensitive", "attribute"])
        let key = keyFunction(bound[1], caseSensitive: bound[0]?.isTruthy ?? false)
        var seen = Set<DictKey>()
        var result: [Value] = []
        for item in try value.iterationItems() where seen.insert(try DictKey.require(try key(item))).inserted {
            result.append(item)
        }
        return .list(ListBox(result))
    }

    private static func extreme(_ value: Value, _ arguments: Arguments, name: String, wantsLargest: Bool) throws
        -> Value
    {
        let bound = try arguments.bind(name, ["case_sensitive", "attribute"])
        let key = keyFunction(bound[1], caseSensitive: bound[0]?.isTruthy ?? false)
        let items = try value.iterationItems()
        guard var best = items.first else {
            return .undefined(Undefined(name: name, hint: "no aggregated item, sequence was empty"))
        }
        var bestKey = try key(best)
        for item in items.dropFirst() {
            let itemKey = try key(item)
            let comparison = try Value.compare(itemKey, bestKey)
            if wantsLargest ? comparison > 0 : comparison < 0 {
                best = item
                bestKey = itemKey
            }
        }
        return best
    }

    private static func sum(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("sum", ["attribute", "start"])
        var total = bound[1] ?? .int(0)
        let path = bound[0].map(AttributePath.init)
        for item in try value.iterationItems() {
            total = try Value.arithmetic(.add, total, path?.resolve(item) ?? item)
        }
        return total
    }

    private static func batch(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("batch", ["linecount", "fill_with"], required: 1)
        guard case .int(let size) = bound[0]!, size > 0 else {
            throw TemplateError(.jinjaValueError, "batch size must be a positive integer", target: .argument(0))
        }
        let items = try value.iterationItems()
        var batches: [Value] = []
        for start in stride(from: 0, to: items.count, by: size) {
            var chunk = Array(items[start..<min(start + size, items.count)])
            if let fill = bound[1], !fill.isNone, chunk.count < size {
                chunk += Array(repeating: fill, count: size - chunk.count)
            }
            batches.append(.list(ListBox(chunk)))
        }
        return .list(ListBox(batches))
    }

    private static func slice(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("slice", ["slices", "fill_with"], required: 1)
        guard case .int(let slices) = bound[0]!, slices > 0 else {
            throw TemplateError(.jinjaValueError, "slice count must be a positive integer", target: .argument(0))
        }
        let items = try value.iterationItems()
        let perSlice = items.count / slices
        let withExtra = items.count % slices
        var offset = 0
        var result: [Value] = []
        for number in 0..<slices {
            let start = offset + number * perSlice
            if number < withExtra { offset += 1 }
            let end = offset + (number + 1) * perSlice
            var chunk = Array(items[start..<end])
            if let fill = bound[1], !fill.isNone, number >= withExtra { chunk.append(fill) }
            result.append(.list(ListBox(chunk)))
        }
        return .list(ListBox(result))
    }

    private static func dictsort(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("dictsort", ["case_sensitive", "by", "reverse"])
        guard case .dict(let dict) = value else { throw TemplateError(.jinjaTypeError, "dictsort expects a dict") }
        let by = bound[1]?.renderedString ?? "key"
        guard by == "key" || by == "value" else {
            throw TemplateError(.jinjaValueError, "you can only sort by either \"key\" or \"value\"")
        }
        let caseSensitive = bound[0]?.isTruthy ?? false
        let pairs = dict.entries.map { Value.tuple([$0.key, $0.value]) }
        let sorted = try Sorting.sorted(pairs, reverse: bound[2]?.isTruthy ?? false) { pair throws(TemplateError) in
            let part = pair.listItems![by == "key" ? 0 : 1]
            return caseSensitive ? part : part.caseFolded
        }
        return .list(ListBox(sorted))
    }

    private static func groupby(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("groupby", ["attribute", "default", "case_sensitive"], required: 1)
        let path = AttributePath(bound[0]!)
        let caseSensitive = bound[2]?.isTruthy ?? false
        let keyOf = { (item: Value) -> Value in
            let key = path.resolve(item)
            let resolved = key.isUndefined ? bound[1] ?? key : key
            return caseSensitive ? resolved : resolved.caseFolded
        }
        let sorted = try Sorting.sorted(try value.iterationItems(), reverse: false) { item throws(TemplateError) in
            keyOf(item)
        }
        var groups: [(key: Value, items: [Value])] = []
        for item in sorted {
            let key = keyOf(item)
            if let last = groups.last, Value.equals(last.key, key) {
                groups[groups.count - 1].items.append(item)
            } else {
                groups.append((key, [item]))
            }
        }
        return .list(ListBox(groups.map { .tuple([$0.key, .list(ListBox($0.items))]) }))
    }
}
