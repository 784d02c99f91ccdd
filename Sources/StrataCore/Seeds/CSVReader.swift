/// An RFC 4180 CSV reader over bytes that yields rows of strings.
///
/// Quoted fields, doubled quotes, CRLF or LF, a configurable delimiter and an optional UTF-8 byte-order mark are
/// understood (`CSVScanner` has the rules). Rows come out one at a time.
public struct CSVReader: Sequence {
    private let bytes: [UInt8]
    private let delimiter: UInt8

    /// Creates a reader.
    /// - Parameters:
    ///   - bytes: the file contents.
    ///   - delimiter: the field separator (`,` unless configured).
    public init(bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.delimiter = delimiter
    }

    /// Creates a reader over text.
    public init(text: String, delimiter: Character = ",") {
        self.init(bytes: Array(text.utf8), delimiter: delimiter.asciiValue ?? UInt8(ascii: ","))
    }

    public func makeIterator() -> Iterator { Iterator(scanner: CSVScanner(bytes: bytes, delimiter: delimiter)) }

    /// Yields rows of fields.
    public struct Iterator: IteratorProtocol {
        var scanner: CSVScanner
        private var fields: [CSVScanner.Field] = []
        private var decoded: [UInt8] = []

        init(scanner: CSVScanner) { self.scanner = scanner }

        /// 1-based line of the row most recently returned.
        public var line: Int { scanner.line }

        public mutating func next() -> [String]? {
            guard scanner.nextRow(into: &fields) else { return nil }
            let rowFields = fields
            var scratch: [UInt8] = []
            swap(&scratch, &decoded)
            defer { swap(&scratch, &decoded) }
            return scanner.bytes.withUnsafeBufferPointer { b in
                rowFields.map { field in
                    guard field.needsDecoding else {
                        let raw = UnsafeBufferPointer(rebasing: b[field.start..<field.end])
                        return String(decoding: raw, as: UTF8.self)
                    }
                    scratch.removeAll(keepingCapacity: true)
                    CSVScanner.decode(field, in: b, into: &scratch)
                    return String(decoding: scratch, as: UTF8.self)
                }
            }
        }
    }
}
