import Foundation

/// Query values as CSV fields and JSON values: what `strata query`, exports and the data API write.
public enum RowEncoding {
    /// A CSV field, quoted as RFC 4180 asks when it holds a comma, quote, CR or LF.
    ///
    /// NULL is the empty field and the empty string is `""`, so a reader can tell them apart (PostgreSQL's
    /// `COPY ... CSV` does the same).
    public static func csvField(_ value: QueryValue) -> String {
        guard let text = value.text else { return "" }
        return csvField(text)
    }

    /// A text field as CSV, quoted when it must be.
    public static func csvField(_ text: String) -> String {
        if text.isEmpty { return "\"\"" }
        if text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    /// One CSV record, ending in a newline.
    public static func csvRecord(_ row: [QueryValue]) -> String {
        var record = ""
        for (index, value) in row.enumerated() {
            if index > 0 { record += "," }
            record += csvField(value)
        }
        return record + "\n"
    }

    /// The CSV header record for column names.
    public static func csvHeader(_ columns: [String]) -> String {
        columns.map(csvField).joined(separator: ",") + "\n"
    }

    /// A value as JSON: numbers stay numbers (exact decimals keep every digit), NULL is null, blobs are `\x` hex.
    public static func jsonValue(_ value: QueryValue) -> String {
        switch value {
        case .null: return "null"
        case .integer(let number): return String(number)
        case .double(let number): return JSON.double(number).encoded()
        case .bool(let flag): return flag ? "true" : "false"
        case .text(let text): return JSON.string(text).encoded()
        // JSON numbers have no precision limit: only NaN and the infinities need to be text.
        case .decimal(let text): return Double(text)?.isFinite == true ? text : JSON.string(text).encoded()
        case .blob: return JSON.string(value.text ?? "").encoded()
        }
    }

    /// Column names encoded once as JSON keys, for `jsonObject(_:keys:)`.
    public static func jsonKeys(_ columns: [String]) -> [String] {
        columns.map { JSON.string($0).encoded() }
    }

    /// A row as a JSON object whose keys keep the query's column order.
    /// - Parameters:
    ///   - keys: the column names from `jsonKeys(_:)`.
    ///   - separator: what goes between the fields (`","` for compact lines, `", "` for people).
    public static func jsonObject(_ row: [QueryValue], keys: [String], separator: String = ",") -> String {
        // Appended in place: this runs once per row of every export and API page.
        let keySeparator = separator == "," ? ":" : ": "
        var object = "{"
        for (index, value) in row.enumerated() where index < keys.count {
            if index > 0 { object += separator }
            object += keys[index]
            object += keySeparator
            object += jsonValue(value)
        }
        return object + "}"
    }
}

/// Rows of one result as a CSV or JSON-lines stream: the header (CSV), then batches as they arrive. File exports
/// and the data API's streamed exports write the same bytes.
public struct RowStreamEncoder: Sendable {
    public let format: ExportFormat
    private let keys: [String]
    /// What the stream starts with: the CSV header, nothing for JSON lines.
    public let header: String

    public init(format: ExportFormat, columns: [String]) {
        self.format = format
        keys = format == .jsonl ? RowEncoding.jsonKeys(columns) : []
        header = format == .csv ? RowEncoding.csvHeader(columns) : ""
    }

    /// A batch of rows, one record or line each.
    public func encode(_ rows: [[QueryValue]]) -> String {
        var text = ""
        text.reserveCapacity(rows.count * 64)
        for row in rows {
            switch format {
            case .csv: text += RowEncoding.csvRecord(row)
            case .jsonl: text += RowEncoding.jsonObject(row, keys: keys) + "\n"
            }
        }
        return text
    }
}
