import StrataDiagnostics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits template source into tokens, working on UTF-8 bytes.
///
/// Text between tags becomes `.text` tokens whose spans already reflect whitespace control (`{%-`, `-%}`,
/// `trimBlocks`, `lstripBlocks`), so the parser and the source map only ever deal with byte ranges of the source.
/// Comments produce no tokens and `{% raw %}` bodies become plain text.
struct Lexer {
    let bytes: [UInt8]
    let file: SourceFile
    let options: ParseOptions
    /// The end of the lexed range: the file length minus a dropped trailing newline.
    let end: Int
    var tokens: [Token] = []
    var pos = 0

    init(file: SourceFile, bytes: [UInt8], options: ParseOptions) {
        self.file = file
        self.bytes = bytes
        self.options = options
        self.end = options.keepTrailingNewline ? bytes.count : Lexer.endWithoutTrailingNewline(bytes)
    }

    /// The length of `bytes` without one trailing `\n`, `\r\n` or `\r`, as Jinja2 drops it.
    static func endWithoutTrailingNewline(_ bytes: [UInt8]) -> Int {
        var end = bytes.count
        if end > 0, bytes[end - 1] == Byte.newline {
            end -= 1
            if end > 0, bytes[end - 1] == Byte.carriageReturn { end -= 1 }
        } else if end > 0, bytes[end - 1] == Byte.carriageReturn {
            end -= 1
        }
        return end
    }

    /// Tokenizes the whole template.
    /// - Returns: the tokens, ending with `.eof`.
    /// - Throws: a `J1xxx` diagnostic for unclosed tags, comments, strings or raw blocks and stray characters.
    static func tokenize(_ file: SourceFile, bytes: [UInt8], options: ParseOptions) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(file: file, bytes: bytes, options: options)
        try lexer.run()
        return lexer.tokens
    }

    mutating func run() throws(Diagnostic) {
        tokens.reserveCapacity(max(16, (end - pos) / 24))
        while let tagStart = nextTagStart(from: pos) {
            let kind = bytes[tagStart + 1]
            var afterBegin = tagStart + 2
            var sign: UInt8 = 0
            if afterBegin < end, bytes[afterBegin] == Byte.minus || bytes[afterBegin] == Byte.plus {
                sign = bytes[afterBegin]
                afterBegin += 1
            }
            if kind == Byte.percent, let rawBodyStart = matchRawBegin(at: afterBegin) {
                emitText(from: pos, to: tagStart, sign: sign, blockLike: true)
                try lexRaw(tagStart: tagStart, bodyStart: rawBodyStart)
                continue
            }
            emitText(from: pos, to: tagStart, sign: sign, blockLike: kind != Byte.openBrace)
            switch kind {
            case Byte.hash:
                try skipComment(tagStart: tagStart, contentStart: afterBegin)
            case Byte.openBrace:
                tokens.append(Token(kind: .variableBegin, start: tagStart, end: afterBegin))
                try lexTag(tagStart: tagStart, from: afterBegin, isBlock: false)
            default:
                tokens.append(Token(kind: .blockBegin, start: tagStart, end: afterBegin))
                try lexTag(tagStart: tagStart, from: afterBegin, isBlock: true)
            }
        }
        if pos < end { tokens.append(Token(kind: .text, start: pos, end: end)) }
        tokens.append(Token(kind: .eof, start: bytes.count, end: bytes.count))
    }

    /// The offset of the next `{{`, `{%` or `{#` at or after `offset`.
    func nextTagStart(from offset: Int) -> Int? {
        bytes.withUnsafeBufferPointer { Lexer.firstTag(in: UnsafeBufferPointer(rebasing: $0[..<end]), from: offset) }
    }

    /// The offset of the first `{{`, `{%` or `{#` at or after `offset`, found with `memchr`.
    static func firstTag(in buffer: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
        let last = buffer.count - 1
        guard offset < last, let base = buffer.baseAddress else { return nil }
        var index = offset
        while index < last {
            guard let found = memchr(base + index, Int32(Byte.openBrace), last - index) else { return nil }
            let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            let next = buffer[position + 1]
            if next == Byte.openBrace || next == Byte.percent || next == Byte.hash { return position }
            index = position + 1
        }
        return nil
    }

    /// Appends the text before a tag, applying the tag's `-` sign or `lstripBlocks`.
    mutating func emitText(from start: Int, to stop: Int, sign: UInt8, blockLike: Bool) {
        var textEnd = stop
        if sign == Byte.minus {
            while textEnd > start, Byte.isWhitespace(bytes[textEnd - 1]) { textEnd -= 1 }
        } else if sign != Byte.plus, options.lstripBlocks, blockLike {
            var lineStart = textEnd
            while lineStart > start, bytes[lineStart - 1] != Byte.newline { lineStart -= 1 }
            let atLineStart = lineStart > start || start == 0 || bytes[start - 1] == Byte.newline
            if atLineStart, lineStart < textEnd, (lineStart..<textEnd).allSatisfy({ Byte.isInlineSpace(bytes[$0]) }) {
                textEnd = lineStart
            }
        }
        if textEnd > start { tokens.append(Token(kind: .text, start: start, end: textEnd)) }
    }

    /// Moves past the end of a tag: `-` strips all following whitespace, a plain block end honours `trimBlocks`.
    mutating func finishTag(at offset: Int, sign: UInt8, isBlock: Bool) {
        var next = offset
        if sign == Byte.minus {
            while next < end, Byte.isWhitespace(bytes[next]) { next += 1 }
        } else if sign == 0, isBlock, options.trimBlocks {
            if next < end, bytes[next] == Byte.newline {
                next += 1
            } else if next + 1 < end, bytes[next] == Byte.carriageReturn, bytes[next + 1] == Byte.newline {
                next += 2
            }
        }
        pos = next
    }

    mutating func skipComment(tagStart: Int, contentStart: Int) throws(Diagnostic) {
        var index = contentStart
        while index + 1 < end {
            if bytes[index] == Byte.hash, bytes[index + 1] == Byte.closeBrace {
                var sign: UInt8 = 0
                if index > contentStart, bytes[index - 1] == Byte.minus || bytes[index - 1] == Byte.plus {
                    sign = bytes[index - 1]
                }
                finishTag(at: index + 2, sign: sign, isBlock: true)
                return
            }
            index += 1
        }
        throw unclosed(at: SourceSpan(start: tagStart, end: contentStart), what: "comment", closer: "#}")
    }

    func unclosed(at span: SourceSpan, what: String, closer: String) -> Diagnostic {
        Diagnostic.error(
            .jinjaUnclosedTag, "\(what) is not closed", in: file, at: span, label: "opened here",
            help: "expected '\(closer)'")
    }
}

/// Byte constants and classes used by the lexer.
enum Byte {
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let percent = UInt8(ascii: "%")
    static let hash = UInt8(ascii: "#")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let backslash = UInt8(ascii: "\\")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let underscore = UInt8(ascii: "_")
    static let dot = UInt8(ascii: ".")

    /// Space, tab, newline, carriage return, vertical tab or form feed.
    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || (byte >= 9 && byte <= 13)
    }

    /// Whitespace that is not a newline.
    @inline(__always) static func isInlineSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == carriageReturn || byte == 11 || byte == 12
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Letters, underscore and any non-ASCII byte can start a name.
    @inline(__always) static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 97 && byte | 0x20 <= 122) || byte == underscore || byte >= 0x80
    }

    @inline(__always) static func isNameContinue(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }
}
