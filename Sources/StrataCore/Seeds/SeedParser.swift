public import StrataDiagnostics

/// Reads a seed CSV and infers column types the way dbt does (agate's type tester, in dbt's order: integer,
/// number, date, timestamp, ISO timestamp, boolean, text), so the same file yields the same types. As in dbt,
/// every number (`$1,234.50` included, see `SeedNumber`) is a number first; the column is an integer column when
/// no value has decimal places once trailing zeros are dropped (`1.0` is whole).
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
            var column = SeedColumn(name: name, inferred: candidates[index].best, override: columnTypes[name])
            // dbt reads a column with a configured type as text, so its values reach the database as written.
            column.rewritesNumbers = column.override == nil && candidates[index].rewritesNumbers
            columns.append(column)
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
    private static let order: [SeedColumnType] = [.number, .date, .timestamp, .boolean]
    private static let numberBit: UInt8 = 0b0001
    /// Bit `i` set: `order[i]` still fits every value seen.
    private var allowed: UInt8 = 0b1111
    /// Decides between an integer and a float column, as dbt does, once every value has been read as a number.
    private var precision = SeedNumber.Precision()
    /// Every number so far is spelled as the loader would write it for an integer (or a float) column.
    private var integersCanonical = true
    private var decimalsCanonical = true

    /// Whether no value can change the outcome any more (only text is left).
    var isSettled: Bool { allowed == 0 }

    /// Observes a raw field; dbt's seed loader reads an empty field and the word `null` (any case, spaces around
    /// it ignored) as NULL in every column, and NULL fits every type.
    mutating func observe(field: UnsafeRawBufferPointer) {
        guard allowed != 0, let value = SeedValueFormat.nullOrValue(field) else { return }
        let b = UnsafeBufferPointer(start: value.baseAddress?.assumingMemoryBound(to: UInt8.self), count: value.count)
        if allowed & Self.numberBit != 0 { observeNumber(b) }
        if allowed & 0b0010 != 0, !SeedValueFormat.isDate(b) { allowed &= ~0b0010 }
        if allowed & 0b0100 != 0, !SeedValueFormat.isTimestamp(b) { allowed &= ~0b0100 }
        if allowed & 0b1000 != 0, !SeedValueFormat.isBoolean(b) { allowed &= ~0b1000 }
    }

    private mutating func observeNumber(_ b: UnsafeBufferPointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: b.count) { digits in
            guard let number = SeedNumber.parse(b, digits: digits) else {
                allowed &= ~Self.numberBit
                return
            }
            precision.observe(number)
            if integersCanonical, !number.isCanonical(asInteger: true) { integersCanonical = false }
            if decimalsCanonical, !number.isCanonical(asInteger: false) { decimalsCanonical = false }
        }
    }

    /// dbt's order decides among the types that fit every value; numbers are integers unless some value has
    /// decimal places, and a column of only NULLs is an integer column.
    var best: SeedColumnType {
        for (bit, type) in Self.order.enumerated() where allowed & (1 << bit) != 0 {
            guard type == .number else { return type }
            return precision.hasDecimals ? .number : .integer
        }
        return .text
    }

    /// Whether the loader must write this column's numbers in canonical form (`$1,000` as `1000`).
    var rewritesNumbers: Bool {
        switch best {
        case .integer: return !integersCanonical
        case .number: return !decimalsCanonical
        default: return false
        }
    }
}

/// Recognizers for the value formats seeds infer types from.
enum SeedValueFormat {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// nil for an empty field or the word `null` (any case), once Python whitespace around it is ignored, as
    /// agate compares with its null words; else the field itself, whitespace included.
    @inline(__always)
    static func nullOrValue(_ field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        if field.isEmpty { return nil }
        if field.count == 4, isNullWord(field) { return nil }
        guard mayBeWhitespace(field[0]) || mayBeWhitespace(field[field.count - 1]) else { return field }
        let trimmed = trimmingWhitespace(field)
        return trimmed.isEmpty || (trimmed.count == 4 && isNullWord(trimmed)) ? nil : field
    }

    private static func isNullWord(_ b: UnsafeRawBufferPointer) -> Bool {
        b[0] | 0x20 == UInt8(ascii: "n") && b[1] | 0x20 == UInt8(ascii: "u") && b[2] | 0x20 == UInt8(ascii: "l")
            && b[3] | 0x20 == UInt8(ascii: "l")
    }

    /// ASCII whitespace or a byte of a multi-byte character (which might be Unicode whitespace).
    private static func mayBeWhitespace(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte)
    }

    private static func trimmingWhitespace(_ field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let scalars = String(decoding: field, as: UTF8.self).unicodeScalars
        let leading = scalars.prefix(while: SeedNumber.isPythonWhitespace).reduce(0) { $0 + UTF8.width($1) }
        guard leading < field.count else { return UnsafeRawBufferPointer(rebasing: field[0..<0]) }
        let trailing = scalars.reversed().prefix(while: SeedNumber.isPythonWhitespace).reduce(0) { $0 + UTF8.width($1) }
        return UnsafeRawBufferPointer(rebasing: field[leading..<(field.count - trailing)])
    }

    /// `YYYY-MM-DD`.
    static func isDate(_ b: Bytes) -> Bool {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(b[i]) { return false }
        let month = Int(b[5] - 48) * 10 + Int(b[6] - 48)
        let day = Int(b[8] - 48) * 10 + Int(b[9] - 48)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// `YYYY-MM-DD HH:MM:SS` exactly (agate's `DateTime` format), or ISO 8601 with `T`, fractional seconds and a
    /// zone (dbt's `ISODateTime`); with a space, a fraction or zone makes the value text, as in dbt.
    static func isTimestamp(_ b: Bytes) -> Bool {
        guard b.count >= 19, isDate(Bytes(rebasing: b[0..<10])) else { return false }
        guard (b[10] == UInt8(ascii: " ") && b.count == 19) || b[10] == UInt8(ascii: "T") else { return false }
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
