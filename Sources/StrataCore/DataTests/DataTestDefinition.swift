import Foundation
import StrataDiagnostics

/// A data test as declared, before rendering: a generic test from a properties file or a singular test file.
///
/// Its fields live in one shared box that is replaced whole when changed (`FrozenFields`): a large project declares
/// tens of thousands, filtered and handed on in arrays, and changed only while being declared.
@dynamicMemberLookup
struct DataTestDefinition: Sendable {
    enum Kind: Sendable { case generic, singular }

    struct Fields: Sendable {
        var kind: Kind
        /// dbt's test name (`unique_stg_orders_order_id`); the file stem for singular tests.
        var name: String
        /// The package that declared it.
        var packageName: String
        /// For generic tests: the test macro name without `test_` (`unique`), and its package namespace if given.
        var testName: String?
        var namespace: String?
        /// For generic tests: the tested node (`model.shop.stg_orders`).
        var attachedNodeID: String?
        /// The `ref`/`source` expression that reaches the tested node (`ref('stg_orders')`).
        var modelExpression: String?
        /// Arguments, including `column_name` (not `model`).
        var arguments: [(String, ConfigValue)] = []
        /// Configuration after folder, YAML and `config:` levels.
        var config: NodeConfig
        /// The levels given on the test itself in YAML, which win over `config()` in the test's macro.
        var entryConfig: [String: ConfigValue] = [:]
        /// Where it was declared (the YAML entry or the singular file).
        var file: SourceFile
        var span: SourceSpan
        /// Path of the defining file relative to the package root.
        var path: String
        /// The id, once the definition is complete (`DataTestCollector` freezes it: hashing the metadata is costly
        /// and the id is read many times).
        var frozenID: String?
    }

    private var storage: FrozenFields<Fields>

    /// Changes several fields in one step: the box is replaced once rather than once for each.
    mutating func update(_ change: (inout Fields) throws -> Void) rethrows { try change(&storage.fields) }

    init(
        kind: Kind, name: String, packageName: String, testName: String? = nil, namespace: String? = nil,
        attachedNodeID: String? = nil, modelExpression: String? = nil, arguments: [(String, ConfigValue)] = [],
        config: NodeConfig, file: SourceFile, span: SourceSpan, path: String
    ) {
        storage = FrozenFields(
            Fields(
                kind: kind, name: name, packageName: packageName, testName: testName, namespace: namespace,
                attachedNodeID: attachedNodeID, modelExpression: modelExpression, arguments: arguments, config: config,
                file: file, span: span, path: path))
    }

    subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        _read { yield storage.fields[keyPath: field] }
        _modify { yield &storage.fields[keyPath: field] }
    }

    /// `test.<package>.<name>.<hash>` for generic tests, `test.<package>.<name>` for singular ones.
    var id: String { storage.fields.frozenID ?? computedID }

    var computedID: String {
        let fields = storage.fields
        switch fields.kind {
        case .singular: return "test.\(fields.packageName).\(fields.name)"
        case .generic:
            // Built and hashed as bytes: as Swift strings, the appends cost more than the hash (a test apiece).
            var hashed: [UInt8] = []
            hashed.reserveCapacity(fields.name.utf8.count + 224)
            hashed += fields.name.utf8
            writeHashableMetadata(into: &hashed)
            var id = Array("test.".utf8)
            id.reserveCapacity(fields.packageName.utf8.count + fields.name.utf8.count + 17)
            id += fields.packageName.utf8
            id.append(UInt8(ascii: "."))
            id += fields.name.utf8
            id.append(UInt8(ascii: "."))
            id += MD5.hexBytes(hashed)[22...]  // the last ten of 32 digits
            return String(decoding: id, as: UTF8.self)
        }
    }

    /// dbt's `repr(get_hashable_md(test_metadata))`: the test's namespace, name and keyword arguments as Python
    /// prints them, which dbt hashes into the unique id.
    private func writeHashableMetadata(into bytes: inout [UInt8]) {
        let fields = storage.fields
        // The kwargs dict as a short list of pairs (a later argument of the same name wins, and `model` over all),
        // written in key order: one per test, where a dictionary of converted values cost more than the text.
        var kwargs: [(key: String, value: PythonValue)] = []
        kwargs.reserveCapacity(fields.arguments.count + 1)
        for (key, value) in fields.arguments where key != "model" {
            if let earlier = kwargs.firstIndex(where: { $0.key == key }) {
                kwargs[earlier].value = PythonValue(value)
            } else {
                kwargs.append((key, PythonValue(value)))
            }
        }
        kwargs.append(("model", .string("{{ get_where_subquery(\(fields.modelExpression ?? "")) }}")))
        // The outer dict written in its key order: kwargs, name, namespace.
        bytes += "{'kwargs': ".utf8
        PythonValue.writeDict(kwargs, into: &bytes)
        bytes += ", 'name': ".utf8
        PythonValue.writeQuoted(fields.testName ?? "", into: &bytes)
        bytes += ", 'namespace': ".utf8
        PythonValue.writeQuoted(fields.namespace ?? "None", into: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    /// The fqn dbt gives tests: package, the folders of the defining file, then the test name.
    var fqn: [String] {
        let fields = storage.fields
        // Appended into one array: concatenating slices built three arrays per test.
        let components = PathText.components(fields.path)
        var fqn: [String] = []
        fqn.reserveCapacity(max(components.count, 2))
        fqn.append(fields.packageName)
        if components.count > 2 { fqn += components[1..<(components.count - 1)] }
        fqn.append(fields.name)
        return fqn
    }
}

/// dbt's test naming (`synthesize_generic_test_names`).
enum DataTestNaming {
    /// - Parameters:
    ///   - testType: the macro name, with a `namespace_` prefix for package tests and a `source_` prefix for sources.
    ///   - targetName: the model name, or `source_table` for sources.
    ///   - arguments: the arguments other than `model`.
    /// - Returns: the full name, which dbt uses as the node's name and in its unique id, and the short name
    ///   (under 64 characters) it uses as the alias of the test's relation.
    static func names(testType: String, targetName: String, arguments: [(String, ConfigValue)]) -> (full: String, short: String) {
        // Built as bytes: one name per test, where string interpolation and joining cost more than the text.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(testType.utf8.count + targetName.utf8.count + 64)
        bytes += testType.utf8
        bytes.append(UInt8(ascii: "_"))
        bytes += targetName.utf8
        let identifierLength = bytes.count
        bytes.append(UInt8(ascii: "_"))
        var isFirst = true
        for (_, value) in arguments.count < 2 ? arguments : arguments.sorted(by: { $0.0 < $1.0 }) {
            switch value {
            case .dict(let dict):
                for key in dict.keys.sorted() { appendPart(pythonString(dict[key]!), to: &bytes, isFirst: &isFirst) }
            case .list(let items):
                for item in items { appendPart(pythonString(item), to: &bytes, isFirst: &isFirst) }
            default:
                appendPart(pythonString(value), to: &bytes, isFirst: &isFirst)
            }
        }
        let full = String(decoding: bytes, as: UTF8.self)
        // dbt counts characters; fewer than 64 bytes are fewer than 64 characters.
        guard bytes.count >= 64, full.count >= 64 else { return (full, full) }
        let identifier = String(decoding: bytes[..<identifierLength], as: UTF8.self)
        return (full, "\(identifier.prefix(30))_\(MD5.hex(full))")
    }

    /// Appends one argument's part of the name, sanitized, after a `__` unless it is the first.
    private static func appendPart(_ text: String, to bytes: inout [UInt8], isFirst: inout Bool) {
        if !isFirst { bytes += "__".utf8 }
        isFirst = false
        sanitize(text, into: &bytes)
    }

    /// Replaces every run of characters outside `[0-9a-zA-Z_]` with one underscore.
    static func sanitize(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        sanitize(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func sanitize(_ text: String, into bytes: inout [UInt8]) {
        // ASCII text (nearly every name and argument) byte by byte; other text by characters, which can join a
        // letter and a combining mark into one non-ASCII character.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var inRun = false
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                    bytes.append(byte)
                    inRun = false
                default:
                    if !inRun { bytes.append(UInt8(ascii: "_")) }
                    inRun = true
                }
            }
            return
        }
        var result = ""
        var inRun = false
        for character in text {
            if character.isASCII && (character.isLetter || character.isNumber || character == "_") {
                result.append(character)
                inRun = false
            } else if !inRun {
                result.append("_")
                inRun = true
            }
        }
        bytes += result.utf8
    }

    /// How Python's `str()` spells a YAML value.
    static func pythonString(_ value: ConfigValue) -> String {
        switch value {
        case .bool(let b): return b ? "True" : "False"
        case .null: return "None"
        case .list(let items): return "[" + items.map { "'\(pythonString($0))'" }.joined(separator: ", ") + "]"
        default: return value.stringValue ?? value.description
        }
    }
}

