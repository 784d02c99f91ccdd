import StrataDiagnostics

/// Strings, quoted identifiers, dollar quotes, comments and operators.
extension LexerState {
    mutating func lexString(start: Int, quoteAt: Int, backslashEscapes: Bool) {
        var index = quoteAt + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && backslashEscapes {
                index += 2
            } else if byte == UInt8(ascii: "'") {
                if self.byte(at: index + 1) == UInt8(ascii: "'") {
                    index += 2
                } else {
                    return emit(.string, start, index + 1)
                }
            } else {
                index += 1
            }
        }
        issues.append(
            .error(
                .sqlUnterminatedString, "unterminated string literal",
                at: SourceSpan(start: start, end: quoteAt + 1), label: "this string is never closed"))
        emit(.string, start, bytes.count)
    }

    mutating func lexQuoted(start: Int, openAt: Int, close: UInt8) {
        var index = openAt + 1
        let doubles = close != UInt8(ascii: "]")
        while index < bytes.count {
            if bytes[index] == close {
                if doubles && byte(at: index + 1) == close {
                    index += 2
                    continue
                }
                return emit(.quotedIdentifier, start, index + 1)
            }
            index += 1
        }
        issues.append(
            .error(
                .sqlUnterminatedIdentifier, "unterminated quoted identifier",
                at: SourceSpan(start: start, end: openAt + 1), label: "this identifier is never closed"))
        emit(.quotedIdentifier, start, bytes.count)
    }

    /// `$1` parameters, `$$…$$` / `$tag$…$tag$` strings, `$name` parameters, or a lone `$`.
    mutating func lexDollar(_ classes: UnsafeBufferPointer<UInt8>) {
        let start = position
        let next = byte(at: start + 1)
        if next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") {
            var end = start + 1
            while end < bytes.count, bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9") { end += 1 }
            return emit(.parameter, start, end)
        }
        if rules.dollarQuotedStrings {
            var tagEnd = start + 1
            if classes[Int(next)] == ByteClass.identStart {
                while tagEnd < bytes.count, ByteClass.isIdentifierPart(bytes[tagEnd], classes),
                    bytes[tagEnd] != UInt8(ascii: "$")
                {
                    tagEnd += 1
                }
            }
            if byte(at: tagEnd) == UInt8(ascii: "$") { return lexDollarBody(start: start, tagEnd: tagEnd + 1) }
        }
        if rules.parameterStyles.contains(.atOrDollarName), classes[Int(next)] == ByteClass.identStart {
            return emit(.parameter, start, identifierEnd(from: start + 1, classes))
        }
        emit(.unknown, start, start + 1)
    }

    private mutating func lexDollarBody(start: Int, tagEnd: Int) {
        let tagLength = tagEnd - start
        var index = tagEnd
        while index + tagLength <= bytes.count {
            if bytes[index] == UInt8(ascii: "$") && matchesTag(at: index, tagStart: start, length: tagLength) {
                return emit(.string, start, index + tagLength)
            }
            index += 1
        }
        issues.append(
            .error(
                .sqlUnterminatedDollarString, "unterminated dollar-quoted string",
                at: SourceSpan(start: start, end: tagEnd),
                label: "no closing '\(SQLText.string(bytes, start, tagEnd))' follows"))
        emit(.string, start, bytes.count)
    }

    private func matchesTag(at index: Int, tagStart: Int, length: Int) -> Bool {
        for offset in 0..<length where bytes[index + offset] != bytes[tagStart + offset] { return false }
        return true
    }

    /// Comments, parameters spelled with operator characters, and operators.
    mutating func lexOperatorStart(_ classes: UnsafeBufferPointer<UInt8>) {
        let start = position
        let first = bytes[start]
        let next = byte(at: start + 1)
        if first == UInt8(ascii: "-") && next == UInt8(ascii: "-") { return lexLineComment() }
        if first == UInt8(ascii: "/") && next == UInt8(ascii: "*") { return lexBlockComment() }
        if first == UInt8(ascii: "?") && rules.parameterStyles.contains(.questionMark) {
            var end = start + 1
            while end < bytes.count, bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9") { end += 1 }
            return emit(.parameter, start, end)
        }
        if first == UInt8(ascii: "@") && rules.parameterStyles.contains(.atOrDollarName),
            classes[Int(next)] == ByteClass.identStart
        {
            return emit(.parameter, start, identifierEnd(from: start + 1, classes))
        }
        if first == UInt8(ascii: "`") && rules.backtickIdentifiers {
            return lexQuoted(start: start, openAt: start, close: first)
        }
        switch rules.operatorStyle {
        case .postgres: emit(.operator, start, postgresOperatorEnd(start, classes))
        case .fixed: emit(.operator, start, fixedOperatorEnd(start))
        }
    }

    private func postgresOperatorEnd(_ start: Int, _ classes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = start + 1
        var special = false
        while end < bytes.count, classes[Int(bytes[end])] == ByteClass.operatorChar {
            let byte = bytes[end]
            if byte == UInt8(ascii: "-") && self.byte(at: end + 1) == UInt8(ascii: "-") { break }
            if byte == UInt8(ascii: "/") && self.byte(at: end + 1) == UInt8(ascii: "*") { break }
            end += 1
        }
        for index in start..<end where isSpecialOperatorByte(bytes[index]) { special = true }
        while end - start > 1, !special, bytes[end - 1] == UInt8(ascii: "+") || bytes[end - 1] == UInt8(ascii: "-") {
            end -= 1
        }
        return end
    }

    private func isSpecialOperatorByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "@"), UInt8(ascii: "#"), UInt8(ascii: "%"),
            UInt8(ascii: "^"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "`"), UInt8(ascii: "?"):
            return true
        default:
            return false
        }
    }

    private func fixedOperatorEnd(_ start: Int) -> Int {
        let first = bytes[start]
        let second = byte(at: start + 1)
        switch (first, second) {
        case (UInt8(ascii: "-"), UInt8(ascii: ">")):
            return byte(at: start + 2) == UInt8(ascii: ">") ? start + 3 : start + 2
        case (UInt8(ascii: "|"), UInt8(ascii: "|")), (UInt8(ascii: "<"), UInt8(ascii: "<")),
            (UInt8(ascii: ">"), UInt8(ascii: ">")), (UInt8(ascii: "<"), UInt8(ascii: "=")),
            (UInt8(ascii: ">"), UInt8(ascii: "=")), (UInt8(ascii: "="), UInt8(ascii: "=")),
            (UInt8(ascii: "!"), UInt8(ascii: "=")), (UInt8(ascii: "<"), UInt8(ascii: ">")):
            return start + 2
        default:
            return start + 1
        }
    }

    private mutating func lexLineComment() {
        let start = position
        var end = start + 2
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        finishComment(start, end)
    }

    private mutating func lexBlockComment() {
        let start = position
        var depth = 1
        var index = start + 2
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "*") && self.byte(at: index + 1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return finishComment(start, index) }
            } else if byte == UInt8(ascii: "/") && self.byte(at: index + 1) == UInt8(ascii: "*")
                && rules.nestedBlockComments
            {
                depth += 1
                index += 2
            } else {
                index += 1
            }
        }
        issues.append(
            .error(
                .sqlUnterminatedComment, "unterminated block comment",
                at: SourceSpan(start: start, end: start + 2), label: "this comment is never closed"))
        finishComment(start, bytes.count)
    }

    private mutating func finishComment(_ start: Int, _ end: Int) {
        if keepsComments {
            emit(.comment, start, end)
        } else {
            position = end
        }
    }
}
