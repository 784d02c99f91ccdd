public import Foundation
import StrataDiagnostics

/// A read of one model's rows built from an HTTP query string, checked against the model's columns.
///
/// Every name in the SQL is a column or relation the catalog knows, quoted; every value from the request is a bound
/// parameter. Query parameters:
/// - `select=a,b` — the columns to return (default all, in table order);
/// - `order=a.desc,b` — sort columns, `.asc` (default) or `.desc`;
/// - `limit` (1...`maximumLimit`, default `defaultLimit`) and `offset` (≥ 0), or `cursor` — the `next_cursor` of
///   the previous page, which continues after its last row by the sort columns (keyset paging);
/// - `<column>=<op>.<value>` filters, all of which must hold: `eq`, `neq`, `gt`, `gte`, `lt`, `lte`, `like`,
///   `ilike`, `in.(a,b,"c,d")`, `is.null`, `is.notnull`.
public struct DataQuery: Sendable {
    /// How the engine spells placeholders and compares values.
    public enum Engine: Sendable {
        case postgres, sqlite
    }

    /// A request the query string does not allow; `parameter` names the culprit.
    public struct Problem: Error, Sendable, Equatable {
        public let parameter: String
        public let message: String
    }

    public static let defaultLimit = 100
    public static let maximumLimit = 10_000
    static let reserved: Set<String> = ["select", "order", "limit", "offset", "cursor", "token"]

    /// The statement, with `$n` (PostgreSQL) or `?n` (SQLite) placeholders.
    public let sql: String
    public let binds: [QueryValue]
    /// The returned columns, in order.
    public let columns: [ColumnDescription]
    public let limit: Int
    public let offset: Int
    /// Indexes into `columns` of the sort columns, when the order allows keyset paging (one direction, every sort
    /// column returned).
    public let cursorColumns: [Int]?

