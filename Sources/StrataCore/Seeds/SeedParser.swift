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
        var headerReader = CSVReader(bytes: bytes, delimiter: delimiter).makeIterator()
        guard let header = headerReader.next(), !(header.count == 1 && header[0].isEmpty) else {
            throw Diagnostic(code: "P1040", message: "seed file is empty: a header row is required", path: path)
        }
        let names = header.map { $0.trimmingSpaces }
        var scanner = headerReader.scanner
        let bodyStart = scanner.position
        var candidates = [CandidateSet](repeating: CandidateSet(), count: names.count)
        var fields: [CSVScanner.Field] = []
        var decoded: [UInt8] = []
        var rowCount = 0
        while scanner.nextRow(into: &fields) {
            guard fields.count == names.count else {
                throw raggedRow(fields.count, expected: names.count, line: scanner.line, bytes: bytes, path: path)
            }
            rowCount += 1
            bytes.withUnsafeBufferPointer { b in
                for (index, field) in fields.enumerated() where !candidates[index].isSettled {
                    if field.needsDecoding {
                        decoded.removeAll(keepingCapacity: true)
                        CSVScanner.decode(field, in: b, into: &decoded)
                        decoded.withUnsafeBytes { candidates[index].observe(field: $0) }
                    } else {
                        let raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(b)[field.start..<field.end])
                        candidates[index].observe(field: raw)
                    }
                }
            }
        }
        var columns: [SeedColumn] = []
        for (index, name) in names.enumerated() {
            let type = candidates[index].best
            columns.append(SeedColumn(name: name, inferred: type, override: columnTypes[name]))
        }
        return SeedTable(columns: columns, rowCount: rowCount, csv: bytes, delimiter: delimiter, bodyStart: bodyStart)
    }

    private static func raggedRow(_ count: Int, expected: Int, line: Int, bytes: [UInt8], path: String) -> Diagnostic {
        let file = SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
        let offset = file.offset(line: line, column: 1)
        return Diagnostic.error(
            "P1040", "row has \(count) fields but the header has \(expected)", in: file,
            at: SourceSpan(start: offset, end: offset + file.lineText(line).utf8.count),
            help: "quote fields that contain the delimiter, or fix the row")
    }

}

/// The types a column's values still allow; every non-empty value removes the types it does not fit.
struct CandidateSet {
    private static let order: [SeedColumnType] = [.integer, .number, .date, .timestamp, .boolean]
    /// Bit `i` set: `order[i]` still fits every value seen.
    private var allowed: UInt8 = 0b11111

    /// Whether no value can change the outcome any more (only text is left).
    var isSettled: Bool { allowed == 0 }

    /// Observes a raw field; dbt's seed loader reads an empty field and the word `null` (any case) as NULL in
    /// every column, and NULL fits every type.
    mutating func observe(field: UnsafeRawBufferPointer) {
        guard allowed != 0, let value = SeedValueFormat.nullOrValue(field) else { return }
        let b = UnsafeBufferPointer(start: value.baseAddress?.assumingMemoryBound(to: UInt8.self), count: value.count)
        if allowed & 0b00001 != 0, !SeedValueFormat.isInteger(b) { allowed &= ~0b00001 }
        if allowed & 0b00010 != 0, !SeedValueFormat.isNumber(b) { allowed &= ~0b00010 }
        if allowed & 0b00100 != 0, !SeedValueFormat.isDate(b) { allowed &= ~0b00100 }
        if allowed & 0b01000 != 0, !SeedValueFormat.isTimestamp(b) { allowed &= ~0b01000 }
        if allowed & 0b10000 != 0, !SeedValueFormat.isBoolean(b) { allowed &= ~0b10000 }
    }

    /// dbt's order decides among the types that fit every value; a column of only NULLs is an integer column.
    var best: SeedColumnType {
        for (bit, type) in Self.order.enumerated() where allowed & (1 << bit) != 0 { return type }
        return .text
    }
}

/// Recognizers for the value formats seeds infer types from.
enum SeedValueFormat {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// nil for an empty field or the word `null` (any case), else the field itself.
    @inline(__always)
    static func nullOrValue(_ field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        if field.isEmpty { return nil }
        if field.count == 4, field[0] | 0x20 == UInt8(ascii: "n"), field[1] | 0x20 == UInt8(ascii: "u"),
            field[2] | 0x20 == UInt8(ascii: "l"), field[3] | 0x20 == UInt8(ascii: "l")
        {
            return nil
        }
        return field
    }

    static func isInteger(_ b: Bytes) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        guard i < b.count else { return false }
        while i < b.count {
            guard isDigit(b[i]) else { return false }
            i += 1
        }
        return true
    }

    static func isNumber(_ b: Bytes) -> Bool {
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
    static func isDate(_ b: Bytes) -> Bool {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(b[i]) { return false }
        let month = Int(b[5] - 48) * 10 + Int(b[6] - 48)
        let day = Int(b[8] - 48) * 10 + Int(b[9] - 48)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// `YYYY-MM-DD HH:MM:SS` or ISO 8601 with `T`, fractional seconds and a zone.
    static func isTimestamp(_ b: Bytes) -> Bool {
        guard b.count >= 19, isDate(Bytes(rebasing: b[0..<10])) else { return false }
        guard b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T") else { return false }
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

    /// `true` or `false` in any case (ASCII case folding: no other letters lowercase to these).
    static func isBoolean(_ b: Bytes) -> Bool {
        func matches(_ word: StaticString) -> Bool {
            guard b.count == word.utf8CodeUnitCount else { return false }
            for i in 0..<b.count where b[i] | 0x20 != word.utf8Start[i] { return false }
            return true
        }
        return matches("true") || matches("false")
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
