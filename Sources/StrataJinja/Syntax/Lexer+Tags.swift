import StrataDiagnostics

extension Lexer {
    /// Lexes the inside of `{{ … }}` or `{% … %}` up to and including the closing delimiter.
    ///
    /// As in Jinja2, a closing delimiter only counts while brackets are balanced, so `{{ {'a': {'b': 1}} }}` works.
    mutating func lexTag(tagStart: Int, from start: Int, isBlock: Bool) throws(Diagnostic) {
        var index = start
        var brackets: [(byte: UInt8, offset: Int)] = []
        while true {
            while index < end, Byte.isWhitespace(bytes[index]) { index += 1 }
            if index >= end {
                let opener = isBlock ? "'{%' tag" : "'{{' tag"
                throw unclosed(
                    at: SourceSpan(start: tagStart, end: start), what: opener, closer: isBlock ? "%}" : "}}")
            }
            if brackets.isEmpty, let (closeEnd, sign) = matchTagEnd(at: index, isBlock: isBlock) {
                tokens.append(Token(kind: isBlock ? .blockEnd : .variableEnd, start: index, end: closeEnd))
                finishTag(at: closeEnd, sign: sign, isBlock: isBlock)
                return
            }
            let token = try lexToken(at: index)
            try balance(token, &brackets)
            tokens.append(token)
            index = token.end
        }
    }

    /// Whether a closing delimiter starts at `index`; returns where it ends and its whitespace sign.
    func matchTagEnd(at index: Int, isBlock: Bool) -> (end: Int, sign: UInt8)? {
        let closer = isBlock ? Byte.percent : Byte.closeBrace
        var at = index
        var sign: UInt8 = 0
        let first = bytes[at]
        if first == Byte.minus || (isBlock && first == Byte.plus) {
            sign = first
            at += 1
        }
        guard at + 1 < end else { return nil }
        if bytes[at] == closer, bytes[at + 1] == Byte.closeBrace { return (at + 2, sign) }
        return nil
    }

    mutating func balance(_ token: Token, _ brackets: inout [(byte: UInt8, offset: Int)]) throws(Diagnostic) {
        let closing: UInt8
        switch token.kind {
        case .lparen, .lbracket, .lbrace:
            brackets.append((bytes[token.start], token.start))
            return
        case .rparen: closing = UInt8(ascii: "(")
        case .rbracket: closing = UInt8(ascii: "[")
        case .rbrace: closing = UInt8(ascii: "{")
        default: return
        }
        let text = String(UnicodeScalar(bytes[token.start]))
        guard let open = brackets.popLast() else {
            throw Diagnostic.error(
                .jinjaSyntax, "unexpected '\(text)'", in: file, at: token.span, label: "nothing to close")
        }
        if open.byte != closing {
            let expected = Lexer.closer(of: open.byte)
            var diagnostic = Diagnostic.error(
                .jinjaSyntax, "unexpected '\(text)', expected '\(expected)'", in: file, at: token.span)
            diagnostic.secondary = [
                Label(file: file, span: SourceSpan(start: open.offset, end: open.offset + 1), text: "opened here")
            ]
            throw diagnostic
        }
    }

    static func closer(of opener: UInt8) -> String {
        switch opener {
        case UInt8(ascii: "("): return ")"
        case UInt8(ascii: "["): return "]"
        default: return "}"
        }
    }

    /// Lexes one name, literal or operator token starting at `index`.
    func lexToken(at index: Int) throws(Diagnostic) -> Token {
        let byte = bytes[index]
        if Byte.isDigit(byte) { return lexNumber(at: index) }
        if Byte.isNameStart(byte) {
            var stop = index + 1
            while stop < end, Byte.isNameContinue(bytes[stop]) { stop += 1 }
            return Token(kind: .name, start: index, end: stop)
        }
        if byte == Byte.singleQuote || byte == Byte.doubleQuote { return try lexString(at: index) }
        if let token = lexOperator(at: index) { return token }
        var scalarEnd = index + 1
        while scalarEnd < end, bytes[scalarEnd] & 0xC0 == 0x80 { scalarEnd += 1 }
        let character = String(decoding: bytes[index..<scalarEnd], as: UTF8.self)
        throw Diagnostic.error(
            .jinjaSyntax, "unexpected character '\(character)'", in: file,
            at: SourceSpan(start: index, end: scalarEnd))
    }

