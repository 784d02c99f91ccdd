import Foundation
import StrataDiagnostics
import StrataJinja
import Yams

/// Registers dbt's template context (`ref`, `source`, `var`, `env_var`, `target`, ...) on a Jinja environment.
/// The engine knows nothing of dbt; everything dbt-specific a template can call is defined here.
enum DbtContext {
    static let unknownRef: DiagnosticCode = "G4001"
    static let unknownSource: DiagnosticCode = "G4003"
    static let missingVar: DiagnosticCode = "J2201"
    static let missingEnvVar: DiagnosticCode = "J2202"
    static let compilerError: DiagnosticCode = "J2203"

    /// Adds the dbt functions and objects that are the same for every node of a compilation.
    static func install(
        into environment: inout Environment, target: TargetInfo, invocationID: String, startedAt: Date,
        project: Project? = nil
    ) {
        environment.addFunction("ref", ref)
        environment.addFunction("source", source)
        environment.addFunction("var", variable)
        environment.addFunction("env_var", envVar)
        environment.addFunction("is_incremental") { _, context in .bool(RenderState.current(context)?.isIncremental ?? false) }
        environment.addFunction("log", log)
        environment.addFunction("print") { arguments, context in
            RenderState.current(context)?.messages.append(LogMessage(text: arguments[0]?.renderedString ?? "", info: true))
            return .string("")
        }
        environment.addFunction("doc", DocsBlocks.doc)
        QueryContext.install(into: &environment)
        environment.addGlobal(
            "adapter",
            .object(AdapterObject(type: target.type, rootProject: project?.name ?? "", searchOrders: project?.settings.dispatch ?? [:])))
        environment.addGlobal("api", .object(APIObject()))
        environment.addGlobal("modules", Modules.value)
        // Building `graph` copies every node; do it only when some template can read it.
        let readsGraph = project.map { project in
            project.macroFiles.contains { $0.file.text.containsBytes("graph") } || project.models.contains { $0.file.text.containsBytes("graph") }
        } ?? false
        environment.addGlobal(
            "graph", readsGraph ? GraphContext.value(project!) : .dict([("nodes", .dict([])), ("sources", .dict([]))]))
        environment.addFunction("fromjson", fromJSON)
        environment.addFunction("tojson") { arguments, _ in .string((arguments[0] ?? .none).json.encoded()) }
        environment.addFunction("fromyaml", fromYAML)
        environment.addFunction("toyaml") { arguments, _ in .string((try? Yams.dump(object: (arguments[0] ?? .none).plainObject)) ?? "") }
        environment.addGlobal("target", .object(TargetObject(target: target)))
        environment.addGlobal("execute", .bool(false))
        environment.addGlobal(
            "flags",
            .dict([
                "FULL_REFRESH": .bool(false), "WHICH": .string("compile"), "STORE_FAILURES": .bool(false),
                "WARN_ERROR": .bool(false), "FAIL_FAST": .bool(false), "DEBUG": .bool(false), "LOG_FORMAT": .string("text"),
                "USE_COLORS": .bool(false), "PARTIAL_PARSE": .bool(false), "EMPTY": .bool(false),
            ]))
        environment.addGlobal("invocation_id", .string(invocationID))
        // dbt's is aware (pytz.utc), so it prints `+00:00` and only subtracts from aware datetimes.
        environment.addGlobal("run_started_at", .object(DateTimeObject(instant: startedAt, zone: .utc)))
        environment.addGlobal("exceptions", .object(ExceptionsObject()))
    }

    private static func log(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("log", ["msg", "info"])
        let message = LogMessage(text: bound[0]?.renderedString ?? "", info: bound[1]?.isTruthy ?? false)
        RenderState.current(context)?.messages.append(message)
        return .string("")
    }

    private static func session(_ context: CallContext) throws -> (RenderState, CompileSession) {
        guard let state = RenderState.current(context) else {
            throw TemplateError(.jinjaHostFailure, "this function is only available while compiling a node")
        }
        return (state, state.session)
    }

    private static func ref(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let (state, session) = try session(context)
        let names = arguments.positional.compactMap(\.stringValue)
        guard (1...2).contains(names.count), names.count == arguments.positional.count else {
            throw TemplateError(.jinjaArguments, "ref() takes a model name, or a package and a model name", help: "write {{ ref('stg_orders') }}")
        }
        let name = names[names.count - 1]
        let package = names.count == 2 ? names[0] : nil
        state.refs.append(names)
        if state.mode == .parse {
            return .object(RelationObject(relation: Relation(schema: "", identifier: name), cteName: nil))
        }
        guard let resolved = session.index.ref(name, package: package, callingPackage: state.packageName, rootPackage: session.project.name) else {
            let suggestion = session.index.suggestion(forRef: name).map { "did you mean '\($0)'?" }
            throw TemplateError(
                unknownRef, "unknown model '\(name)' in ref()", help: suggestion,
                label: "no model, seed or snapshot with this name in project '\(session.project.name)'",
                target: .argument(names.count - 1))
        }
        state.record(resolved.nodeID, at: context)
        return .object(RelationObject(relation: resolved.relation, cteName: resolved.cteName))
    }

