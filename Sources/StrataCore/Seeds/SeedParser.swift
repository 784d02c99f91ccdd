public import StrataDiagnostics

/// Reads a seed CSV and infers column types the way dbt does (agate's type tester, in dbt's order: integer,
/// number, date, timestamp, ISO timestamp, boolean, text), so the same file yields the same types.
public enum SeedParser {
    /// Parses a seed file.
    /// - Parameters:
    ///   - bytes: file contents.
    ///   - path: path shown in diagnostics.
    ///   - delimiter: field separator.
    ///   - columnTypes: `column_types` overrides by column name.
    /// - Returns: the typed table.
    /// - Throws: a `P1040` diagnostic for a missing header or a row with the wrong number of fields.
    public static func parse(
        bytes: [UInt8], path: String, delimiter: UInt8 = UInt8(ascii: ","), columnTypes: [String: String] = [:]
    ) throws(Diagnostic) -> SeedTable {
        var iterator = CSVReader(bytes: bytes, delimiter: delimiter).makeIterator()
        guard let header = iterator.next(), !(header.count == 1 && header[0].isEmpty) else {
            throw Diagnostic(code: "P1040", message: "seed file is empty: a header row is required", path: path)
        }
        let names = header.map { $0.trimmingSpaces }
        var rows: [[String?]] = []
        var candidates = [CandidateSet](repeating: CandidateSet(), count: names.count)
        while let fields = iterator.next() {
            guard fields.count == names.count else {
                let file = SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
                let offset = file.offset(line: iterator.line, column: 1)
                throw Diagnostic.error(
                    "P1040", "row has \(fields.count) fields but the header has \(names.count)", in: file,
                    at: SourceSpan(start: offset, end: offset + file.lineText(iterator.line).utf8.count),
                    help: "quote fields that contain the delimiter, or fix the row")
            }
            var row: [String?] = []
            row.reserveCapacity(fields.count)
            for (index, field) in fields.enumerated() {
                if field.isEmpty || Self.isNullWord(field) {
                    row.append(nil)
                } else {
                    candidates[index].observe(field)
                    row.append(field)
                }
            }
            rows.append(row)
        }
        var columns: [SeedColumn] = []
        for (index, name) in names.enumerated() {
            let type = candidates[index].best
            columns.append(SeedColumn(name: name, inferred: type, override: columnTypes[name]))
        }
        return SeedTable(columns: columns, rows: rows)
    }

    /// dbt's seed loader reads an empty field and the word `null` as NULL in every column.
    static func isNullWord(_ field: String) -> Bool {
        field.utf8.count == 4 && field.lowercased() == "null"
    }
}

/// The types a column's values still allow; every non-empty value removes the types it does not fit.
struct CandidateSet {
    private var allowed: Set<SeedColumnType> = [.integer, .number, .date, .timestamp, .boolean]

    mutating func observe(_ value: String) {
        guard !allowed.isEmpty else { return }
        let utf8 = Array(value.utf8)
        if allowed.contains(.integer), !SeedValueFormat.isInteger(utf8) { allowed.remove(.integer) }
        if allowed.contains(.number), !SeedValueFormat.isNumber(utf8) { allowed.remove(.number) }
        if allowed.contains(.date), !SeedValueFormat.isDate(utf8) { allowed.remove(.date) }
        if allowed.contains(.timestamp), !SeedValueFormat.isTimestamp(utf8) { allowed.remove(.timestamp) }
        if allowed.contains(.boolean), !SeedValueFormat.isBoolean(value) { allowed.remove(.boolean) }
    }

    /// dbt's order decides among the types that fit every value; a column of only NULLs is an integer column.
    var best: SeedColumnType {
        for type in [SeedColumnType.integer, .number, .date, .timestamp, .boolean] where allowed.contains(type) {
            return type
        }
        return .text
    }
}

/// Recognizers for the value formats seeds infer types from.
enum SeedValueFormat {
    static func isInteger(_ b: [UInt8]) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        guard i < b.count else { return false }
        while i < b.count {
            guard isDigit(b[i]) else { return false }
            i += 1
        }
        return true
    }

    static func isNumber(_ b: [UInt8]) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        var digits = 0
        while i < b.count, isDigit(b[i]) { i += 1; digits += 1 }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(b[i]) { i += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
            var exponentDigits = 0
            while i < b.count, isDigit(b[i]) { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return i == b.count
    }

    /// `YYYY-MM-DD`.
    static func isDate(_ b: [UInt8]) -> Bool {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(b[i]) { return false }
        let month = Int(b[5] - 48) * 10 + Int(b[6] - 48)
        let day = Int(b[8] - 48) * 10 + Int(b[9] - 48)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// `YYYY-MM-DD HH:MM:SS` or ISO 8601 with `T`, fractional seconds and a zone.
    static func isTimestamp(_ b: [UInt8]) -> Bool {
        guard b.count >= 19, isDate(Array(b[0..<10])), b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T") else { return false }
        guard b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return false }
        for i in [11, 12, 14, 15, 17, 18] where !isDigit(b[i]) { return false }
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: "Z") { i += 1 }
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            i += 1
            while i < b.count, isDigit(b[i]) || b[i] == UInt8(ascii: ":") { i += 1 }
        }
        return i == b.count
    }

    static func isBoolean(_ value: String) -> Bool {
        switch value.lowercased() {
        case "true", "false": return true
        default: return false
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
