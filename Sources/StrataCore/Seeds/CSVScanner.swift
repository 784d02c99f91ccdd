/// Splits RFC 4180 CSV bytes into rows and fields without copying them.
///
/// A field is a byte range of the file, decoded only when it holds quotes or carriage returns. `CSVReader` and
/// the seed loaders share it, so every consumer splits a file the same way.
///
/// The rules: a quote opens a quoted field only as the field's first content; inside quotes a doubled quote is
/// a quote and delimiters and line feeds are data; outside quotes a carriage return is dropped; completely
/// empty lines between rows are skipped; an optional UTF-8 byte-order mark is ignored.
struct CSVScanner {
    /// One field as it appears in the file: the raw bytes between its delimiters.
    struct Field {
        var start: Int
        var end: Int
        /// Whether the raw bytes differ from the value (quotes or a carriage return); see `decode`.
        var needsDecoding: Bool
    }

    let bytes: [UInt8]
    let delimiter: UInt8
    private(set) var position: Int
    /// 1-based line of the row most recently returned.
    private(set) var line = 0
    private var nextLine = 1

    init(bytes: [UInt8], delimiter: UInt8, position: Int? = nil) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = position ?? (bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
    }

    /// Reads the next row's fields into `fields` (emptied first).
    /// - Returns: false at the end of the input.
    mutating func nextRow(into fields: inout [Field]) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let delimiter = self.delimiter
        var position = self.position
        var line = nextLine
        var rowLine = self.line
        let found = bytes.withUnsafeBufferPointer { b -> Bool in
            while position < b.count, b[position] == 0x0A || b[position] == 0x0D {
                if b[position] == 0x0A { line += 1 }
                position += 1
            }
            guard position < b.count else { return false }
            rowLine = line
            var fieldStart = position
            var hasContent = false
            var wasQuoted = false
            var special = false
            var quoted = false
            while position < b.count {
                let byte = b[position]
                position += 1
                if quoted {
                    if byte == 0x22 {
                        if position < b.count, b[position] == 0x22 {
                            hasContent = true
                            position += 1
                        } else {
                            quoted = false
                        }
                    } else {
                        if byte == 0x0A { line += 1 }
                        hasContent = true
                    }
                    continue
                }
                switch byte {
                case 0x22 where !hasContent && !wasQuoted:
                    quoted = true
                    wasQuoted = true
                    special = true
                case delimiter:
                    fields.append(Field(start: fieldStart, end: position - 1, needsDecoding: special))
                    fieldStart = position
                    hasContent = false
                    wasQuoted = false
                    special = false
                case 0x0D:
                    special = true
                case 0x0A:
                    line += 1
                    fields.append(Field(start: fieldStart, end: position - 1, needsDecoding: special))
                    return true
                default:
                    hasContent = true
                }
            }
            fields.append(Field(start: fieldStart, end: position, needsDecoding: special))
            return true
        }
        self.position = position
        self.line = rowLine
        nextLine = line
        return found
    }

    /// Appends a field's value to `output`: quotes removed, doubled quotes undoubled, carriage returns outside
    /// quotes dropped.
    static func decode(_ field: Field, in b: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        let first = output.count
        var quoted = false
        var wasQuoted = false
        var i = field.start
        while i < field.end {
            let byte = b[i]
            i += 1
            if quoted {
                if byte == 0x22 {
                    if i < field.end, b[i] == 0x22 {
                        output.append(0x22)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    output.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22 where output.count == first && !wasQuoted:
                quoted = true
                wasQuoted = true
            case 0x0D:
                continue
            default:
                output.append(byte)
            }
        }
    }
}