    private static func source(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let (state, session) = try session(context)
        let names = arguments.positional.compactMap(\.stringValue)
        guard names.count == 2, arguments.positional.count == 2 else {
            throw TemplateError(.jinjaArguments, "source() takes a source name and a table name", help: "write {{ source('raw', 'orders') }}")
        }
        state.sources.append(names)
        if state.mode == .parse {
            return .object(RelationObject(relation: Relation(schema: names[0], identifier: names[1]), cteName: nil))
        }
        guard let resolved = session.index.source(names[0], names[1]) else {
            let suggestion = session.index.suggestion(forSource: names[0], names[1]).map { "did you mean '\($0)'?" }
            throw TemplateError(
                unknownSource, "unknown source '\(names[0]).\(names[1])' in source()",
                help: suggestion ?? "declare it under 'sources:' in a properties file", label: "no such source table",
                target: .call)
        }
        state.record(resolved.nodeID, at: context)
        return .object(RelationObject(relation: resolved.relation, cteName: nil))
    }

    private static func variable(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let (state, session) = try session(context)
        guard case .string(let name)? = arguments[0] else {
            throw TemplateError(.jinjaArguments, "var() takes the variable's name", help: "write {{ var('start_date') }}")
        }
        if let value = session.variable(name, package: state.packageName) { return Value(config: value) }
        if let fallback = arguments[1] ?? arguments[keyword: "default"] { return fallback }
        if state.mode == .parse { return .none }
        throw TemplateError(
            missingVar, "required variable '\(name)' is not set", help: "set it under 'vars:' in the project file, pass --vars '{\(name): ...}', or give var() a default",
            target: .argument(0))
    }

    static func envVar(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        guard case .string(let name)? = arguments[0] else {
            throw TemplateError(.jinjaArguments, "env_var() takes the variable's name")
        }
        let environment = RenderState.current(context)?.session.environmentVariables ?? ProcessInfo.processInfo.environment
        if let value = environment[name] { return .string(value) }
        if let fallback = arguments[1] ?? arguments[keyword: "default"] { return fallback }
        throw TemplateError(missingEnvVar, "environment variable '\(name)' is not set", help: "export \(name)=... or give env_var() a default", target: .argument(0))
    }

    private static func fromJSON(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        guard case .string(let text)? = arguments[0] else { return arguments[1] ?? .none }
        guard let json = ConfigValue.parseJSON(text) else { return arguments[1] ?? .none }
        return Value(config: json)
    }

    private static func fromYAML(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        guard case .string(let text)? = arguments[0] else { return arguments[1] ?? .none }
        guard let node = try? YAMLParser.parse(SourceFile(path: "<fromyaml>", text: text)) else { return arguments[1] ?? .none }
        return Value(config: node.value)
    }
}

/// `exceptions.raise_compiler_error(msg)` and `exceptions.warn(msg)`.
struct ExceptionsObject: JinjaObject {
    var typeName: String { "exceptions" }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        let message = arguments[0]?.renderedString ?? ""
        switch name {
        case "raise_compiler_error":
            throw TemplateError(DbtContext.compilerError, message)
        case "warn":
            if let state = RenderState.current(context) {
                state.warnings.append(.error("J2204", message, in: context.file, at: context.span).asWarning)
            }
            return .string("")
        default:
            return nil
        }
    }
}

extension Diagnostic {
    var asWarning: Diagnostic {
        var copy = self
        copy.severity = .warning
        return copy
    }
}

extension Value {
    /// The value as JSON, keeping a dict's key order.
    var json: JSON {
        switch self {
        case .none, .undefined: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list, .tuple: return .array((listItems ?? []).map(\.json))
        case .dict: return .object((dictEntries ?? []).map { (key: $0.key.renderedString, value: $0.value.json) })
        default: return .string(renderedString)
        }
    }

    /// Plain Swift values (for the YAML emitter).
    var plainObject: Any {
        switch self {
        case .none, .undefined: return NSNull()
        case .bool(let b): return b
        case .int(let i): return i
        case .double(let d): return d
        case .string(let s): return s
        case .list, .tuple: return (listItems ?? []).map(\.plainObject)
        case .dict:
            var result: [String: Any] = [:]
            for (key, value) in dictEntries ?? [] { result[key.renderedString] = value.plainObject }
            return result
        default: return renderedString
        }
    }
}