    /// Builds the read of `relation` (already quoted) whose columns are `available`.
    /// - Throws: `Problem` for an unknown column or operator, a malformed value or an out-of-range limit.
    public init(
        relation quotedRelation: String, available: [ColumnDescription], parameters: [(name: String, value: String)],
        engine: Engine
    ) throws(Problem) {
        var byName: [String: ColumnDescription] = [:]
        for column in available { byName[column.name] = column }
        func column(_ name: String, parameter: String) throws(Problem) -> ColumnDescription {
            if let found = byName[name] { return found }
            let suggestion = EditDistance.suggestion(for: name, among: available.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
            throw Problem(parameter: parameter, message: "unknown column '\(name)'\(suggestion)")
        }
        func single(_ name: String) throws(Problem) -> String? {
            let values = parameters.filter { $0.name == name }
            if values.count > 1 { throw Problem(parameter: name, message: "'\(name)' is given more than once") }
            return values.first?.value
        }

        var selected = available
        if let select = try single("select") {
            selected = []
            for name in select.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard !name.isEmpty else { throw Problem(parameter: "select", message: "'select' has an empty column name") }
                let found = try column(name, parameter: "select")
                if !selected.contains(found) { selected.append(found) }
            }
        }

        var binds: [QueryValue] = []
        /// Binds a value and returns its placeholder.
        func bound(_ value: QueryValue) -> String {
            binds.append(value)
            return engine == .postgres ? "$\(binds.count)" : "?\(binds.count)"
        }
        func placeholder(_ value: String, for column: ColumnDescription, parameter: String) throws(Problem) -> String {
            let marker = bound(try Self.bind(value, for: column, engine: engine, parameter: parameter))
            // PostgreSQL: the value is cast to the column's type so comparisons are numeric for numbers and so on;
            // the type name comes from the catalog, and only plain type names are written into the SQL.
            guard engine == .postgres, let cast = Self.castableType(column.dataType) else { return marker }
            return marker + "::" + cast
        }
        func quoted(_ column: ColumnDescription, engine: Engine) -> String {
            // A value that could not be cast is compared as text (PostgreSQL arrays, ranges, user types).
            if engine == .postgres, Self.castableType(column.dataType) == nil { return Relation.quote(column.name) + "::text" }
            return Relation.quote(column.name)
        }

        var conditions: [String] = []
        for (name, value) in parameters where !Self.reserved.contains(name) {
            let target = try column(name, parameter: name)
            let left = quoted(target, engine: engine)
            guard let dot = value.firstIndex(of: ".") else {
                throw Problem(parameter: name, message: "a filter is written <operator>.<value>, e.g. \(name)=eq.42")
            }
            let op = String(value[..<dot])
            let operand = String(value[value.index(after: dot)...])
            switch op {
            case "eq", "neq", "gt", "gte", "lt", "lte":
                let symbol = ["eq": "=", "neq": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="][op]!
                conditions.append("\(left) \(symbol) \(try placeholder(operand, for: target, parameter: name))")
            case "like", "ilike":
                // Patterns compare text: `*` may stand for `%`, which URLs make awkward.
                let marker = bound(.text(operand.replacingOccurrences(of: "*", with: "%")))
                let text = engine == .postgres ? Relation.quote(target.name) + "::text" : left
                switch (op, engine) {
                case ("ilike", .postgres): conditions.append("\(text) ILIKE \(marker)")
                // SQLite's LIKE already ignores ASCII case; lower() extends that to the rest.
                case ("ilike", .sqlite): conditions.append("lower(\(text)) LIKE lower(\(marker))")
                default: conditions.append("\(text) LIKE \(marker)")
                }
            case "in":
                let items = try Self.list(operand, parameter: name)
                guard !items.isEmpty else { throw Problem(parameter: name, message: "'in' needs at least one value: \(name)=in.(a,b)") }
                guard items.count <= 1000 else { throw Problem(parameter: name, message: "'in' takes at most 1000 values") }
                var markers: [String] = []
                for item in items { markers.append(try placeholder(item, for: target, parameter: name)) }
                conditions.append("\(left) IN (\(markers.joined(separator: ", ")))")
            case "is":
                switch operand.lowercased() {
                case "null": conditions.append("\(left) IS NULL")
                case "notnull", "not.null": conditions.append("\(left) IS NOT NULL")
                default: throw Problem(parameter: name, message: "'is' takes null or notnull")
                }
            default:
                throw Problem(
                    parameter: name,
                    message: "unknown filter operator '\(op)'; use eq, neq, gt, gte, lt, lte, like, ilike, in or is")
            }
        }

        var order: [(column: ColumnDescription, descending: Bool)] = []
        if let orderText = try single("order") {
            for item in orderText.split(separator: ",", omittingEmptySubsequences: false) {
                var name = item.trimmingCharacters(in: .whitespaces)
                var descending = false
                if name.hasSuffix(".desc") {
                    descending = true
                    name.removeLast(5)
                } else if name.hasSuffix(".asc") {
                    name.removeLast(4)
                }
                order.append((try column(name, parameter: "order"), descending))
            }
        }

        func integer(_ name: String, range: ClosedRange<Int>) throws(Problem) -> Int? {
            guard let text = try single(name) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw Problem(parameter: name, message: "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        let limit = try integer("limit", range: 1...Self.maximumLimit) ?? Self.defaultLimit
        let offset = try integer("offset", range: 0...Int(Int32.max)) ?? 0

        let keyset = !order.isEmpty && Set(order.map(\.descending)).count == 1
            && order.allSatisfy { entry in selected.contains(entry.column) }
        if let cursor = try single("cursor") {
            guard keyset else {
                throw Problem(parameter: "cursor", message: "a cursor needs the same 'order' as the page it came from (columns sorted one way, all of them selected)")
            }
            guard offset == 0 else { throw Problem(parameter: "cursor", message: "give 'cursor' or 'offset', not both") }
            guard let values = Self.decodeCursor(cursor), values.count == order.count else {
                throw Problem(parameter: "cursor", message: "the cursor is not one this server issued for this order")
            }
            var markers: [String] = []
            for (value, entry) in zip(values, order) { markers.append(try placeholder(value, for: entry.column, parameter: "cursor")) }
            let lefts = order.map { quoted($0.column, engine: engine) }
            conditions.append("(\(lefts.joined(separator: ", "))) \(order[0].descending ? "<" : ">") (\(markers.joined(separator: ", ")))")
        }

        let projection = selected.map { quoted($0, engine: .sqlite) }.joined(separator: ", ")
        var sql = "SELECT \(projection) FROM \(quotedRelation)"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        if !order.isEmpty {
            sql += " ORDER BY " + order.map { quoted($0.column, engine: engine) + ($0.descending ? " DESC" : " ASC") }.joined(separator: ", ")
        }
        sql += " LIMIT \(limit)"
        if offset > 0 { sql += " OFFSET \(offset)" }

        self.sql = sql
        self.binds = binds
        self.columns = selected
        self.limit = limit
        self.offset = offset
        self.cursorColumns = keyset ? order.map { entry in selected.firstIndex(of: entry.column)! } : nil
    }

    /// The cursor continuing after `row`, when keyset paging applies and no sort value is NULL.
    public func nextCursor(after row: [QueryValue]) -> String? {
        guard let cursorColumns else { return nil }
        var values: [String] = []
        for index in cursorColumns {
            guard let text = row[index].text else { return nil }
            values.append(text)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: values) else { return nil }
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeCursor(_ text: String) -> [String]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
              let values = try? JSONSerialization.jsonObject(with: data) as? [String] else { return nil }
        return values
    }

    /// A PostgreSQL type name safe to write after `::` (letters, digits, spaces, parentheses, commas), or nil.
    static func castableType(_ name: String) -> String? {
        let lowered = name.lowercased()
        guard !lowered.isEmpty, !lowered.hasSuffix("[]"), lowered != "user-defined", lowered != "array",
              lowered.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "(" || $0 == ")" || $0 == "," || $0 == "_" })
        else { return nil }
        return lowered
    }

    /// A request value as a bound value of the column's kind. PostgreSQL casts the text itself (a bad number fails
    /// there, reported as a bad request); SQLite compares by type, so numbers are bound as numbers.
    static func bind(_ text: String, for column: ColumnDescription, engine: Engine, parameter: String) throws(Problem) -> QueryValue {
        guard engine == .sqlite else { return .text(text) }
        let type = column.dataType.uppercased()
        let integerColumn = type.contains("INT")
        let realColumn = ["REAL", "FLOA", "DOUB", "NUM", "DEC"].contains { type.contains($0) }
        if integerColumn || realColumn || type.isEmpty {
            if let integer = Int64(text) { return .integer(integer) }
            if let double = Double(text), double.isFinite { return .double(double) }
            if integerColumn || realColumn {
                throw Problem(parameter: parameter, message: "'\(text)' is not a number, and column '\(column.name)' holds numbers")
            }
        }
        return .text(text)
    }

    /// `(a,b,"c,d")` or `a,b`: values separated by commas, double quotes around values holding commas.
    static func list(_ text: String, parameter: String) throws(Problem) -> [String] {
        var body = Substring(text)
        if body.hasPrefix("("), body.hasSuffix(")") { body = body.dropFirst().dropLast() }
        var items: [String] = []
        var current = ""
        var quoted = false
        var index = body.startIndex
        while index < body.endIndex {
            let character = body[index]
            if quoted {
                if character == "\"" {
                    let next = body.index(after: index)
                    if next < body.endIndex, body[next] == "\"" { current.append("\""); index = next } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index = body.index(after: index)
        }
        if quoted { throw Problem(parameter: parameter, message: "a quoted value in 'in' is not closed") }
        if !body.isEmpty { items.append(current) }
        return items
    }
}