    /// Integers (decimal, `0x`, `0o`, `0b`, with `_` separators) and floats (`1.5`, `2e10`).
    func lexNumber(at index: Int) -> Token {
        var stop = index
        if bytes[index] == UInt8(ascii: "0"), index + 1 < end {
            let prefix = bytes[index + 1] | 0x20
            if prefix == UInt8(ascii: "x") || prefix == UInt8(ascii: "o") || prefix == UInt8(ascii: "b") {
                stop = index + 2
                while stop < end, Byte.isNameContinue(bytes[stop]) { stop += 1 }
                return Token(kind: .integer, start: index, end: stop)
            }
        }
        stop = skipDigits(from: index)
        var kind = TokenKind.integer
        // After a dot (`row.0.1`) only an integer may follow, as Jinja2's float rule has a lookbehind for this.
        if index > 0, bytes[index - 1] == Byte.dot { return Token(kind: kind, start: index, end: stop) }
        if stop + 1 < end, bytes[stop] == Byte.dot, Byte.isDigit(bytes[stop + 1]) {
            stop = skipDigits(from: stop + 1)
            kind = .float
        }
        if stop < end, bytes[stop] | 0x20 == UInt8(ascii: "e") {
            var exponent = stop + 1
            if exponent < end, bytes[exponent] == Byte.plus || bytes[exponent] == Byte.minus { exponent += 1 }
            if exponent < end, Byte.isDigit(bytes[exponent]) {
                stop = skipDigits(from: exponent)
                kind = .float
            }
        }
        return Token(kind: kind, start: index, end: stop)
    }

    private func skipDigits(from index: Int) -> Int {
        var stop = index
        while stop < end,
            Byte.isDigit(bytes[stop])
                || (bytes[stop] == Byte.underscore && stop + 1 < end
                    && Byte.isDigit(bytes[stop + 1]))
        {
            stop += 1
        }
        return stop
    }

    /// A quoted string; the token covers the quotes and escapes are decoded later by the parser.
    func lexString(at index: Int) throws(Diagnostic) -> Token {
        let quote = bytes[index]
        var stop = index + 1
        while stop < end {
            let byte = bytes[stop]
            if byte == Byte.backslash {
                stop += 2
                continue
            }
            if byte == quote { return Token(kind: .string, start: index, end: stop + 1) }
            stop += 1
        }
        let mark = quote == Byte.singleQuote ? "'" : "\""
        throw Diagnostic.error(
            .jinjaUnclosedTag, "string literal is not closed", in: file, at: SourceSpan(start: index, end: index + 1),
            label: "opened here", help: "add the closing \(mark) before the end of the tag")
    }

    func lexOperator(at index: Int) -> Token? {
        let byte = bytes[index]
        let next: UInt8 = index + 1 < end ? bytes[index + 1] : 0
        func token(_ kind: TokenKind, _ length: Int) -> Token { Token(kind: kind, start: index, end: index + length) }
        switch byte {
        case UInt8(ascii: "+"): return token(.add, 1)
        case UInt8(ascii: "-"): return token(.sub, 1)
        case UInt8(ascii: "/"): return next == byte ? token(.floorDiv, 2) : token(.div, 1)
        case UInt8(ascii: "*"): return next == byte ? token(.pow, 2) : token(.mul, 1)
        case UInt8(ascii: "%"): return token(.mod, 1)
        case UInt8(ascii: "~"): return token(.tilde, 1)
        case UInt8(ascii: "["): return token(.lbracket, 1)
        case UInt8(ascii: "]"): return token(.rbracket, 1)
        case UInt8(ascii: "("): return token(.lparen, 1)
        case UInt8(ascii: ")"): return token(.rparen, 1)
        case UInt8(ascii: "{"): return token(.lbrace, 1)
        case UInt8(ascii: "}"): return token(.rbrace, 1)
        case UInt8(ascii: "="): return next == byte ? token(.eq, 2) : token(.assign, 1)
        case UInt8(ascii: "!"): return next == UInt8(ascii: "=") ? token(.ne, 2) : nil
        case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? token(.gteq, 2) : token(.gt, 1)
        case UInt8(ascii: "<"): return next == UInt8(ascii: "=") ? token(.lteq, 2) : token(.lt, 1)
        case UInt8(ascii: "."): return token(.dot, 1)
        case UInt8(ascii: ":"): return token(.colon, 1)
        case UInt8(ascii: "|"): return token(.pipe, 1)
        case UInt8(ascii: ","): return token(.comma, 1)
        case UInt8(ascii: ";"): return token(.semicolon, 1)
        default: return nil
        }
    }
}
