import StrataDiagnostics

/// The lexer's loop over bytes. Literal and comment scanning lives in `LexerState+Literals.swift`.
struct LexerState {
    let bytes: UnsafeBufferPointer<UInt8>
    let rules: LexRules
    let keepsComments: Bool
    let keywords = KeywordTable.shared
    var tokens: [Token] = []
    var issues: [Issue] = []
    var openBrackets: [Int32] = []
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect, keepsComments: Bool) {
        self.bytes = bytes
        self.rules = LexRules(dialect)
        self.keepsComments = keepsComments
        tokens.reserveCapacity(bytes.count / 5 + 8)
    }

    @inline(__always)
    func byte(at index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }

    mutating func run() {
        do {
            let classes = ByteClass.table
            while position < bytes.count {
                let byte = bytes[position]
                switch classes[Int(byte)] {
                case ByteClass.space:
                    position += 1
                    while position < bytes.count && classes[Int(bytes[position])] == ByteClass.space { position += 1 }
                case ByteClass.identStart:
                    lexWord(classes)
                case ByteClass.digit:
                    lexNumber(classes)
                case ByteClass.operatorChar:
                    lexOperatorStart(classes)
                default:
                    lexPunctuation(byte, classes)
                }
            }
        }
        closeOpenBrackets()
    }

    mutating func emit(_ kind: Token.Kind, _ start: Int, _ end: Int, keyword: Keyword = .notKeyword) {
        tokens.append(Token(kind, start, end, keyword: keyword))
        position = end
    }

    private mutating func lexWord(_ classes: UnsafeBufferPointer<UInt8>) {
        let start = position
        let next = byte(at: start + 1)
        if next == UInt8(ascii: "'") {
            switch bytes[start] | 0x20 {
            case UInt8(ascii: "e") where rules.escapeStrings:
                return lexString(start: start, quoteAt: start + 1, backslashEscapes: true)
            case UInt8(ascii: "b"), UInt8(ascii: "x"), UInt8(ascii: "n"):
                return lexString(start: start, quoteAt: start + 1, backslashEscapes: false)
            default:
                break
            }
        }
        if bytes[start] | 0x20 == UInt8(ascii: "u"), next == UInt8(ascii: "&"), rules.escapeStrings {
            let quote = byte(at: start + 2)
            if quote == UInt8(ascii: "'") {
                return lexString(start: start, quoteAt: start + 2, backslashEscapes: false)
            }
            if quote == UInt8(ascii: "\"") { return lexQuoted(start: start, openAt: start + 2, close: quote) }
        }
        var end = start + 1
        var lettersOnly = true
        while end < bytes.count {
            let kind = classes[Int(bytes[end])]
            if kind == ByteClass.identStart {
                lettersOnly = lettersOnly && bytes[end] < 0x80
            } else if kind == ByteClass.digit || bytes[end] == UInt8(ascii: "$") {
                lettersOnly = false
            } else {
                break
            }
            end += 1
        }
        let keyword = lettersOnly && end - start <= 17 ? keywords.keyword(in: bytes, start, end) : .notKeyword
        emit(.identifier, start, end, keyword: keyword)
    }

    private mutating func lexPunctuation(_ byte: UInt8, _ classes: UnsafeBufferPointer<UInt8>) {
        let start = position
        switch byte {
        case UInt8(ascii: "("):
            openBrackets.append(Int32(tokens.count))
            emit(.leftParen, start, start + 1)
        case UInt8(ascii: ")"):
            closeBracket(.rightParen, opener: .leftParen)
        case UInt8(ascii: "["):
            if rules.bracketIdentifiers {
                return lexQuoted(start: start, openAt: start, close: UInt8(ascii: "]"))
            }
            openBrackets.append(Int32(tokens.count))
            emit(.leftBracket, start, start + 1)
        case UInt8(ascii: "]"):
            closeBracket(.rightBracket, opener: .leftBracket)
        case UInt8(ascii: ","):
            emit(.comma, start, start + 1)
        case UInt8(ascii: ";"):
            closeOpenBrackets()
            emit(.semicolon, start, start + 1)
        case UInt8(ascii: "."):
            let next = self.byte(at: start + 1)
            if next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") { return lexNumber(classes) }
            emit(.dot, start, start + 1)
        case UInt8(ascii: "'"):
            lexString(start: start, quoteAt: start, backslashEscapes: false)
        case UInt8(ascii: "\""):
            lexQuoted(start: start, openAt: start, close: byte)
        case UInt8(ascii: "$"):
            lexDollar(classes)
        case UInt8(ascii: ":"):
            lexColon(classes)
        default:
            emit(.unknown, start, start + 1)
        }
    }

    private mutating func lexColon(_ classes: UnsafeBufferPointer<UInt8>) {
        let start = position
        let next = byte(at: start + 1)
        if next == UInt8(ascii: ":") || next == UInt8(ascii: "=") { return emit(.operator, start, start + 2) }
        let insideBrackets = openBrackets.last.map { tokens[Int($0)].kind == .leftBracket } ?? false
        if rules.parameterStyles.contains(.colonName), !insideBrackets, classes[Int(next)] == ByteClass.identStart {
            return emit(.parameter, start, identifierEnd(from: start + 1, classes))
        }
        emit(.operator, start, start + 1)
    }

    func identifierEnd(from start: Int, _ classes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = start
        while end < bytes.count, ByteClass.isIdentifierPart(bytes[end], classes) { end += 1 }
        return end
    }

    private mutating func lexNumber(_ classes: UnsafeBufferPointer<UInt8>) {
        let start = position
        var end = start
        if bytes[start] == UInt8(ascii: "0"), byte(at: start + 1) | 0x20 == UInt8(ascii: "x") {
            end = start + 2
            while end < bytes.count, isHexDigit(bytes[end]) || bytes[end] == UInt8(ascii: "_") { end += 1 }
            return emit(.number, start, end)
        }
        end = digitsEnd(from: end)
        if byte(at: end) == UInt8(ascii: "."), byte(at: end + 1) != UInt8(ascii: ".") {
            end = digitsEnd(from: end + 1)
        }
        if byte(at: end) | 0x20 == UInt8(ascii: "e") {
            var exponent = end + 1
            if byte(at: exponent) == UInt8(ascii: "+") || byte(at: exponent) == UInt8(ascii: "-") { exponent += 1 }
            if classes[Int(byte(at: exponent))] == ByteClass.digit { end = digitsEnd(from: exponent) }
        }
        emit(.number, start, end)
    }

    private func digitsEnd(from start: Int) -> Int {
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            guard (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") else { break }
            end += 1
        }
        return end
    }

    private func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    private mutating func closeBracket(_ kind: Token.Kind, opener: Token.Kind) {
        let start = position
        let index = Int32(tokens.count)
        emit(kind, start, start + 1)
        if let open = openBrackets.last, tokens[Int(open)].kind == opener {
            openBrackets.removeLast()
            tokens[Int(open)].partner = index
            tokens[Int(index)].partner = open
        } else {
            let text = kind == .rightParen ? ")" : "]"
            issues.append(
                .error(
                    .sqlUnmatchedClose, "unmatched '\(text)'", at: tokens[Int(index)].span,
                    label: "nothing opens this '\(text)'"))
        }
    }

    /// Reports every bracket still open, at a top-level `;` or at the end of the text.
    private mutating func closeOpenBrackets() {
        for open in openBrackets {
            let token = tokens[Int(open)]
            let text = token.kind == .leftParen ? "(" : "["
            let closer = token.kind == .leftParen ? ")" : "]"
            issues.append(
                .error(
                    .sqlUnclosedOpen, "unclosed '\(text)'", at: token.span,
                    label: "this '\(text)' has no matching '\(closer)'"))
        }
        openBrackets.removeAll(keepingCapacity: true)
    }
}

/// The lexical switches of a dialect as plain values, so the lexer's loop touches no reference-counted storage
/// shared between threads.
struct LexRules {
    let escapeStrings: Bool
    let bracketIdentifiers: Bool
    let backtickIdentifiers: Bool
    let dollarQuotedStrings: Bool
    let nestedBlockComments: Bool
    let parameterStyles: Dialect.ParameterStyles
    let operatorStyle: Dialect.OperatorStyle

    init(_ dialect: Dialect) {
        escapeStrings = dialect.escapeStrings
        bracketIdentifiers = dialect.identifierQuotes.contains { $0.open == UInt8(ascii: "[") }
        backtickIdentifiers = dialect.identifierQuotes.contains { $0.open == UInt8(ascii: "`") }
        dollarQuotedStrings = dialect.dollarQuotedStrings
        nestedBlockComments = dialect.nestedBlockComments
        parameterStyles = dialect.parameterStyles
        operatorStyle = dialect.operatorStyle
    }
}
