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
            let testName = definition.testName, let modelCall = definition.modelExpression.flatMap(RelationCall.init)
        else { return nil }
        var arguments: [String: ConfigValue] = [:]
        for (name, value) in definition.arguments {
            // A repeated keyword is an error in the call: left to the interpreter to report.
            guard arguments.updateValue(value, forKey: name) == nil else { return nil }
        }
        // The call evaluates a string argument that reads as `ref(...)`/`source(...)`; only `to` may be one.
        for (name, value) in arguments where name != "to" {
            if case .string(let text) = value, DataTestCompiler.isRelationExpression(text) { return nil }
        }
        guard case .string(let column)? = arguments.removeValue(forKey: "column_name") else { return nil }
        var rendered = Rendered(sql: "")
        guard var model = resolve(modelCall, into: &rendered, packageName: definition.packageName) else { return nil }
        if let whereClause = definition.config["where"]?.stringValue {
            model = "(select * from \(model) where \(whereClause)) dbt_subquery"
        }

        var expressions = ["model": model, "column_name": column]
        var valueList = ""
        switch testName {
        case "unique", "not_null":
            guard arguments.isEmpty else { return nil }
        case "accepted_values":
            guard case .list(let values)? = arguments.removeValue(forKey: "values") else { return nil }
            let quote: Bool
            switch arguments.removeValue(forKey: "quote") {
            case nil: quote = true
            case .bool(let given)?: quote = given
            default: return nil
            }
            guard arguments.isEmpty else { return nil }
            for (index, value) in values.enumerated() {
                let printed: String
                switch value {
                case .string(let text): printed = text
                case .int(let number): printed = String(number)
                default: return nil
                }
                if index > 0 { valueList += "," }
                valueList += quote ? "'\(printed)'" : printed
            }
        case "relationships":
            guard case .string(let toText)? = arguments.removeValue(forKey: "to"), let toCall = RelationCall(toText),
                case .string(let field)? = arguments.removeValue(forKey: "field"), arguments.isEmpty,
                let parent = resolve(toCall, into: &rendered, packageName: definition.packageName)
            else { return nil }
            expressions["to"] = parent
            expressions["field"] = field
        default:
            return nil
        }
        guard let pieces = BuiltinTestMacros.pieces[testName] else { return nil }
        var sql = ""
        for piece in pieces {
            switch piece {
            case .text(let text): sql += text
            case .expression(let name):
                guard let value = expressions[name] else { return nil }
                sql += value
            case .valueList: sql += valueList
            }
        }
        rendered.sql = sql.trimmingWhitespace()
        return rendered
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
        var position = 0
        func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
                default: return
                }
            }
        }
        func consume(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] { return false }
            position += count
            return true
        }
        skipSpace()
        let isRef = consume("ref")
        guard isRef || consume("source") else { return nil }
        skipSpace()
        guard consume("(") else { return nil }
        var names: [String] = []
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "'") || bytes[position] == UInt8(ascii: "\"") else { return nil }
            let quote = bytes[position]
            let start = position + 1
            var end = start
            while end < bytes.count, bytes[end] != quote {
                if bytes[end] == UInt8(ascii: "\\") { return nil }
                end += 1
            }
            guard end < bytes.count else { return nil }
            names.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            position = end + 1
            skipSpace()
            if consume(",") { continue }
            guard consume(")") else { return nil }
            break
        }
        skipSpace()
        guard position == bytes.count else { return nil }
        if isRef { return (1...2).contains(names.count) ? .ref(names) : nil }
        return names.count == 2 ? .source(names[0], names[1]) : nil
    }
}
