import StrataDiagnostics

extension Lexer {
    /// If `{% raw %}` (with optional `-` signs) starts right after a `{%`, the offset where its body begins.
    func matchRawBegin(at afterBegin: Int) -> Int? {
        var index = skipWhitespace(from: afterBegin)
        guard matches("raw", at: index) else { return nil }
        index = skipWhitespace(from: index + 3)
        guard index < end else { return nil }
        if bytes[index] == Byte.minus, index + 2 < end, bytes[index + 1] == Byte.percent,
            bytes[index + 2] == Byte.closeBrace
        {
            return skipWhitespace(from: index + 3)
        }
        if bytes[index] == Byte.percent, index + 1 < end, bytes[index + 1] == Byte.closeBrace { return index + 2 }
        return nil
    }

    /// Emits the body of a raw block as text and moves past `{% endraw %}`.
    mutating func lexRaw(tagStart: Int, bodyStart: Int) throws(Diagnostic) {
        var search = bodyStart
        while let candidate = nextBlockStart(from: search) {
            var index = candidate + 2
            var sign: UInt8 = 0
            if index < end, bytes[index] == Byte.minus || bytes[index] == Byte.plus {
                sign = bytes[index]
                index += 1
            }
            index = skipWhitespace(from: index)
            if matches("endraw", at: index) {
                index = skipWhitespace(from: index + 6)
                if index < end, let (closeEnd, endSign) = matchTagEnd(at: index, isBlock: true) {
                    emitText(from: bodyStart, to: candidate, sign: sign, blockLike: true)
                    finishTag(at: closeEnd, sign: endSign, isBlock: true)
                    return
                }
            }
            search = candidate + 1
        }
        throw unclosed(at: SourceSpan(start: tagStart, end: bodyStart), what: "raw block", closer: "{% endraw %}")
    }

    private func nextBlockStart(from offset: Int) -> Int? {
        var index = offset
        while index + 1 < end {
            if bytes[index] == Byte.openBrace, bytes[index + 1] == Byte.percent { return index }
            index += 1
        }
        return nil
    }

    func skipWhitespace(from offset: Int) -> Int {
        var index = offset
        while index < end, Byte.isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    func matches(_ word: StaticString, at offset: Int) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= end else { return false }
        let pointer = word.utf8Start
        for i in 0..<count where bytes[offset + i] != pointer[i] { return false }
        return true
    }
}
