import Synchronization

/// `namespace(a=1)`: the one object `{% set ns.attr = value %}` may assign to, to carry values out of loops.
final class NamespaceObject: JinjaObject {
    let storage: DictBox

    init(_ storage: DictBox) { self.storage = storage }

    var typeName: String { "Namespace" }
    func attribute(_ name: String) -> Value? { storage[name] }
    func set(_ name: String, _ value: Value) { storage.set(name, value) }
    var attributeNames: [String] { storage.keys.compactMap(\.stringValue) }
    var renderedString: String { "<Namespace \(Value.dict(storage).repr)>" }
}

/// Remembers the last values given to `loop.changed(...)` across iterations of one loop.
final class LoopChangeTracker: Sendable {
    let last = Mutex<[Value]?>(nil)

    func changed(_ values: [Value]) -> Bool {
        last.withLock { previous in
            defer { previous = values }
            guard let previous else { return true }
            return previous.count != values.count || !zip(previous, values).allSatisfy { Value.equals($0, $1) }
        }
    }
}

/// The `loop` variable inside `{% for %}`: position, neighbours, `cycle()` and `changed()`.
struct LoopObject: JinjaObject {
    let index0: Int
    let items: [Value]
    let changes: LoopChangeTracker

    var typeName: String { "LoopContext" }

    func attribute(_ name: String) -> Value? {
        let length = items.count
        switch name {
        case "index": return .int(index0 + 1)
        case "index0": return .int(index0)
        case "revindex": return .int(length - index0)
        case "revindex0": return .int(length - index0 - 1)
        case "first": return .bool(index0 == 0)
        case "last": return .bool(index0 == length - 1)
        case "length": return .int(length)
        case "depth": return .int(1)
        case "depth0": return .int(0)
        case "previtem":
            return index0 > 0
                ? items[index0 - 1] : .undefined(Undefined(name: "previtem", hint: "there is no previous item"))
        case "nextitem":
            return index0 + 1 < length
                ? items[index0 + 1] : .undefined(Undefined(name: "nextitem", hint: "there is no next item"))
        case "cycle", "changed": return boundMethod(name)
        default: return nil
        }
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "cycle":
            guard !arguments.positional.isEmpty else {
                throw TemplateError(.jinjaArguments, "no items for cycling given")
            }
            return arguments.positional[index0 % arguments.positional.count]
        case "changed":
            return .bool(changes.changed(arguments.positional))
        default:
            return nil
        }
    }

    private func boundMethod(_ name: String) -> Value {
        .function(name) { arguments, context in try callMethod(name, arguments, context: context) ?? .none }
    }

    var attributeNames: [String] {
        [
            "index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0", "previtem",
            "nextitem", "cycle", "changed",
        ]
    }

    var renderedString: String { "<LoopContext \(index0 + 1)/\(items.count)>" }
}

/// `cycler('odd', 'even')`: `next()` returns the items in turn; `current` peeks; `reset()` starts over.
final class CyclerObject: JinjaObject {
    let items: [Value]
    let position = Mutex(0)

    init(_ items: [Value]) { self.items = items }

    var typeName: String { "Cycler" }

    func attribute(_ name: String) -> Value? {
        name == "current" ? items[position.withLock { $0 }] : nil
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "next":
            return position.withLock { index in
                defer { index = (index + 1) % items.count }
                return items[index]
            }
        case "reset":
            position.withLock { $0 = 0 }
            return Value.none
        default:
            return nil
        }
    }

    var attributeNames: [String] { ["current", "next", "reset"] }
}

/// `joiner(', ')`: returns an empty string the first time it is called and the separator afterwards.
final class JoinerObject: JinjaObject {
    let separator: String
    let used = Mutex(false)

    init(_ separator: String) { self.separator = separator }

    var typeName: String { "Joiner" }
    var isCallable: Bool { true }

    func call(_ arguments: Arguments, context: CallContext) throws -> Value {
        .string(
            used.withLock { used in
                defer { used = true }
                return used ? separator : ""
            })
    }
}