/// A value as dbt's `get_hashable_md` leaves it: strings (every scalar through `str()`), lists and dicts.
enum PythonValue {
    case string(String)
    case list([PythonValue])
    case dict([String: PythonValue])

    init(_ value: ConfigValue) {
        switch value {
        case .list(let items): self = .list(items.map(PythonValue.init))
        case .dict(let dict): self = .dict(dict.mapValues(PythonValue.init))
        case .double(let number): self = .string(number == number.rounded() && abs(number) < 1e16 ? String(format: "%.1f", number) : String(number))
        default: self = .string(DataTestNaming.pythonString(value))
        }
    }

    /// Python's `repr()`, with dict keys sorted as `get_hashable_md` inserts them.
    var repr: String {
        var bytes: [UInt8] = []
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Python's string repr.
    static func quote(_ text: String) -> String { PythonValue.string(text).repr }

    /// Appends `repr()` as UTF-8 (test ids hash one per test: written into one buffer, not joined from strings).
    func write(into bytes: inout [UInt8]) {
        switch self {
        case .string(let string): Self.writeQuoted(string, into: &bytes)
        case .list(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes += ", ".utf8 }
                item.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dict(let dict): Self.writeDict(dict.map { (key: $0.key, value: $0.value) }, into: &bytes)
        }
    }

    /// Appends the repr of a dict given as pairs with distinct keys, written in key order.
    static func writeDict(_ entries: [(key: String, value: PythonValue)], into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, entry) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { bytes += ", ".utf8 }
            writeQuoted(entry.key, into: &bytes)
            bytes += ": ".utf8
            entry.value.write(into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Appends Python's string repr: single quotes unless the text has a single quote and no double quote.
    static func writeQuoted(_ string: String, into bytes: inout [UInt8]) {
        string.withUTF8Bytes { writeQuoted($0, into: &bytes) }
    }

    private static func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) {
        var (single, double, other) = (false, false, false)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "'"): single = true
            case UInt8(ascii: "\""): double = true
            case UInt8(ascii: "\\"), 0..<0x20, 0x7F: other = true
            default: break
            }
        }
        let quote = single && !double ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        bytes.append(quote)
        // Nearly every name and argument needs no escape, and most of the rest hold single quotes only (the
        // `ref('x')` in every test's model argument): copied as they are between the quotes.
        guard other || (single && double) else {
            bytes += utf8
            bytes.append(quote)
            return
        }
        let hex: StaticString = "0123456789abcdef"
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes += [byte, byte]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case quote: bytes += [UInt8(ascii: "\\"), byte]
            case 0..<0x20, 0x7F:
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)]]
            default: bytes.append(byte)  // UTF-8 continuation bytes and the rest, as they are
            }
        }
        bytes.append(quote)
    }
}
