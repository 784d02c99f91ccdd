import Foundation
import StrataDiagnostics
import StrataJinja

/// Whether a render only discovers a node's configuration and references (dbt's parse) or produces its SQL.
enum RenderMode: Sendable {
    case parse, compile
}

/// A reference a node made, with where it was made, for graph edges and cycle diagnostics.
struct RecordedDependency: Sendable, Hashable {
    var nodeID: String
    var file: SourceFile
    var span: SourceSpan
}

/// Per-render state reached by host functions through the interpreter's user data.
///
/// One render runs on one thread from start to end, so the state is never touched concurrently; the class is
/// `@unchecked Sendable` only because the interpreter hands user data around as `any Sendable`.
final class RenderState: @unchecked Sendable {
    let session: CompileSession
    let mode: RenderMode
    let nodeID: String
    let packageName: String
    let relation: Relation?
    var config: [String: ConfigValue] = [:]
    var dependencies: [RecordedDependency] = []
    var refs: [[String]] = []
    var sources: [[String]] = []
    var macros: Set<String> = []
    var warnings: [Diagnostic] = []
    /// Runs `run_query()` and `statement` blocks against the warehouse; nil while compiling (dbt's `execute` is
    /// false), when queries are recorded but not run.
    var executor: (any QueryExecutor)?
    /// `statement` blocks by name, in the order they ran, with their results when an executor ran them.
    var statements: [String: StatementRecord] = [:]
    /// Messages from `log()` and `print()`, for the CLI to show.
    var messages: [LogMessage] = []
    /// What `is_incremental()` answers: true only in a run-time render of an incremental model whose table exists.
    var isIncremental = false

    init(session: CompileSession, mode: RenderMode, nodeID: String, packageName: String, relation: Relation?) {
        self.session = session
        self.mode = mode
        self.nodeID = nodeID
        self.packageName = packageName
        self.relation = relation
        self.executor = session.executor
    }

    func record(_ nodeID: String, at context: CallContext) {
        dependencies.append(RecordedDependency(nodeID: nodeID, file: context.file, span: context.span))
    }

    static func current(_ context: CallContext) -> RenderState? { context.userData as? RenderState }
}

/// Runs SQL synchronously for templates (`run_query`, `statement`) at run time. Core provides it later from the
/// adapter; while compiling there is none.
protocol QueryExecutor: Sendable {
    func execute(_ sql: String, fetch: Bool) throws -> QueryTable
}

/// A query result as templates see it (dbt's agate table, reduced to names and rows).
struct QueryTable: Sendable {
    var columnNames: [String]
    var rows: [[Value]]
}

/// One `{% call statement(...) %}` block.
struct StatementRecord: Sendable {
    var sql: String
    var fetchResult: Bool
    var table: QueryTable?
}

/// A message a template logged with `log(msg, info=True)` or `print(msg)`.
public struct LogMessage: Sendable, Hashable {
    /// The message.
    public var text: String
    /// Whether dbt would show it on the console (`info=True`, or `print`); otherwise it only goes to the log file.
    public var info: Bool

    /// Creates a message.
    public init(text: String, info: Bool) {
        self.text = text
        self.info = info
    }
}

/// A relation as templates see it: prints as `"schema"."identifier"` and has dbt's attributes.
struct RelationObject: JinjaObject {
    let relation: Relation
    /// Ephemeral models print as the CTE that inlines them.
    let cteName: String?

    var typeName: String { "Relation" }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "schema": return .string(relation.schema)
        case "identifier", "name", "table": return .string(relation.identifier)
        case "database": return relation.database.map(Value.string) ?? Value.none
        case "is_table", "is_view", "is_cte": return .bool(name == "is_cte" && cteName != nil)
        default: return nil
        }
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "include", "quote", "incorporate":
            // dbt uses these to drop or re-quote parts; Strata renders schema.identifier either way.
            let includeSchema = arguments[keyword: "schema"].map { $0.isTruthy } ?? true
            if !includeSchema { return .object(RelationObject(relation: Relation(schema: "", identifier: relation.identifier), cteName: cteName)) }
            return .object(self)
        case "render": return .string(renderedString)
        default: return nil
        }
    }

    var attributeNames: [String] { ["schema", "identifier", "name", "database", "table"] }

    var renderedString: String {
        if let cteName { return cteName }
        return relation.schema.isEmpty ? Relation.quote(relation.identifier) : relation.quoted
    }
}

/// `target` in templates.
struct TargetObject: JinjaObject {
    let target: TargetInfo

    var typeName: String { "Target" }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "name": return .string(target.name)
        case "type": return .string(target.type)
        case "schema": return .string(target.schema)
        case "database", "dbname": return .string(target.database)
        case "threads": return .int(target.threads)
        case "profile_name": return .string(target.profileName)
        default: return target.extra[name].map(Value.init(config:))
        }
    }

    var attributeNames: [String] { ["name", "type", "schema", "database", "threads", "profile_name"] + target.extra.keys.sorted() }

    var renderedString: String { target.name }
}

/// `config` in templates: callable as `config(materialized='table')` and with `config.get`/`config.require`.
struct ConfigObject: JinjaObject {
    let resolved: NodeConfig

    var typeName: String { "config" }
    var isCallable: Bool { true }

    func call(_ arguments: Arguments, context: CallContext) throws -> Value {
        guard let state = RenderState.current(context) else { return .string("") }
        if let first = arguments[0], case .dict = first { state.config.merge(first.configDictionary) { $1 } }
        for (name, value) in arguments.keywords { state.config[name] = value.configValue }
        return .string("")
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        let state = RenderState.current(context)
        switch name {
        case "get":
            guard case .string(let key)? = arguments[0] else { throw TemplateError(.init(rawValue: "J2101"), "config.get() needs a key") }
            if let value = state?.config[key] ?? resolved[key] { return Value(config: value) }
            return arguments[1] ?? arguments[keyword: "default"] ?? Value.none
        case "require":
            guard case .string(let key)? = arguments[0] else { throw TemplateError(.init(rawValue: "J2101"), "config.require() needs a key") }
            if let value = state?.config[key] ?? resolved[key] { return Value(config: value) }
            if state?.mode == .parse { return .none }
            throw TemplateError(.init(rawValue: "J2102"), "required config '\(key)' is not set for this node")
        case "set":
            guard case .string(let key)? = arguments[0], let value = arguments[1] else { return .none }
            state?.config[key] = value.configValue
            return .string("")
        default:
            return nil
        }
    }

    var renderedString: String { "" }
}
