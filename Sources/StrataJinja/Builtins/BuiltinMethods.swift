/// Python methods on strings, lists, tuples and dicts: `'a,b'.split(',')`, `l.append(1)`, `d.get('k', 0)`.
enum BuiltinMethods {
    static let stringMethods: Set<String> = [
        "format", "lower", "upper", "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith",
        "endswith", "replace", "join", "title", "capitalize", "count", "find", "rfind", "index", "isdigit", "isalpha",
        "isalnum", "isspace", "islower", "isupper", "zfill", "center", "ljust", "rjust", "swapcase",
    ]
    static let listMethods: Set<String> = [
        "append", "extend", "index", "insert", "pop", "remove", "count", "reverse", "sort", "copy", "clear",
    ]
    static let tupleMethods: Set<String> = ["index", "count"]
    static let dictMethods: Set<String> = [
        "items", "keys", "values", "get", "update", "pop", "setdefault", "copy", "clear",
    ]

    /// Whether `value.name` is a builtin method.
    static func has(_ name: String, on value: Value) -> Bool {
        switch value {
        case .string: return stringMethods.contains(name)
        case .list: return listMethods.contains(name)
        case .tuple: return tupleMethods.contains(name)
        case .dict: return dictMethods.contains(name)
        default: return false
        }
    }

    /// `value.name` read without calling it: a function bound to the value.
    static func bound(_ value: Value, _ name: String) -> Value {
        .function(name) { arguments, context in try call(value, name, arguments, context: context) }
    }

    /// Calls a builtin method.
    /// - Throws: `TemplateError` for bad arguments or a missing method.
    static func call(_ value: Value, _ name: String, _ arguments: Arguments, context: CallContext) throws -> Value {
        switch value {
        case .string(let string): return try StringMethods.call(string, name, arguments)
        case .list(let list): return try ListMethods.call(list, name, arguments)
        case .tuple(let items): return try ListMethods.callReadOnly(items, name, arguments)
        case .dict(let dict): return try DictMethods.call(dict, name, arguments)
        default: throw TemplateError(.jinjaTypeError, "'\(value.typeName)' object has no attribute '\(name)'")
        }
    }
}

/// List and tuple methods; mutating ones return none as in Python.
enum ListMethods {
    static func call(_ list: ListBox, _ name: String, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch name {
        case "append":
            let item = try single(arguments, "append")
            list.append(item)
            return .none
        case "extend":
            let items = try single(arguments, "extend").iterationItems()
            try list.mutate { (values: inout [Value]) throws(TemplateError) in values += items }
            return .none
        case "insert":
            let bound = try arguments.bind("insert", ["index", "object"], required: 2)
            guard case .int(let index) = bound[0]! else {
                throw TemplateError(.jinjaTypeError, "list indices must be integers")
            }
            try list.mutate { (values: inout [Value]) throws(TemplateError) in
                let position = index < 0 ? max(0, values.count + index) : min(index, values.count)
                values.insert(bound[1]!, at: position)
            }
            return .none
        case "pop": return try pop(list, arguments)
        case "remove":
            let item = try single(arguments, "remove")
            try list.mutate { (values: inout [Value]) throws(TemplateError) in
                guard let index = values.firstIndex(where: { Value.equals($0, item) }) else {
                    throw TemplateError(.jinjaValueError, "list.remove(x): x not in list")
                }
                values.remove(at: index)
            }
            return .none
        case "reverse":
            try list.mutate { (values: inout [Value]) throws(TemplateError) in values.reverse() }
            return .none
        case "sort":
            let bound = try arguments.bind("sort", ["reverse"])
            let sorted = try Sorting.sorted(list.items, reverse: bound[0]?.isTruthy ?? false, key: { $0 })
            try list.mutate { (values: inout [Value]) throws(TemplateError) in values = sorted }
            return .none
        case "copy": return .list(ListBox(list.items))
        case "clear":
            try list.mutate { (values: inout [Value]) throws(TemplateError) in values.removeAll() }
            return .none
        default: return try callReadOnly(list.items, name, arguments)
        }
    }

    static func callReadOnly(_ items: [Value], _ name: String, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch name {
        case "index":
            let item = try single(arguments, "index")
            guard let index = items.firstIndex(where: { Value.equals($0, item) }) else {
                throw TemplateError(.jinjaValueError, "\(item.repr) is not in list")
            }
            return .int(index)
        case "count":
            let item = try single(arguments, "count")
            return .int(items.count { Value.equals($0, item) })
        default:
            throw TemplateError(.jinjaTypeError, "'list' object has no attribute '\(name)'")
        }
    }

    private static func pop(_ list: ListBox, _ arguments: Arguments) throws(TemplateError) -> Value {
        let bound = try arguments.bind("pop", ["index"])
        var index = -1
        if let given = bound[0] {
            guard case .int(let int) = given else {
                throw TemplateError(.jinjaTypeError, "list indices must be integers")
            }
            index = int
        }
        return try list.mutate { (values: inout [Value]) throws(TemplateError) -> Value in
            guard !values.isEmpty else { throw TemplateError(.jinjaValueError, "pop from empty list") }
            guard let position = Value.index(values.count, index) else {
                throw TemplateError(.jinjaValueError, "pop index out of range")
            }
            return values.remove(at: position)
        }
    }

    static func single(_ arguments: Arguments, _ name: String) throws(TemplateError) -> Value {
        guard arguments.positional.count == 1, arguments.keywords.isEmpty else {
            throw TemplateError(
                .jinjaArguments, "\(name)() takes exactly one argument (\(arguments.positional.count) given)")
        }
        return arguments.positional[0]
    }
}

/// Dict methods.
enum DictMethods {
    static func call(_ dict: DictBox, _ name: String, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch name {
        case "items": return .list(ListBox(dict.entries.map { .tuple([$0.key, $0.value]) }))
        case "keys": return .list(ListBox(dict.keys))
        case "values": return .list(ListBox(dict.values))
        case "get":
            let bound = try arguments.bind("get", ["key", "default"], required: 1)
            return dict.value(for: bound[0]!) ?? bound[1] ?? .none
        case "update":
            if let other = arguments[0] {
                guard case .dict(let source) = other else {
                    throw TemplateError(.jinjaTypeError, "update() expects a dict, got '\(other.typeName)'")
                }
                for (key, value) in source.entries { try dict.set(key, value) }
            }
            for (key, value) in arguments.keywords { dict.set(key, value) }
            return .none
        case "pop":
            let bound = try arguments.bind("pop", ["key", "default"], required: 1)
            if let value = dict.remove(bound[0]!) { return value }
            if let fallback = bound[1] { return fallback }
            throw TemplateError(.jinjaValueError, "key \(bound[0]!.repr) not found in dict")
        case "setdefault":
            let bound = try arguments.bind("setdefault", ["key", "default"], required: 1)
            if let existing = dict.value(for: bound[0]!) { return existing }
            try dict.set(bound[0]!, bound[1] ?? .none)
            return bound[1] ?? .none
        case "copy": return .dict(DictBox(dict.entries.map { ($0.key, $0.value) }))
        case "clear":
            try dict.mutate { (storage: inout DictBox.Storage) throws(TemplateError) in storage = DictBox.Storage() }
            return .none
        default:
            throw TemplateError(.jinjaTypeError, "'dict' object has no attribute '\(name)'")
        }
    }
}
