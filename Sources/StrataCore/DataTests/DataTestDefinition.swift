import StrataDiagnostics

/// A data test as declared, before rendering: a generic test from a properties file or a singular test file.
struct DataTestDefinition: Sendable {
    enum Kind: Sendable { case generic, singular }

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
    /// Where it was declared (the YAML entry or the singular file).
    var file: SourceFile
    var span: SourceSpan
    /// Path of the defining file relative to the package root.
    var path: String

    /// `test.<package>.<name>.<hash>` for generic tests, `test.<package>.<name>` for singular ones.
    var id: String {
        switch kind {
        case .singular: return "test.\(packageName).\(name)"
        case .generic:
            let key = ([testName ?? "", namespace ?? "", attachedNodeID ?? ""] + arguments.map { "\($0.0)=\($0.1)" }).joined(separator: "|")
            return "test.\(packageName).\(name).\(String(SHA256.hex(key).suffix(10)))"
        }
    }

    /// The fqn dbt gives tests: package, the folders of the defining file, then the test name.
    var fqn: [String] {
        let folders = PathText.components(path).dropFirst().dropLast()
        return [packageName] + folders + [name]
    }
}

/// dbt's test naming (`synthesize_generic_test_names`).
enum DataTestNaming {
    /// - Parameters:
    ///   - testType: the macro name, with a `namespace_` prefix for package tests and a `source_` prefix for sources.
    ///   - targetName: the model name, or `source_table` for sources.
    ///   - arguments: the arguments other than `model`.
    static func name(testType: String, targetName: String, arguments: [(String, ConfigValue)]) -> String {
        var flat: [String] = []
        for (_, value) in arguments.sorted(by: { $0.0 < $1.0 }) {
            switch value {
            case .dict(let dict): flat += dict.keys.sorted().map { pythonString(dict[$0]!) }
            case .list(let items): flat += items.map(pythonString)
            default: flat.append(pythonString(value))
            }
        }
        let clean = flat.map(sanitize)
        let identifier = "\(testType)_\(targetName)"
        let full = "\(identifier)_\(clean.joined(separator: "__"))"
        guard full.count >= 64 else { return full }
        return "\(identifier.prefix(30))_\(String(SHA256.hex(full).prefix(32)))"
    }

    /// Replaces every run of characters outside `[0-9a-zA-Z_]` with one underscore.
    static func sanitize(_ text: String) -> String {
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
        return result
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
