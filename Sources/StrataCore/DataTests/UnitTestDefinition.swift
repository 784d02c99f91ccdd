import Foundation
public import StrataDiagnostics

/// A dbt unit test as declared under `unit_tests:` in a properties file, before rendering.
struct UnitTestDefinition: Sendable {
    /// The test's name (`name:`), unique per model.
    var name: String
    /// The model it tests, as written (`model:`).
    var modelName: String
    /// The package whose properties file declared it.
    var packageName: String
    var description: String
    /// Mock rows for each relation the model reads.
    var given: [UnitTestInput]
    /// The rows the model must return.
    var expect: UnitTestRows
    var overrides: UnitTestOverrides
    /// `config:` (`tags`, `enabled`, `meta`) of the entry; folder-level `unit_tests:` configuration is applied by
    /// `UnitTestCompiler`, which knows the test's fqn.
    var config: NodeConfig
    /// The properties file and where the entry's name and model are written in it.
    var file: SourceFile
    var span: SourceSpan
    var modelSpan: SourceSpan
    /// Path of the properties file relative to its package root.
    var path: String
}

/// What a `given:` entry replaces: `ref('x')`, `ref('pkg', 'x')`, `source('s', 't')` or `this`.
enum UnitTestInputTarget: Sendable, Hashable {
    case ref(package: String?, name: String)
    case source(String, String)
    case this

    /// Parses an `input:` expression; nil when it is none of the accepted forms.
    init?(expression: String) {
        let text = expression.trimmingCharacters(in: .whitespaces)
        if text == "this" || text == "{{ this }}" {
            self = .this
            return
        }
        for function in ["ref", "source"] where text.hasPrefix(function) {
            var rest = text.dropFirst(function.count).drop(while: \.isWhitespace)
            guard rest.first == "(", rest.last == ")" else { return nil }
            rest = rest.dropFirst().dropLast()
            let arguments = rest.split(separator: ",", omittingEmptySubsequences: false).map { argument -> String? in
                let trimmed = argument.trimmingCharacters(in: .whitespaces)
                guard trimmed.count >= 2, let quote = trimmed.first, quote == "'" || quote == "\"",
                    trimmed.last == quote
                else {
                    return nil
                }
                return String(trimmed.dropFirst().dropLast())
            }
            guard arguments.allSatisfy({ $0 != nil }) else { return nil }
            let names = arguments.compactMap { $0 }
            switch (function, names.count) {
            case ("ref", 1): self = .ref(package: nil, name: names[0])
            case ("ref", 2): self = .ref(package: names[0], name: names[1])
            case ("source", 2): self = .source(names[0], names[1])
            default: return nil
            }
            return
        }
        return nil
    }

    /// A name usable inside a CTE name (`stg_orders`, `raw__orders`, `this`).
    var cteSuffix: String {
        switch self {
        case .ref(_, let name): return DataTestNaming.sanitize(name)
        case .source(let source, let table): return DataTestNaming.sanitize("\(source)__\(table)")
        case .this: return "this"
        }
    }
}

/// One `given:` entry.
struct UnitTestInput: Sendable {
    var target: UnitTestInputTarget
    /// The expression as written (`ref('stg_orders')`), for messages and the manifest.
    var expression: String
    var rows: UnitTestRows
    /// Where the `input:` value is written.
    var span: SourceSpan
}

/// A scalar of a mock or expected row: YAML values keep their types, CSV fields are typed by their text.
enum UnitTestValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    /// A YAML value; lists and mappings become their JSON text.
    init(_ value: ConfigValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .list, .dict: self = .string(value.json.encoded())
        }
    }

    /// A CSV field: empty or `null` is NULL, numbers are numbers, anything else text (as dbt's csv fixtures).
    init(csvField field: String) {
        let trimmed = field.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.lowercased() == "null" {
            self = .null
        } else if let int = Int(trimmed) {
            self = .int(int)
        } else if let double = Double(trimmed), trimmed.rangeOfCharacter(from: .letters) == nil {
            self = .double(double)
        } else {
            self = .string(field)
        }
    }
}

/// Rows of a `given:` or `expect:` entry, in one of dbt's three formats.
struct UnitTestRows: Sendable {
    enum Format: String, Sendable {
        case dict, csv, sql
    }

    var format: Format
    /// Column names in first-seen order (dict and csv).
    var columns: [String] = []
    /// One value per column name; a column a row does not give is absent (NULL for inputs, not compared).
    var rows: [[String: UnitTestValue]] = []
    /// The query of the `sql` format.
    var sql: String?
}

/// `overrides:` of a unit test.
struct UnitTestOverrides: Sendable {
    var vars: [String: ConfigValue] = [:]
    var environmentVariables: [String: String] = [:]
    /// Macros answered with a fixed value (`is_incremental: true`).
    var macros: [String: ConfigValue] = [:]

    /// The overrides as the manifest lists them.
    var json: JSON {
        .sortedObject([
            "vars": .sortedObject(vars.mapValues(\.json)),
            "env_vars": .sortedObject(environmentVariables.mapValues(JSON.string)),
            "macros": .sortedObject(macros.mapValues(\.json)),
        ])
    }
}

/// What the runner needs to judge a compiled unit test (kept on its `CompiledNode`).
public struct UnitTestSpec: Sendable {
    /// The tested model.
    public var modelID: String
    /// Expected rows given as values (dict and csv formats); nil when `expectedSQL` gives them.
    var expectedRows: [[String: UnitTestValue]]?
    /// The columns compared: those the expected rows name.
    public var expectedColumns: [String]
    /// The query returning the expected rows (`format: sql`).
    public var expectedSQL: String?
    /// The properties file and the test's name in it, where failures point.
    public var file: SourceFile
    public var span: SourceSpan
    /// For the manifest: `given` and `expect` as written, and the overrides.
    var manifestGiven: JSON
    var manifestExpect: JSON
    var manifestOverrides: JSON
    var description: String
}
