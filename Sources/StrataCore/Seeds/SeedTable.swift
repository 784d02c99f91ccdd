/// The logical type Strata infers for a seed column; adapters map it to their own type names.
public enum SeedColumnType: String, Sendable, Hashable {
    case integer, number, date, timestamp, boolean, text
}

/// A seed's column: its name, the inferred or configured type, and the database type to declare.
public struct SeedColumn: Sendable, Hashable {
    /// Column name from the header.
    public var name: String
    /// Inferred logical type.
    public var inferred: SeedColumnType
    /// A type from `column_types`, used verbatim when present.
    public var override: String?
    /// Some value is spelled in a way only dbt's number reading accepts (`$1,234.50`, `1e5`, `1.0` in an integer
    /// column), so cursors hand every value of the column over in canonical form.
    var rewritesNumbers = false

    /// Creates a column description.
    public init(name: String, inferred: SeedColumnType, override: String? = nil) {
        self.name = name
        self.inferred = inferred
        self.override = override
    }
}

/// A seed's header, column types and rows (text fields, nil for SQL NULL).
///
/// A table parsed from a file keeps the file's bytes and reads rows from them on demand, so a million-row seed
/// is never held as a million arrays of strings: loaders walk it with `makeCursor()`.
public struct SeedTable: Sendable {
    /// Columns in file order.
    public var columns: [SeedColumn]
    /// Number of data rows.
    public let rowCount: Int
    /// dbt's `quote_columns` (true unless configured false, as in dbt-postgres and dbt-sqlite): quoted names keep
    /// the header's case and spaces; bare names are subject to the database's rules (PostgreSQL folds `CamelCase`
    /// to `camelcase`, and `Order ID` is a syntax error, as it is under dbt).
    public var quotesColumnNames = true
    let storage: Storage

    enum Storage: Sendable {
        case rows([[String?]])
        /// CSV bytes whose data rows start at `bodyStart`; every row has been checked to have `columns.count`
        /// fields.
        case csv(bytes: [UInt8], delimiter: UInt8, bodyStart: Int)
    }

    /// Creates a table from rows held in memory.
    public init(columns: [SeedColumn], rows: [[String?]]) {
        self.columns = columns
        self.rowCount = rows.count
        self.storage = .rows(rows)
    }

    init(columns: [SeedColumn], rowCount: Int, csv bytes: [UInt8], delimiter: UInt8, bodyStart: Int) {
        self.columns = columns
        self.rowCount = rowCount
        self.storage = .csv(bytes: bytes, delimiter: delimiter, bodyStart: bodyStart)
    }

    /// Every row as strings; each has exactly `columns.count` fields.
    ///
    /// Builds the whole table: loaders should use `makeCursor()`.
    public var rows: [[String?]] {
        if case .rows(let rows) = storage { return rows }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        var cursor = makeCursor()
        while cursor.next() {
            rows.append((0..<columns.count).map { cursor.string(at: $0) })
        }
        return rows
    }

    /// A column's name as written into the table's DDL: quoted, or the header's text verbatim when
    /// `quotesColumnNames` is false (unchecked SQL from the file, as dbt writes it).
    public func sqlName(of column: SeedColumn) -> String {
        quotesColumnNames ? Relation.quote(column.name) : column.name
    }

    /// A cursor positioned before the first row.
    /// - Parameter nonFiniteNumbersAsNaN: write infinities in number columns as `NaN`, which is what dbt-postgres
    ///   loads (psycopg2 sends every non-finite `Decimal` as `'NaN'::numeric`).
    public func makeCursor(nonFiniteNumbersAsNaN: Bool = false) -> SeedRowCursor {
        let rewrites = columns.map { column -> SeedRowCursor.NumberRewrite? in
            guard column.rewritesNumbers else { return nil }
            return SeedRowCursor.NumberRewrite(asInteger: column.inferred == .integer, nonFiniteAsNaN: nonFiniteNumbersAsNaN)
        }
        return SeedRowCursor(storage: storage, width: columns.count, numberRewrites: rewrites)
    }
}

/// Walks a seed's rows one at a time and lends each field's UTF-8 bytes without copying them.
public struct SeedRowCursor {
    private let storage: SeedTable.Storage
    private let width: Int
    private var rowIndex = -1
    private var scanner: CSVScanner?
    private var fields: [CSVScanner.Field] = []
    /// Values of the current row's fields that needed decoding, back to back; `decodedRanges` locates them.
    private var decoded: [UInt8] = []
    private var decodedRanges: [Range<Int>] = []
    /// Per column, how to rewrite its numbers, or nil to lend the field as written.
    private let numberRewrites: [NumberRewrite?]
    private let rewriteBuffers = RewriteBuffers()

