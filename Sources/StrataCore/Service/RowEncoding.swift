import Foundation

/// Query rows as CSV lines and JSON objects, shared by `strata query`, exports and the data API so a value is
/// written the same way everywhere: numbers stay numbers in JSON, exact decimals stay exact, NULL is an empty CSV
/// field and a JSON `null`.
public enum RowEncoding {
    /// One CSV line (RFC 4180 quoting), ending in a newline.
    public static func csvLine(_ fields: [String?]) -> String {
        var line = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { line += "," }
            guard let field else { continue }
            if field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                line += "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            } else {
                line += field
            }
        }
        return line + "\n"
    }

    /// A CSV line of a row's values.
    public static func csvLine(_ row: [QueryValue]) -> String { csvLine(row.map(\.text)) }

    /// A value as JSON.
    public static func json(_ value: QueryValue) -> String {
        switch value {
        case .null: return "null"
        case .integer(let i): return String(i)
        case .double(let d): return JSON.double(d).encoded()
        case .bool(let b): return b ? "true" : "false"
        case .text(let s): return JSON.string(s).encoded()
        // JSON numbers have no precision limit: only NaN and infinities need to be text.
        case .decimal(let s): return Double(s)?.isFinite == true ? s : JSON.string(s).encoded()
        case .blob: return JSON.string(value.text ?? "").encoded()
        }
    }

    /// Encoded JSON keys for column names, computed once per result.
    public static func jsonKeys(_ names: [String]) -> [String] { names.map { JSON.string($0).encoded() } }

    /// A row as a JSON object whose keys keep the column order (`keys` from `jsonKeys`); `spaced` puts a space
    /// after each comma and colon, for people to read.
    public static func jsonObject(keys: [String], values: [QueryValue], spaced: Bool = false) -> String {
        var object = "{"
        for (index, value) in values.enumerated() where index < keys.count {
            if index > 0 { object += spaced ? ", " : "," }
            object += keys[index] + (spaced ? ": " : ":") + json(value)
        }
        return object + "}"
    }
}
