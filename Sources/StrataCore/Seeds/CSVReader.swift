/// An RFC 4180 CSV reader over bytes: quoted fields, doubled quotes, CRLF or LF, a configurable delimiter and
/// an optional UTF-8 byte-order mark. Rows come out one at a time so large seeds never exist twice in memory.
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

    public func makeIterator() -> Iterator { Iterator(bytes: bytes, delimiter: delimiter) }

    /// Yields rows of fields; a field is nil only when the row had fewer fields than an earlier one expected.
    public struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        let delimiter: UInt8
        var position: Int
        /// 1-based line of the row most recently returned.
        public private(set) var line = 0
        private var nextLine = 1

        init(bytes: [UInt8], delimiter: UInt8) {
            self.bytes = bytes
            self.delimiter = delimiter
            self.position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        }

        public mutating func next() -> [String]? {
            // Skip completely empty lines, as spreadsheet exports often end with several.
            while position < bytes.count, bytes[position] == 0x0A || bytes[position] == 0x0D {
                if bytes[position] == 0x0A { nextLine += 1 }
                position += 1
            }
            guard position < bytes.count else { return nil }
            line = nextLine
            var fields: [String] = []
            var field: [UInt8] = []
            var quoted = false
            var fieldWasQuoted = false
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if quoted {
                    if byte == 0x22 {
                        if position < bytes.count, bytes[position] == 0x22 {
                            field.append(0x22)
                            position += 1
                        } else {
                            quoted = false
                        }
                    } else {
                        if byte == 0x0A { nextLine += 1 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case 0x22 where field.isEmpty && !fieldWasQuoted:
                    quoted = true
                    fieldWasQuoted = true
                case delimiter:
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                    fieldWasQuoted = false
                case 0x0D:
                    continue
                case 0x0A:
                    nextLine += 1
                    fields.append(String(decoding: field, as: UTF8.self))
                    return fields
                default:
                    field.append(byte)
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            return fields
        }
    }
}
