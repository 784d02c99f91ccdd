import StrataDiagnostics
import StrataJinja

/// `adapter` in templates: macro dispatch, quoting and (without a connection) empty catalog answers.
struct AdapterObject: JinjaObject {
    static let dispatchFailed: DiagnosticCode = "J2205"

    /// The adapter type (`sqlite`, `postgres`): the first prefix dispatch tries.
    let type: String
    /// The root project's name, searched first when a namespace has no `dispatch:` config.
    let rootProject: String
    /// `dispatch:` search orders from the project file, by macro namespace.
    let searchOrders: [String: [String]]

    var typeName: String { "adapter" }

    var attributeNames: [String] { ["dispatch", "quote", "type", "get_relation", "get_columns_in_relation"] }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "dispatch":
            let bound = try arguments.bind("adapter.dispatch", ["macro_name", "macro_namespace", "packages"], required: 1)
            guard case .string(let macroName)? = bound[0] else {
                throw TemplateError(.jinjaArguments, "adapter.dispatch() takes the macro's name as a string", target: .argument(0))
            }
            let namespace = bound[1]?.stringValue
            let macro = try dispatch(macroName, namespace: namespace, in: context.environment.macros)
            RenderState.current(context)?.macros.insert("macro.\(macro.namespace ?? rootProject).\(macro.name)")
            return .macro(macro)
        case "quote":
            return .string(Relation.quote(arguments[0]?.renderedString ?? ""))
        case "type":
            return .string(type)
        case "get_relation", "load_relation", "get_relation_or_none":
            // No connection at compile time: dbt's parse answers None as well.
            return RenderState.current(context)?.executor.map { _ in Value.none } ?? Value.none
        case "get_columns_in_relation", "list_relations_without_caching", "list_schemas":
            return .list([])
        case "check_schema_exists":
            return .bool(false)
        default:
            return nil
        }
    }

    /// The packages dispatch searches, in order: the namespace's `dispatch:` config, else the root project then the
    /// namespace itself; with no namespace, the root namespace and then every package.
    func searchOrder(for namespace: String?, in library: MacroLibrary) -> [String?] {
        guard let namespace else { return [nil] + library.namespaces.map(Optional.some) }
        if let configured = searchOrders[namespace], !configured.isEmpty { return configured.map(Optional.some) }
        if namespace == "dbt" { return [rootProject, nil, "dbt"] }
        return [rootProject, namespace]
    }

    /// The prefixes dispatch tries for each package: the adapter type, its parents, then `default`.
    var prefixes: [String] {
        switch type {
        case "redshift": return ["redshift", "postgres", "default"]
        case "default": return ["default"]
        default: return [type, "default"]
        }
    }

    func dispatch(_ macroName: String, namespace: String?, in library: MacroLibrary) throws -> Macro {
        var searched: [String] = []
        for package in searchOrder(for: namespace, in: library) {
            for prefix in prefixes {
                let candidate = "\(prefix)__\(macroName)"
                if let macro = library.macro(named: candidate, namespace: package) { return macro }
                searched.append(package.map { "\($0).\(candidate)" } ?? candidate)
            }
        }
        var seen = Set<String>()
        let list = searched.filter { seen.insert($0).inserted }.map { "'\($0)'" }.joined(separator: ", ")
        throw TemplateError(
            Self.dispatchFailed, "In dispatch: No macro named '\(macroName)' found within namespace: '\(namespace ?? "None")'",
            help: "define '\(type)__\(macroName)' or 'default__\(macroName)'", label: "searched for: \(list)",
            target: .argument(0))
    }
}

/// `api.Relation.create(database=, schema=, identifier=)`.
struct APIObject: JinjaObject {
    var typeName: String { "api" }

    func attribute(_ name: String) -> Value? {
        name == "Relation" ? .object(RelationFactory()) : nil
    }

    var attributeNames: [String] { ["Relation"] }
}

struct RelationFactory: JinjaObject {
    var typeName: String { "Relation" }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        guard name == "create" else { return nil }
        let bound = try arguments.bind("api.Relation.create", ["database", "schema", "identifier", "type"])
        let database = bound[0]?.stringValue
        let schema = bound[1]?.stringValue ?? ""
        let identifier = bound[2]?.stringValue ?? ""
        return .object(RelationObject(relation: Relation(database: database, schema: schema, identifier: identifier), cteName: nil))
    }
}