    struct NumberRewrite {
        var asInteger: Bool
        var nonFiniteAsNaN: Bool
    }

    /// Scratch space for rewritten numbers, reused from field to field (a class, so `withField` can stay
    /// non-mutating).
    private final class RewriteBuffers {
        var digits: [UInt8] = []
        var text: [UInt8] = []
    }

    init(storage: SeedTable.Storage, width: Int, numberRewrites: [NumberRewrite?]) {
        self.storage = storage
        self.width = width
        self.numberRewrites = numberRewrites
        if case .csv(let bytes, let delimiter, let bodyStart) = storage {
            scanner = CSVScanner(bytes: bytes, delimiter: delimiter, position: bodyStart)
            decodedRanges = Array(repeating: 0..<0, count: width)
        }
    }

    /// Moves to the next row.
    /// - Returns: false after the last row.
    public mutating func next() -> Bool {
        rowIndex += 1
        guard var scanner else {
            if case .rows(let rows) = storage { return rowIndex < rows.count }
            return false
        }
        defer { self.scanner = scanner }
        guard scanner.nextRow(into: &fields) else { return false }
        if fields.contains(where: { $0.needsDecoding }) {
            let rowFields = fields
            // Moved out, not copied, so the buffer stays uniquely referenced and is reused.
            var values: [UInt8] = []
            swap(&values, &decoded)
            var ranges: [Range<Int>] = []
            swap(&ranges, &decodedRanges)
            values.removeAll(keepingCapacity: true)
            scanner.bytes.withUnsafeBufferPointer { b in
                for (index, field) in rowFields.enumerated() where field.needsDecoding {
                    let start = values.count
                    CSVScanner.decode(field, in: b, into: &values)
                    ranges[index] = start..<values.count
                }
            }
            decoded = values
            decodedRanges = ranges
        }
        return true
    }

    /// Lends the bytes of field `index` of the current row, or nil for NULL (in a CSV, an empty field or the
    /// word `null` in any case, as dbt reads them).
    ///
    /// Not generic on purpose: loaders call it once per field from another module, where an unspecialized
    /// generic would look up type metadata on every call.
    /// - Parameters:
    ///   - index: 0-based column.
    ///   - body: receives the bytes, valid only during the call.
    public func withField(_ index: Int, _ body: (UnsafeRawBufferPointer?) throws -> Void) rethrows {
        guard let rewrite = numberRewrites[index] else { return try withRawField(index, body) }
        try withRawField(index) { raw in
            guard let raw else { return try body(nil) }
            let buffers = rewriteBuffers
            buffers.text.removeAll(keepingCapacity: true)
            if buffers.digits.count < raw.count { buffers.digits = Array(repeating: 0, count: raw.count) }
            buffers.digits.withUnsafeMutableBufferPointer { digits in
                let field = raw.assumingMemoryBound(to: UInt8.self)
                // Every value of the column was read as a number when its type was inferred.
                guard let number = SeedNumber.parse(field, digits: digits) else { return buffers.text.append(contentsOf: field) }
                number.render(
                    digits: UnsafeBufferPointer(digits), asInteger: rewrite.asInteger, nonFiniteAsNaN: rewrite.nonFiniteAsNaN,
                    into: &buffers.text)
            }
            try buffers.text.withUnsafeBytes { try body($0) }
        }
    }

    private func withRawField(_ index: Int, _ body: (UnsafeRawBufferPointer?) throws -> Void) rethrows {
        switch storage {
        case .rows(let rows):
            guard var value = rows[rowIndex][index] else { return try body(nil) }
            value.makeContiguousUTF8()
            try value.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        case .csv(let bytes, _, _):
            let field = fields[index]
            if field.needsDecoding {
                try decoded.withUnsafeBytes { raw in
                    try body(SeedValueFormat.nullOrValue(UnsafeRawBufferPointer(rebasing: raw[decodedRanges[index]])))
                }
            } else {
                try bytes.withUnsafeBytes { raw in
                    let value = UnsafeRawBufferPointer(rebasing: raw[field.start..<field.end])
                    try body(SeedValueFormat.nullOrValue(value))
                }
            }
        }
    }

    /// Field `index` of the current row as a string, nil for NULL.
    public func string(at index: Int) -> String? {
        var value: String?
        withField(index) { bytes in value = bytes.map { String(decoding: $0, as: UTF8.self) } }
        return value
    }
}
