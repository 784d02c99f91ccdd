import StrataDiagnostics

/// Reads the YAML that project files are nearly always written in — indented mappings and sequences, plain and
/// quoted one-line scalars, one-line flow collections, `|` and `>` block scalars, comments — straight from bytes
/// into `YAMLNode`s, with the spans Yams gives them.
///
/// Yams (libyaml's events, then Yams's tree, then ours) was the largest single cost of loading a big project:
/// 0.6 s of CPU for the 6.8 MB of properties files of a 10,000-model project. Anything outside the subset above —
/// anchors, aliases, tags, multi-line plain or quoted scalars, complex keys, tabs, directives, several documents,
/// and every error — makes `read` answer `.unsupported`, and Yams reads the text instead, so what a file means and
/// how its errors are reported never depend on this reader.
struct BlockYAMLReader {
    enum Reading {
        /// The document's root, nil when it holds only comments or nothing.
        case document(YAMLNode?)
        case unsupported
    }

    /// Reads `text`; spans are shifted by `baseOffset` (where the text starts in its file).
    static func read(_ text: String, baseOffset: Int = 0) -> Reading {
        var reader = BlockYAMLReader(bytes: Array(text.utf8), base: baseOffset)
        do {
            try reader.splitLines()
            return .document(try reader.document())
        } catch {
            return .unsupported
        }
    }

    private struct Unsupported: Error {}

    private struct Line {
        var start: Int
        /// Where the line break is (or the end of the text).
        var end: Int
        /// Leading spaces.
        var indent: Int
        /// Nothing but spaces.
        var isEmpty: Bool
        /// Empty or a comment: not part of any node, except inside a block scalar.
        var isBlank: Bool
    }

    private let bytes: [UInt8]
    private let base: Int
    private var lines: [Line] = []
    /// The next line to read.
    private var current = 0

    private init(bytes: [UInt8], base: Int) {
        self.bytes = bytes
        self.base = base
    }

    private static let space = UInt8(ascii: " ")
    private static let hash = UInt8(ascii: "#")
    private static let colon = UInt8(ascii: ":")
    private static let dash = UInt8(ascii: "-")

    // MARK: - Lines

