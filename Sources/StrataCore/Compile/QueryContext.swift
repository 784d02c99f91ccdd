import StrataJinja

/// `run_query`, `statement` and `load_result`: at compile time (no executor, `execute` false) queries are recorded
/// and not run, and results are `none`, exactly like dbt's parse.
enum QueryContext {
    static func install(into environment: inout Environment) {
        environment.addFunction("run_query", runQuery)
        environment.addFunction("statement", statement)
        environment.addFunction("load_result", loadResult)
    }

    static func runQuery(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("run_query", ["sql"], required: 1)
        let sql = bound[0]?.renderedString ?? ""
        guard let state = RenderState.current(context) else { return .none }
        state.statements["main"] = StatementRecord(sql: sql, fetchResult: true, table: nil)
        guard let executor = state.executor else { return .none }
        let table = try executor.execute(sql, fetch: true)
        state.statements["main"]?.table = table
        return .object(TableObject(table: table))
    }

    /// dbt's `statement` macro, called with `{% call statement('name', fetch_result=True) %}sql{% endcall %}`.
    static func statement(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("statement", ["name", "fetch_result", "auto_begin", "language", "caller"])
        let name = bound[0]?.stringValue ?? "main"
        let fetch = bound[1]?.isTruthy ?? false
        let sql = try bound[4].map { try context.call($0).renderedString } ?? ""
        guard let state = RenderState.current(context) else { return .string("") }
        var record = StatementRecord(sql: sql, fetchResult: fetch, table: nil)
        if let executor = state.executor { record.table = try executor.execute(sql, fetch: fetch) }
        state.statements[name] = record
        return .string("")
    }

    static func loadResult(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("load_result", ["name"], required: 1)
        guard let name = bound[0]?.stringValue, let state = RenderState.current(context),
            let record = state.statements[name], let table = record.table
        else { return .none }
        return .dict([
            ("response", .string("OK")),
            ("data", .list(table.rows.map { .tuple($0) })),
            ("table", .object(TableObject(table: table))),
        ])
    }
}

/// A query result in templates, shaped like dbt's agate table: `rows`, `columns[i].values()`, `column_names`.
struct TableObject: JinjaObject {
    let table: QueryTable

    var typeName: String { "Table" }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "rows": return .list(table.rows.map { .tuple($0) })
        case "column_names": return .tuple(table.columnNames.map(Value.string))
        case "columns":
            return .list(table.columnNames.indices.map { index in
                .object(ColumnObject(name: table.columnNames[index], values: table.rows.map { index < $0.count ? $0[index] : .none }))
            })
        default: return nil
        }
    }

    var attributeNames: [String] { ["rows", "columns", "column_names"] }

    func iterate() -> [Value]? { table.rows.map { .tuple($0) } }

    func item(_ key: Value) -> Value? {
        guard let index = key.intValue, table.rows.indices.contains(index) else { return nil }
        return .tuple(table.rows[index])
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        name == "print_table" ? .string("") : nil
    }
}

struct ColumnObject: JinjaObject {
    let name: String
    let values: [Value]

    var typeName: String { "Column" }

    func attribute(_ attribute: String) -> Value? { attribute == "name" ? .string(name) : nil }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "values", "values_distinct": return .tuple(values)
        default: return nil
        }
    }

    func iterate() -> [Value]? { values }
}
