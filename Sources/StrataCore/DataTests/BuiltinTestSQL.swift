import StrataDiagnostics
import StrataJinja

/// dbt's four built-in generic tests written out directly: the bodies their templates are made of
/// (`BuiltinTestMacros.pieces`) with the expressions filled in, byte for byte what rendering them gives. A large
/// project declares tens of thousands of them, and sending each through the template interpreter (parse the call,
/// evaluate `ref()`, run the macro) was a fifth of compile time.
///
/// Only a test whose call would reach the built-in macro, with arguments the templates print plainly (strings, and
/// integers in `values`), is written here; for anything else `render` answers nil and the template renders, so
/// overrides, unusual arguments and errors behave exactly as before.
struct BuiltinTestSQL {
    /// What rendering the test's template would have recorded.
    struct Rendered {
        var sql: String
        var dependencies: [String] = []
        var refs: [[String]] = []
        var sources: [[String]] = []
    }

    let session: CompileSession

    /// - Parameter macro: the macro the test's call resolves to.
    func render(_ definition: DataTestDefinition, macro: Macro?) -> Rendered? {
        guard definition.kind == .generic, macro?.file.path == BuiltinTestMacros.path,
            let testName = definition.testName, let pieces = BuiltinTestMacros.pieces[testName],
            let modelCall = definition.modelExpression.flatMap(RelationCall.init),
            let arguments = Arguments(definition.arguments, testName: testName)
        else { return nil }
        var rendered = Rendered(sql: "")
        guard let relation = resolve(modelCall, into: &rendered, packageName: definition.packageName) else { return nil }
        let model = definition.config["where"]?.stringValue.map { "(select * from \(relation) where \($0)) dbt_subquery" } ?? relation

        var valueList = ""
        if let values = arguments.values {
            for (index, value) in values.enumerated() {
                let printed: String
                switch value {
                case .string(let text): printed = text
                case .int(let number): printed = String(number)
                default: return nil
                }
                if index > 0 { valueList += "," }
                valueList += arguments.quote ? "'\(printed)'" : printed
            }
        }
        let parent = arguments.to.flatMap { resolve($0, into: &rendered, packageName: definition.packageName) }
        if arguments.to != nil, parent == nil { return nil }
        // Into a temporary array: the string made from it is exactly as long as the text, which is kept for the
        // rest of the run (tens of thousands of them).
        var sql: [UInt8] = []
        sql.reserveCapacity(512)
        for piece in pieces {
            switch piece {
            case .text(let text): sql += text.utf8
            case .valueList: sql += valueList.utf8
            case .expression(let name):
                let value: String? =
                    switch name {
                    case "model": model
                    case "column_name": arguments.column
                    case "to": parent
                    case "field": arguments.field
                    default: nil
                    }
                guard let value else { return nil }
                sql += value.utf8
            }
        }
        rendered.sql = String(decoding: sql, as: UTF8.self).trimmingWhitespace()
        return rendered
    }

    /// A built-in test's keyword arguments, read in one pass over the declared list instead of a dictionary per
    /// test; nil for anything the templates would not print plainly, or would report as an error (a repeated
    /// keyword, an argument the test does not take, a string that reads as `ref(...)` outside `to`).
    private struct Arguments {
        var column = ""
        var values: [ConfigValue]?
        var quote = true
        var to: RelationCall?
        var field: String?

        init?(_ declared: [(String, ConfigValue)], testName: String) {
            var column: String?
            for (index, (name, value)) in declared.enumerated() {
                for earlier in 0..<index where declared[earlier].0 == name { return nil }
                if name != "to", case .string(let text) = value, DataTestCompiler.isRelationExpression(text) { return nil }
                switch (testName, name) {
                case (_, "column_name"):
                    guard case .string(let text) = value else { return nil }
                    column = text
                case ("accepted_values", "values"):
                    guard case .list(let list) = value else { return nil }
                    values = list
                case ("accepted_values", "quote"):
                    guard case .bool(let given) = value else { return nil }
                    quote = given
                case ("relationships", "to"):
                    guard case .string(let text) = value, let call = RelationCall(text) else { return nil }
                    to = call
                case ("relationships", "field"):
                    guard case .string(let text) = value else { return nil }
                    field = text
                default:
                    return nil
                }
            }
            guard let column else { return nil }
            self.column = column
            switch testName {
            case "unique", "not_null": break
            case "accepted_values": guard values != nil else { return nil }
            case "relationships": guard to != nil, field != nil else { return nil }
            default: return nil
            }
        }
    }

    /// Resolves a `ref()`/`source()` as the template functions do and records it; nil when it does not resolve
    /// (the interpreter then reports it, with its suggestions).
    private func resolve(_ call: RelationCall, into rendered: inout Rendered, packageName: String) -> String? {
        let resolved: ResolvedReference?
        switch call {
        case .ref(let names):
            resolved = session.index.ref(
                names[names.count - 1], package: names.count == 2 ? names[0] : nil, callingPackage: packageName,
                rootPackage: session.project.name)
            rendered.refs.append(names)
        case .source(let sourceName, let tableName):
            resolved = session.index.source(sourceName, tableName)
            rendered.sources.append([sourceName, tableName])
        }
        guard let resolved else { return nil }
        if !rendered.dependencies.contains(resolved.nodeID) { rendered.dependencies.append(resolved.nodeID) }
        let cteName: String? = if case .ref = call { resolved.cteName } else { nil }
        return RelationObject(relation: resolved.relation, cteName: cteName).renderedString
    }
}

/// `ref('x')`, `ref('pkg', 'x')` or `source('a', 'b')` with literal string arguments, as a test argument or a
/// test's model expression is written. Anything more (keyword arguments, expressions, escapes) is not read here.
enum RelationCall: Equatable {
    case ref([String])
    case source(String, String)

    init?(_ text: String) {
        // Read as bytes: every generic test's model expression comes through here.
        guard let call = text.withUTF8Bytes(Self.read) else { return nil }
        self = call
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> RelationCall? {
        var cursor = ByteCursor(bytes)
        cursor.skipSpace()
        let isRef = cursor.consume("ref")
        guard isRef || cursor.consume("source") else { return nil }
        cursor.skipSpace()
        guard cursor.consume("(") else { return nil }
        var names: [String] = []
        while true {
            cursor.skipSpace()
            guard let name = cursor.quotedName() else { return nil }
            names.append(name)
            cursor.skipSpace()
            if cursor.consume(",") { continue }
            guard cursor.consume(")") else { return nil }
            break
        }
        cursor.skipSpace()
        guard cursor.isAtEnd else { return nil }
        if isRef { return (1...2).contains(names.count) ? .ref(names) : nil }
        return names.count == 2 ? .source(names[0], names[1]) : nil
    }
}

/// A position in a byte run, read forward. A struct with methods rather than nested functions sharing a captured
/// `var`: those are boxed, and every use of the box is checked for exclusive access at run time.
private struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }

    mutating func consume(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] { return false }
        position += count
        return true
    }

    /// A name in single or double quotes, without escapes.
    mutating func quotedName() -> String? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "'") || bytes[position] == UInt8(ascii: "\"") else { return nil }
        let quote = bytes[position]
        let start = position + 1
        var end = start
        while end < bytes.count, bytes[end] != quote {
            if bytes[end] == UInt8(ascii: "\\") { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        position = end + 1
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
