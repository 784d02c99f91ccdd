import StrataDiagnostics
import StrataJinja

/// A tiny host like the one Core builds.
///
/// It has `ref()`, a `this` relation, a `config` object that is both callable and has methods, a `target` object,
/// and the block tags dbt projects use. Mirrored in `Fixtures/jinja2_reference.py`.
enum FixtureHost {
    static let models = ["stg_orders", "stg_payments", "customers"]

    static let blockTags: [BlockTag] = [
        BlockTag("docs", header: .name), BlockTag("snapshot", header: .name),
        BlockTag("test", header: .macro(prefix: "test_")), BlockTag("materialization", header: .nameAndArguments),
    ]

    static func install(into environment: inout Environment) {
        environment.addFunction("ref") { arguments, _ in
            let name = try arguments.bind("ref", ["name"], required: 1)[0]!.renderedString
            guard models.contains(name) else {
                throw TemplateError(
                    "G4001", "unknown model '\(name)' in ref()",
                    help: EditDistance.suggestion(for: name, among: models)
                        .map { "did you mean '\($0)'?" }, label: "no model with this name", target: .argument(0))
            }
            return .object(Relation(schema: "main", name: name))
        }
        environment.addGlobal("this", .object(Relation(schema: "main", name: "current_model")))
        environment.addGlobal("config", .object(ConfigObject(values: ["materialized": "view", "schema": "marts"])))
        environment.addGlobal("target", .object(Target()))
    }
}

/// A relation prints as `"schema"."name"` and exposes its parts.
struct Relation: JinjaObject {
    let schema: String
    let name: String

    var typeName: String { "Relation" }
    func attribute(_ attribute: String) -> Value? {
        switch attribute {
        case "schema": return .string(schema)
        case "name", "identifier": return .string(name)
        default: return nil
        }
    }
    var attributeNames: [String] { ["schema", "name", "identifier"] }
    var renderedString: String { "\"\(schema)\".\"\(name)\"" }
}

/// `config(materialized='table')` renders nothing; `config.get('key', default)` reads a setting.
struct ConfigObject: JinjaObject {
    let values: [String: String]

    var typeName: String { "Config" }
    var isCallable: Bool { true }
    func call(_ arguments: Arguments, context: CallContext) throws -> Value { .string("") }
    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        guard name == "get" else { return nil }
        let bound = try arguments.bind("get", ["key", "default"], required: 1)
        return values[bound[0]!.renderedString].map(Value.string) ?? bound[1] ?? Value.none
    }
    var renderedString: String { "" }
}

/// `target.name`, `target.schema`, `target.type`.
struct Target: JinjaObject {
    var typeName: String { "Target" }
    func attribute(_ name: String) -> Value? {
        ["name": "dev", "schema": "main", "type": "sqlite"][name].map(Value.string)
    }
    var attributeNames: [String] { ["name", "schema", "type"] }
}