    private mutating func splitLines() throws(Unsupported) {
        let bytes = bytes  // a local array is read in place; `self`'s would be retained for each helper call
        var start = 0
        var index = 0
        let count = bytes.count
        lines.reserveCapacity(count / 24)
        while index <= count {
            if index < count {
                index = Self.printableASCIIEnd(bytes, from: index)
                if index == count { continue }
                let byte = bytes[index]
                if byte != 0x0A {
                    // Tabs, carriage returns and other controls, DEL, C1 controls and NEL (U+0080–U+009F), the BOM and
                    // the Unicode line separators: libyaml has rules of its own for each.
                    if byte < 0x20 || byte == 0x7F { throw Unsupported() }
                    if byte == 0xC2, index + 1 < count, bytes[index + 1] < 0xA0 { throw Unsupported() }
                    if byte == 0xE2, index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                        throw Unsupported()
                    }
                    if byte == 0xEF, index + 2 < count, (bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF) || (bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE) {
                        throw Unsupported()
                    }
                    index += 1
                    continue
                }
            }
            var indent = 0
            while start + indent < index, bytes[start + indent] == Self.space { indent += 1 }
            let content = start + indent
            let isEmpty = content == index
            if indent == 0, !isEmpty {
                // Directives and document markers.
                if bytes[content] == UInt8(ascii: "%") { throw Unsupported() }
                if index - start >= 3, bytes[start] == bytes[start + 1], bytes[start] == bytes[start + 2],
                    bytes[start] == Self.dash || bytes[start] == UInt8(ascii: "."),
                    index - start == 3 || bytes[start + 3] == Self.space {
                    throw Unsupported()
                }
            }
            lines.append(Line(start: start, end: index, indent: indent, isEmpty: isEmpty, isBlank: isEmpty || bytes[content] == Self.hash))
            index += 1
            start = index
        }
        // A text ending in a line break has no last line.
        if let last = lines.last, last.start == count, last.isEmpty { lines.removeLast() }
    }

    /// The first index at or after `start` whose byte is not printable ASCII (a control such as the line break, DEL,
    /// or part of a multi-byte character), or the end: most of a properties file, skipped eight bytes at a time.
    static func printableASCIIEnd(_ bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBytes { raw in
            var index = start
            while index + 8 <= raw.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // Bit tricks as in `JSONByteWriter.escapeFlags`: a high bit set, a byte below 0x20, or a zero byte
                // of `word ^ 0x7F…` (DEL).
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                let below20 = (word &- ones &* 0x20) & ~word & highs
                let del = word ^ (ones &* 0x7F)
                if (word & highs) | below20 | ((del &- ones) & ~del & highs) != 0 { break }
                index += 8
            }
            while index < raw.count, raw[index] >= 0x20, raw[index] < 0x7F { index += 1 }
            return index
        }
    }

    private mutating func skipBlankLines() {
        while current < lines.count, lines[current].isBlank { current += 1 }
    }

    // MARK: - Block structure

    private mutating func document() throws(Unsupported) -> YAMLNode? {
        skipBlankLines()
        guard current < lines.count else { return nil }
        let root = try blockNode()
        skipBlankLines()
        guard current == lines.count else { throw Unsupported() }
        return root
    }

    /// The node starting at the current line's content.
    private mutating func blockNode() throws(Unsupported) -> YAMLNode {
        let line = lines[current]
        let start = line.start + line.indent
        if isSequenceEntry(line) { return try sequence(column: line.indent) }
        if try mappingKey(at: start, lineEnd: line.end) != nil { return try mapping(column: line.indent, firstKey: start) }
        return try inlineValue(at: start, parentColumn: line.indent - 1)
    }

    private func isSequenceEntry(_ line: Line) -> Bool {
        let start = line.start + line.indent
        return !line.isEmpty && bytes[start] == Self.dash && (start + 1 == line.end || bytes[start + 1] == Self.space)
    }

    /// A block mapping whose keys are at `column`; the first key starts at `firstKey` on the current line (which is
    /// inside the line after a sequence entry's `- `).
    private mutating func mapping(column: Int, firstKey: Int) throws(Unsupported) -> YAMLNode {
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        var keyStart = firstKey
        while true {
            let line = lines[current]
            guard let (key, colon) = try mappingKey(at: keyStart, lineEnd: line.end) else { throw Unsupported() }
            var valueStart = colon + 1
            while valueStart < line.end, bytes[valueStart] == Self.space { valueStart += 1 }
            let value: YAMLNode
            if valueStart == line.end || bytes[valueStart] == Self.hash {
                current += 1
                skipBlankLines()
                if current < lines.count, lines[current].indent > column {
                    value = try blockNode()
                } else if current < lines.count, lines[current].indent == column, isSequenceEntry(lines[current]) {
                    value = try sequence(column: column)
                } else {
                    // libyaml marks an empty value right after the colon.
                    value = YAMLNode(kind: .scalar(.null), span: .point(base + colon + 1))
                }
            } else {
                value = try inlineValue(at: valueStart, parentColumn: column)
            }
            pairs.append((key, value))
            skipBlankLines()
            guard current < lines.count, lines[current].indent >= column else { break }
            let next = lines[current]
            if next.indent > column || isSequenceEntry(next) { throw Unsupported() }
            keyStart = next.start + next.indent
        }
        return YAMLNode(kind: .mapping(pairs), span: .point(base + firstKey))
    }

    /// A block sequence whose `-` are at `column`, starting on the current line.
    private mutating func sequence(column: Int) throws(Unsupported) -> YAMLNode {
        var items: [YAMLNode] = []
        let mark = lines[current].start + column
        while true {
            let line = lines[current]
            let dash = line.start + line.indent
            var itemStart = dash + 1
            while itemStart < line.end, bytes[itemStart] == Self.space { itemStart += 1 }
            if itemStart == line.end || bytes[itemStart] == Self.hash {
                current += 1
                skipBlankLines()
                if current < lines.count, lines[current].indent > column {
                    items.append(try blockNode())
                } else {
                    items.append(YAMLNode(kind: .scalar(.null), span: .point(base + dash + 1)))
                }
            } else if bytes[itemStart] == Self.dash, itemStart + 1 == line.end || bytes[itemStart + 1] == Self.space {
                throw Unsupported()
            } else if try mappingKey(at: itemStart, lineEnd: line.end) != nil {
                items.append(try mapping(column: itemStart - line.start, firstKey: itemStart))
            } else {
                items.append(try inlineValue(at: itemStart, parentColumn: column))
            }
            skipBlankLines()
            guard current < lines.count, lines[current].indent >= column else { break }
            let next = lines[current]
            if next.indent > column { throw Unsupported() }
            // The same column without a dash: the next key of the mapping this (indentless) sequence is a value of.
            guard isSequenceEntry(next) else { break }
        }
        return YAMLNode(kind: .sequence(items), span: .point(base + mark))
    }

    /// The key starting at `start` and the offset of its `:`, or nil when the text there is not `key: ...`.
    private func mappingKey(at start: Int, lineEnd: Int) throws(Unsupported) -> (YAMLNode, Int)? {
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            let (key, end) = try quoted(at: start, lineEnd: lineEnd)
            var index = end
            while index < lineEnd, bytes[index] == Self.space { index += 1 }
            guard index < lineEnd, bytes[index] == Self.colon, index + 1 == lineEnd || bytes[index + 1] == Self.space else { return nil }
            return (key, index)
        }
        var index = start
        var end = start
        while index < lineEnd {
            let byte = bytes[index]
            if byte == Self.colon, index + 1 == lineEnd || bytes[index + 1] == Self.space { break }
            if byte == Self.hash, index > start, bytes[index - 1] == Self.space { return nil }
            index += 1
            if byte != Self.space { end = index }
        }
        guard index < lineEnd else { return nil }
        // libyaml's simple keys: one line, at most 1024 characters, not starting with an indicator.
        guard end > start, end - start <= 1024, try plainStartIsValid(start, lineEnd: lineEnd, inFlow: false) else { throw Unsupported() }
        return (plainScalar(start, end), index)
    }

    // MARK: - Scalars and flow collections on one line

    /// A value starting at `start` on the current line (a block scalar takes the lines after it too); afterwards
    /// the current line is the one after the value.
    private mutating func inlineValue(at start: Int, parentColumn: Int) throws(Unsupported) -> YAMLNode {
        let lineEnd = lines[current].end
        let node: YAMLNode
        var end: Int
        switch bytes[start] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            (node, end) = try quoted(at: start, lineEnd: lineEnd)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            end = start
            node = try flowNode(&end, lineEnd: lineEnd)
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            return try blockScalar(at: start, parentColumn: parentColumn)
        default:
            guard try plainStartIsValid(start, lineEnd: lineEnd, inFlow: false) else { throw Unsupported() }
            var index = start
            end = start
            while index < lineEnd {
                let byte = bytes[index]
                if byte == Self.colon, index + 1 == lineEnd || bytes[index + 1] == Self.space { throw Unsupported() }
                if byte == Self.hash, bytes[index - 1] == Self.space { break }
                index += 1
                if byte != Self.space { end = index }
            }
            node = plainScalar(start, end)
        }
        // After the value: spaces, then a comment or the end of the line.
        while end < lineEnd, bytes[end] == Self.space { end += 1 }
        guard end == lineEnd || (bytes[end] == Self.hash && bytes[end - 1] == Self.space) else { throw Unsupported() }
        current += 1
        return node
    }

    /// Whether a plain scalar may start at `start`: not with an indicator, except `-`, `?` and `:` followed by
    /// something other than a space.
    private func plainStartIsValid(_ start: Int, lineEnd: Int, inFlow: Bool) throws(Unsupported) -> Bool {
        switch bytes[start] {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            guard start + 1 < lineEnd, bytes[start + 1] != Self.space else { return false }
            if inFlow, [UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}")].contains(bytes[start + 1]) {
                return false
            }
            return bytes[start] == Self.dash
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"),
            UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
            UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return false
        default:
            return true
        }
    }

    private func plainScalar(_ start: Int, _ end: Int) -> YAMLNode {
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        return YAMLNode(kind: .scalar(YAMLScalar.resolve(text)), span: SourceSpan(start: base + start, end: base + end))
    }

    /// A single- or double-quoted scalar closed on its line, and the offset after its closing quote.
    private func quoted(at start: Int, lineEnd: Int) throws(Unsupported) -> (YAMLNode, Int) {
        let quote = bytes[start]
        let escapes = quote == UInt8(ascii: "\"")
        // Runs of plain bytes are copied whole, and a scalar that is one run (nearly all) becomes its string
        // straight from the document's bytes: appended byte by byte, quoted descriptions cost thousands of
        // instructions each.
        var text: [UInt8] = []
        var runStart = start + 1
        var index = runStart
        while true {
            while index < lineEnd, bytes[index] != quote, !(escapes && bytes[index] == UInt8(ascii: "\\")) { index += 1 }
            guard index < lineEnd else { throw Unsupported() }
            if bytes[index] == quote {
                guard quote == UInt8(ascii: "'"), index + 1 < lineEnd, bytes[index + 1] == quote else { break }
                text += bytes[runStart...index]  // the run and one of the two quotes
                index += 2
            } else {
                // A backslash in a double-quoted scalar.
                guard index + 1 < lineEnd else { throw Unsupported() }
                text += bytes[runStart..<index]
                index += 1
                try appendEscape(&text, at: &index, lineEnd: lineEnd)
            }
            runStart = index
        }
        let value: String
        if runStart == start + 1 {
            value = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[runStart..<index]), as: UTF8.self) }
        } else {
            text += bytes[runStart..<index]
            value = String(decoding: text, as: UTF8.self)
        }
        return (YAMLNode(kind: .scalar(.string(value)), span: SourceSpan(start: base + start, end: base + start + 1)), index + 1)
    }

    /// A double-quoted scalar's escape (the byte after the backslash is at `index`), as libyaml reads it.
    private func appendEscape(_ text: inout [UInt8], at index: inout Int, lineEnd: Int) throws(Unsupported) {
        let letter = bytes[index]
        index += 1
        var digits = 0
        switch letter {
        case UInt8(ascii: "0"): text.append(0)
        case UInt8(ascii: "a"): text.append(7)
        case UInt8(ascii: "b"): text.append(8)
        case UInt8(ascii: "t"): text.append(9)
        case UInt8(ascii: "n"): text.append(10)
        case UInt8(ascii: "v"): text.append(11)
        case UInt8(ascii: "f"): text.append(12)
        case UInt8(ascii: "r"): text.append(13)
        case UInt8(ascii: "e"): text.append(27)
        case UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "\\"): text.append(letter)
        case UInt8(ascii: "N"): text += [0xC2, 0x85]
        case UInt8(ascii: "_"): text += [0xC2, 0xA0]
        case UInt8(ascii: "L"): text += [0xE2, 0x80, 0xA8]
        case UInt8(ascii: "P"): text += [0xE2, 0x80, 0xA9]
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default: throw Unsupported()
        }
        guard digits > 0 else { return }
        guard index + digits <= lineEnd else { throw Unsupported() }
        var value: UInt32 = 0
        for offset in 0..<digits {
            guard let digit = Self.hexValue(bytes[index + offset]) else { throw Unsupported() }
            value = value * 16 + UInt32(digit)
        }
        index += digits
        guard let scalar = Unicode.Scalar(value) else { throw Unsupported() }
        text += Array(String(Character(scalar)).utf8)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// A flow collection or scalar at `index`, closed on the line; `index` ends after it.
    private func flowNode(_ index: inout Int, lineEnd: Int) throws(Unsupported) -> YAMLNode {
        skipSpaces(&index, lineEnd)
        guard index < lineEnd else { throw Unsupported() }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "["):
            index += 1
            var items: [YAMLNode] = []
            let close = UInt8(ascii: "]")
            while try !flowCloses(&index, lineEnd: lineEnd, with: close) {
                items.append(try flowNode(&index, lineEnd: lineEnd))
                if try flowItemEnds(&index, lineEnd: lineEnd, closing: close) { break }
            }
            return YAMLNode(kind: .sequence(items), span: .point(base + start))
        case UInt8(ascii: "{"):
            index += 1
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            let close = UInt8(ascii: "}")
            while try !flowCloses(&index, lineEnd: lineEnd, with: close) {
                guard bytes[index] != UInt8(ascii: "["), bytes[index] != UInt8(ascii: "{") else { throw Unsupported() }
                let key = try flowNode(&index, lineEnd: lineEnd)
                skipSpaces(&index, lineEnd)
                guard index + 1 < lineEnd, bytes[index] == Self.colon, bytes[index + 1] == Self.space else { throw Unsupported() }
                index += 1
                skipSpaces(&index, lineEnd)
                guard index < lineEnd, bytes[index] != UInt8(ascii: ","), bytes[index] != close else { throw Unsupported() }
                pairs.append((key, try flowNode(&index, lineEnd: lineEnd)))
                if try flowItemEnds(&index, lineEnd: lineEnd, closing: close) { break }
            }
            return YAMLNode(kind: .mapping(pairs), span: .point(base + start))
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let (node, end) = try quoted(at: index, lineEnd: lineEnd)
            index = end
            return node
        default:
            guard try plainStartIsValid(index, lineEnd: lineEnd, inFlow: true) else { throw Unsupported() }
            var end = index
            while index < lineEnd {
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { break }
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { throw Unsupported() }
                if byte == Self.colon {
                    // `key: value` ends the key; any other colon in a flow scalar is left to libyaml.
                    guard index + 1 < lineEnd, bytes[index + 1] == Self.space else { throw Unsupported() }
                    break
                }
                if byte == Self.hash, bytes[index - 1] == Self.space { throw Unsupported() }
                index += 1
                if byte != Self.space { end = index }
            }
            return plainScalar(start, end)
        }
    }

    /// Before a flow collection's item: whether the collection closes here (empty, or after a trailing comma);
    /// `index` is left at the item otherwise.
    private func flowCloses(_ index: inout Int, lineEnd: Int, with close: UInt8) throws(Unsupported) -> Bool {
        skipSpaces(&index, lineEnd)
        guard index < lineEnd else { throw Unsupported() }
        guard bytes[index] == close else { return false }
        index += 1
        return true
    }

    /// After a flow collection's item: `,` (whether more follow is for `flowCloses` to say) or the closing bracket.
    /// - Returns: whether the collection closed.
    private func flowItemEnds(_ index: inout Int, lineEnd: Int, closing close: UInt8) throws(Unsupported) -> Bool {
        skipSpaces(&index, lineEnd)
        guard index < lineEnd, bytes[index] == UInt8(ascii: ",") || bytes[index] == close else { throw Unsupported() }
        index += 1
        return bytes[index - 1] == close
    }

    private func skipSpaces(_ index: inout Int, _ lineEnd: Int) {
        while index < lineEnd, bytes[index] == Self.space { index += 1 }
    }

    // MARK: - Block scalars

    /// A `|` (literal) or `>` (folded) scalar, with `-`/`+` chomping; the content is on the lines after, indented
    /// more than `parentColumn`.
    private mutating func blockScalar(at start: Int, parentColumn: Int) throws(Unsupported) -> YAMLNode {
        let header = lines[current]
        let folded = bytes[start] == UInt8(ascii: ">")
        var index = start + 1
        var chomping: UInt8 = 0
        if index < header.end, bytes[index] == Self.dash || bytes[index] == UInt8(ascii: "+") {
            chomping = bytes[index]
            index += 1
        }
        var rest = index
        skipSpaces(&rest, header.end)
        guard rest == header.end || (bytes[rest] == Self.hash && rest > index) else { throw Unsupported() }
        // Leading empty lines, an explicit indentation or no content: left to libyaml.
        let firstLine = current + 1
        var lineIndex = firstLine
        guard lineIndex < lines.count, !lines[lineIndex].isEmpty, lines[lineIndex].indent > parentColumn else { throw Unsupported() }
        let indent = lines[lineIndex].indent
        var text: [UInt8] = []
        var pendingEmpty = 0
        var lastContent = lineIndex
        while lineIndex < lines.count {
            let line = lines[lineIndex]
            if line.isEmpty {
                if line.end - line.start > indent { throw Unsupported() }
                pendingEmpty += 1
                lineIndex += 1
                continue
            }
            if line.indent < indent { break }
            if folded, line.indent > indent { throw Unsupported() }
            if lineIndex > firstLine {
                if !folded || pendingEmpty > 0 {
                    text += Array(repeating: 0x0A, count: folded ? pendingEmpty : pendingEmpty + 1)
                } else {
                    text.append(Self.space)
                }
            }
            pendingEmpty = 0
            text += bytes[(line.start + indent)..<line.end]
            lastContent = lineIndex
            lineIndex += 1
        }
        // The last line without a line break after it keeps none.
        guard lines[lastContent].end < bytes.count else { throw Unsupported() }
        switch chomping {
        case Self.dash: break
        case UInt8(ascii: "+"): text += Array(repeating: 0x0A, count: pendingEmpty + 1)
        default: text.append(0x0A)
        }
        current = lineIndex
        return YAMLNode(kind: .scalar(.string(String(decoding: text, as: UTF8.self))), span: SourceSpan(start: base + start, end: base + start + 1))
    }
}
