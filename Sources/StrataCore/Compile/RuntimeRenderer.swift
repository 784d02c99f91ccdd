public import StrataDiagnostics
import StrataJinja
import Synchronization

/// Renders, at run time, the models whose templates read the warehouse (`run_query`, `statement`,
/// `adapter.get_relation`, or `execute` checks — directly or through a macro they call). Compilation never
/// needs a database, so such models compile with `execute` false, as in dbt's parse; the runner renders them
/// again with `execute` true just before building them. Models that ask `is_incremental()` are rendered again
/// the same way when their table exists, since compilation renders them as for a first build.
public final class RuntimeRenderer: Sendable {
    private let environment: Environment
    private let session: CompileSession
    private let templated: [ModelUnit]
    private let warehouseNeedles: [String]
    private let incrementalNeedles: [String]
    // Which models need it is found on first use: commands that only compile (parse, compile, docs) never ask.
    private let selection = Mutex<Selection?>(nil)

    private struct Selection {
        var units: [String: ModelUnit] = [:]
        var incrementalUnits: [String: ModelUnit] = [:]
    }

    init(environment: Environment, session: CompileSession, units: [ModelUnit], macros: [MacroInfo]) {
        self.environment = environment
        self.session = session
        templated = units.filter { $0.template != nil }
        warehouseNeedles = Self.warehouseWords + Self.warehouseMacroNames(macros).map { $0 + "(" }
        incrementalNeedles = ["is_incremental"] + Self.macroNames(macros, mentioning: ["is_incremental"]).map { $0 + "(" }
    }

    private var selected: Selection {
        selection.withLock { selection in
            if let selection { return selection }
            let made = select()
            selection = made
            return made
        }
    }

    private func select() -> Selection {
        // Every model's text is searched for a dozen words: on all cores, with the needles made once.
        let found = ParallelMap.map(templated) { [warehouseNeedles, incrementalNeedles] unit -> (reads: Bool, incremental: Bool) in
            let text = unit.model.file.text
            return (
                warehouseNeedles.contains { text.containsBytes($0) },
                unit.config.materialized == "incremental" && incrementalNeedles.contains { text.containsBytes($0) })
        }
        var selection = Selection()
        for (unit, flags) in zip(templated, found) {
            if flags.reads { selection.units[unit.id] = unit }
            if flags.incremental { selection.incrementalUnits[unit.id] = unit }
        }
        return selection
    }

    /// Whether a model must be rendered again at run time.
    /// - Parameter incremental: whether it is about to be built incrementally (`is_incremental()` true).
    public func needsRender(_ nodeID: String, incremental: Bool = false) -> Bool {
        let selected = self.selected
        return selected.units[nodeID] != nil || (incremental && selected.incrementalUnits[nodeID] != nil)
    }

    /// Renders a model with `execute` true, running its queries through `query`.
    /// - Parameters:
    ///   - nodeID: the model.
    ///   - query: runs SQL on the warehouse and returns its rows; called on the rendering thread and may block.
    /// - Returns: the SQL and its source map, before ephemeral models are inlined.
    /// - Throws: the render's diagnostic.
    ///   - incremental: what `is_incremental()` answers.
    public func render(
        _ nodeID: String, incremental: Bool = false, query: @escaping @Sendable (String) throws -> QueryResult
    ) throws(Diagnostic) -> (sql: String, sourceMap: SourceMap) {
        let selected = self.selected
        guard let unit = selected.units[nodeID] ?? selected.incrementalUnits[nodeID] else {
            throw Diagnostic(code: "J2008", message: "model \(nodeID) has no run-time template")
        }
        let rendered = Compiler.render(
            unit, environment: environment, session: session.with(executor: BlockingQueryExecutor(query: query)), execute: true,
            incremental: incremental)
        if let error = rendered.diagnostics.first(where: { $0.severity == .error }) { throw error }
        return (SQLAnalysis.trimmedStatement(rendered.compiledSQL ?? ""), rendered.sourceMap ?? SourceMap())
    }

    private static let warehouseWords = ["run_query", "statement(", "load_result", "get_relation", "get_columns_in_relation", "execute"]

    /// Macros that read the warehouse, directly or by calling one that does.
    static func warehouseMacroNames(_ macros: [MacroInfo]) -> Set<String> { macroNames(macros, mentioning: warehouseWords) }

    /// Macros whose body contains one of `words`, directly or by calling a macro that does.
    static func macroNames(_ macros: [MacroInfo], mentioning words: [String]) -> Set<String> {
        var bodies: [String: String] = [:]
        for macro in macros { bodies[macro.name] = macro.sql }
        var found = Set(bodies.filter { _, body in words.contains { body.containsBytes($0) } }.keys)
        var changed = true
        while changed {
            changed = false
            for (name, body) in bodies where !found.contains(name) && found.contains(where: { body.containsBytes($0 + "(") }) {
                found.insert(name)
                changed = true
            }
        }
        return found
    }
}

/// Answers `run_query` by calling back into the runner, which runs the query on the warehouse.
struct BlockingQueryExecutor: QueryExecutor {
    let query: @Sendable (String) throws -> QueryResult

    func execute(_ sql: String, fetch: Bool) throws -> QueryTable {
        let result = try query(sql)
        return QueryTable(columnNames: result.columns.map(\.name), rows: result.rows.map { $0.map(Self.value) })
    }

    static func value(_ value: QueryValue) -> Value {
        switch value {
        case .null: return .none
        case .integer(let i): return .int(Int(i))
        case .double(let d): return .double(d)
        case .text(let s): return .string(s)
        case .decimal(let s): return Double(s).map(Value.double) ?? .string(s)
        case .bool(let b): return .bool(b)
        case .blob: return .string(value.text ?? "")
        }
    }
}
