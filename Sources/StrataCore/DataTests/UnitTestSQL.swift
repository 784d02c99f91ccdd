import Foundation

/// The literal SQL of mock rows: `select <literal> as "col", ... union all select ...`.
///
/// SQLite is dynamically typed, so its literals are never cast (a cast to `date` there would turn `'2024-01-05'`
/// into `2024`). PostgreSQL types each column of a union from its values, so every value of a column whose type
/// is documented (`data_type`) is cast to it; an undocumented column that is NULL in every row stays untyped
/// (text).
enum UnitTestSQL {
    /// The query returning `rows` over `columns` (columns a row does not give are NULL; no rows give an empty
    /// result with the same columns).
    /// - Parameters:
    ///   - types: documented column types, by lowercased column name.
    ///   - engine: the target type (`sqlite`, `postgres`).
    static func rowsQuery(columns: [String], types: [String: String], rows: UnitTestRows, engine: String) -> String {
        let names = columns.isEmpty ? ["__strata_no_columns"] : columns
        func select(_ row: [String: UnitTestValue]) -> String {
            let values = names.map { column -> String in
                let value = row[column] ?? row.first { $0.key.lowercased() == column.lowercased() }?.value ?? .null
                return
                    "\(literal(value, type: types[column.lowercased()], engine: engine)) as \(Relation.quote(column))"
            }
            return "select " + values.joined(separator: ", ")
        }
        guard !rows.rows.isEmpty else { return select([:]) + " where 1 = 0" }
        return rows.rows.map(select).joined(separator: "\nunion all\n")
    }

    /// One value as a SQL literal, cast to `type` on engines that need it.
    static func literal(_ value: UnitTestValue, type: String?, engine: String) -> String {
        let text: String
        switch value {
        case .null: text = "NULL"
        case .bool(let b): text = b ? "true" : "false"
        case .int(let i): text = String(i)
        case .double(let d): text = d.isFinite ? String(d) : quoted(String(d))
        case .string(let s): text = quoted(s)
        }
        guard engine != "sqlite", let type, !type.isEmpty else { return text }
        return "cast(\(text) as \(type))"
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// `format` and `rows` of a `given` or `expect` entry as dbt's manifest lists them.
    static func manifestRows(_ rows: UnitTestRows) -> [(key: String, value: JSON)] {
        switch rows.format {
        case .sql:
            return [("format", "sql"), ("rows", .string(rows.sql ?? ""))]
        case .dict, .csv:
            let list = rows.rows.map { row in
                JSON.object(rows.columns.compactMap { column in row[column].map { (column, $0.json) } })
            }
            return [("format", .string(rows.format.rawValue)), ("rows", .array(list))]
        }
    }
}

extension UnitTestValue {
    var json: JSON {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        }
    }
}
