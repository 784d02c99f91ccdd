import StrataDiagnostics

/// A JSON document built in code: typed, with keys in a deterministic order, written by a byte-level encoder.
/// Artifacts like `manifest.json` hold tens of thousands of objects; Foundation's `JSONSerialization` spends
/// most of its time bridging and sorting keys with locale-aware comparison, this writes them directly.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(key: String, value: JSON)])

    /// An object with keys sorted by code point, the stable order artifacts use.
    public static func sortedObject(_ entries: [String: JSON]) -> JSON {
        .object(entries.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
    }

    /// A string, or null when absent.
    public static func optional(_ text: String?) -> JSON { text.map(JSON.string) ?? .null }

    /// An array of strings.
    public static func strings(_ items: [String]) -> JSON { .array(items.map(JSON.string)) }

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(encoded()) }

    /// The JSON text.
    /// - Parameter pretty: indent with two spaces.
    public func encoded(pretty: Bool = false) -> String {
        let writer = JSONByteWriter(into: ByteBuffer(capacity: 1 << 12), pretty: pretty)
        writer.write(self, depth: 0)
        return String(decoding: writer.out.bytes, as: UTF8.self)
    }

    /// Appends `string` as a JSON string: `JSON.string(string).encode(into:)` without wrapping it first, which
    /// copies it.
    static func encode(string: String, into out: ByteBuffer) {
        JSONByteWriter(into: out).writeString(string)
    }

    /// Appends part of a string as a JSON string.
    static func encode(string: Substring, into out: ByteBuffer) {
        let writer = JSONByteWriter(into: out)
        if string.utf8.withContiguousStorageIfAvailable({ writer.writeEscaped($0) }) == nil { writer.writeString(String(string)) }
    }

    /// Appends the compact JSON text, for documents written piece by piece.
    func encode(into out: ByteBuffer) {
        JSONByteWriter(into: out).write(self, depth: 0)
    }

    /// Appends the compact JSON text to an array.
    func encode(into bytes: inout [UInt8]) {
        let out = ByteBuffer()
        encode(into: out)
        bytes.append(contentsOf: out.bytes)
    }
}

private struct JSONByteWriter {
    let out: ByteBuffer
    let pretty: Bool

    init(into out: ByteBuffer, pretty: Bool = false) {
        self.out = out
        self.pretty = pretty
    }

    func write(_ value: JSON, depth: Int) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .int(let i): append(String(i))
        case .double(let d): append(d.isFinite ? Self.format(d) : "null")
        case .string(let s): writeString(s)
        case .array(let items):
            guard !items.isEmpty else { return append("[]") }
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                write(item, depth: depth + 1)
            }
            newline(depth)
            out.append(UInt8(ascii: "]"))
        case .object(let entries):
            guard !entries.isEmpty else { return append("{}") }
            out.append(UInt8(ascii: "{"))
            for (index, entry) in entries.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                writeString(entry.key)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                write(entry.value, depth: depth + 1)
            }
            newline(depth)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ depth: Int) {
        guard pretty else { return }
        out.append(0x0A)
        for _ in 0..<(depth * 2) { out.append(UInt8(ascii: " ")) }
    }

    private func append(_ text: String) { text.withUTF8Bytes { out.append(contentsOf: $0) } }

    /// Runs of bytes that need no escaping (nearly all of them) are copied in one go.
    func writeString(_ string: String) {
        string.withUTF8Bytes { writeEscaped($0) }
    }

    func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        out.append(UInt8(ascii: "\""))
        guard let source = utf8.baseAddress else { return out.append(UInt8(ascii: "\"")) }
        let count = utf8.count
        var index = 0
        while index < count {
            // Written straight into the buffer, in pieces that have room for every byte to become a two-byte escape
            // plus one word of overrun: eight bytes at a time while none needs escaping (most of a manifest is SQL
            // text), stored whole and then counted up to the first that does, which SQL has on every line.
            let end = min(count, index + 4096)
            out.appendInPlace(maximumCount: 2 * (end - index) + 8) { destination in
                var written = 0
                while index < end {
                    if index + 8 <= end {
                        let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                        UnsafeMutableRawPointer(destination + written).storeBytes(of: word, as: UInt64.self)
                        let flagged = Self.escapeFlags(word)
                        if flagged == 0 {
                            index += 8
                            written += 8
                            continue
                        }
                        let clean = flagged.trailingZeroBitCount >> 3
                        index += clean
                        written += clean
                    }
                    let byte = source[index]
                    guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                        destination[written] = byte
                        written += 1
                        index += 1
                        continue
                    }
                    guard let letter = Self.shortEscape(byte) else { return written }  // six bytes: written below
                    destination[written] = UInt8(ascii: "\\")
                    destination[written + 1] = letter
                    written += 2
                    index += 1
                }
                return written
            }
            if index < end {
                escapeAsUnicode(source[index])
                index += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The letter of a two-byte escape (`\n`, `\"`, ...), nil for a control byte written as `\u00XX`.
    @inline(__always) private static func shortEscape(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "\""): UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): UInt8(ascii: "\\")
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x09: UInt8(ascii: "t")
        case 0x08: UInt8(ascii: "b")
        case 0x0C: UInt8(ascii: "f")
        default: nil
        }
    }

    /// The high bit of each of eight bytes (read little-endian) that is below 0x20, a quote or a backslash, exact
    /// up to the first such byte, zero when none is (the bit tricks of "Bit Twiddling Hacks": a byte below n sets
    /// its high bit in `(x - n·0x01…) & ~x & 0x80…`, and a byte equal to c is a zero byte of x ^ c·0x01…; a borrow
    /// can only flag bytes after a flagged one).
    private static func escapeFlags(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func zeroFlags(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let control = (word &- ones &* 0x20) & ~word & highs
        return control | zeroFlags(word ^ (ones &* 0x22)) | zeroFlags(word ^ (ones &* 0x5C))
    }

    /// A control byte without a two-byte escape, as `\u00XX`.
    private func escapeAsUnicode(_ byte: UInt8) {
        let hex = Array("0123456789abcdef".utf8)
        append("\\u00")
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0xF)])
    }

    /// Shortest round-trip form, with a fraction so readers keep it a float.
    static func format(_ value: Double) -> String {
        let text = "\(value)"
        // Byte checks: String.contains(String) is Foundation's, which goes through CFString.
        if text.utf8.contains(UInt8(ascii: "e")) || text.utf8.contains(UInt8(ascii: ".")) { return text }
        return text + ".0"
    }
}
