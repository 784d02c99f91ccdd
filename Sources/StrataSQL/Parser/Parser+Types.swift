import StrataDiagnostics

/// Type names, string literal values and the keyword sets the parser consults.
extension ParserState {
    /// A type: a (dotted) name or a multi-word SQL type, modifiers in parentheses, and array suffixes.
    mutating func parseType() throws(ParseError) -> TypeName {
        let start = offset
        guard atName(allowingReserved: true) else { throw failure(expected: "a type name") }
        var words = [typeWord(advance())]
        while at(.dot), let next = token(at: 1), next.isWord {
            index += 1
            words[words.count - 1] += "." + typeWord(advance())
        }
        if let continuation = ParserSets.typeContinuations[words[0]] {
            while !atEnd && current.kind == .identifier && continuation.contains(text(current).asciiLowercased()) {
                words.append(text(advance()).asciiLowercased())
            }
        }
        var modifiers: [String] = []
        if at(.leftParen) { modifiers = try parseTypeModifiers() }
        if at(.with) || at(.without), peekIs(.time), peekIs(.zone, offset: 2) {
            words.append(contentsOf: [advance().keyword.description, "time", "zone"])
            index += 2
        }
        var dimensions = 0
        while at(.leftBracket) {
            skipGroup()
            dimensions += 1
        }
        if accept(.array) {
            if at(.leftBracket) { skipGroup() }
            dimensions += 1
        }
        return TypeName(
            name: words.joined(separator: " "), modifiers: modifiers, arrayDimensions: dimensions,
            span: span(from: start))
    }

    private func typeWord(_ token: Token) -> String {
        token.kind == .quotedIdentifier ? Identifier(token: token, bytes: bytes).text : text(token).asciiLowercased()
    }

    /// `(10, 2)` after a type name, each modifier as written.
    private mutating func parseTypeModifiers() throws(ParseError) -> [String] {
        advance()
        var modifiers: [String] = []
        var current = ""
        while !atEnd && !at(.rightParen) {
            if accept(.comma) {
                modifiers.append(current)
                current = ""
            } else {
                current += (current.isEmpty ? "" : " ") + text(advance())
            }
        }
        modifiers.append(current)
        try expect(.rightParen, "')'", "to close the type modifiers")
        return modifiers
    }
}

/// Decodes the value of a string token.
enum StringLiteral {
    static func value(of token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let start = token.span.start
        let end = token.span.end
        guard end > start else { return "" }
        let first = bytes[start]
        if first == UInt8(ascii: "$") { return dollarQuoted(bytes, start, end) }
        var open = start
        while open < end && bytes[open] != UInt8(ascii: "'") { open += 1 }
        let close = end - 1 > open && bytes[end - 1] == UInt8(ascii: "'") ? end - 1 : end
        let inner = SQLText.string(bytes, min(open + 1, close), close)
        let escaped = first | 0x20 == UInt8(ascii: "e") && open == start + 1
        return escaped ? unescape(inner) : inner.replacingOccurrences(of: "''", with: "'")
    }

    private static func dollarQuoted(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var tagEnd = start + 1
        while tagEnd < end && bytes[tagEnd] != UInt8(ascii: "$") { tagEnd += 1 }
        let tagLength = tagEnd + 1 - start
        guard end - start >= 2 * tagLength else { return SQLText.string(bytes, min(tagEnd + 1, end), end) }
        return SQLText.string(bytes, tagEnd + 1, end - tagLength)
    }

    /// Resolves the backslash escapes of `E'…'` strings that matter for values: quotes, backslashes and the common
    /// control characters.
    private static func unescape(_ text: String) -> String {
        var result = ""
        var escaping = false
        var previousQuote = false
        for character in text {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "'" && previousQuote {
                previousQuote = false
                continue
            } else {
                result.append(character)
            }
            previousQuote = character == "'" && !previousQuote
        }
        return result
    }
}

/// Keyword sets the parser consults.
enum ParserSets {
    /// Keywords that start a clause: an expression or list can never continue with them.
    static let clauseStarts = KeywordSet([
        .from, .where, .group, .having, .window, .order, .limit, .offset, .fetch, .union, .intersect, .except,
        .returning, .into, .on, .using, .join, .then, .else, .end, .when,
    ])
    /// Keywords that end a select list.
    static let selectListEnds = KeywordSet([
        .from, .where, .group, .having, .window, .order, .limit, .offset, .fetch, .union, .intersect, .except, .into,
        .for, .on, .returning, .with,
    ])
    /// Keywords that can follow NOT as an infix operator.
    static let negatable = KeywordSet([.in, .between, .like, .ilike, .similar, .glob, .regexp, .match])
    /// Keywords that cannot be a column name in an expression (unless called as a function).
    static let reservedInExpressions = KeywordSet([
        .select, .from, .where, .group, .having, .window, .order, .limit, .offset, .fetch, .union, .intersect,
        .except, .and, .or, .on, .join, .then, .else, .end, .when, .as, .into, .returning, .using, .with, .by,
        .asc, .desc, .is, .in, .between, .like, .ilike, .similar, .not,
    ])
    /// Words that begin a table constraint rather than a column definition.
    static let tableConstraintStarts = KeywordSet([.constraint, .primary, .unique, .check, .foreign, .exclude, .like])
    /// Words that may follow the first word of a multi-word type name.
    static let typeContinuations: [String: Set<String>] = [
        "double": ["precision"], "character": ["varying"], "char": ["varying"], "bit": ["varying"],
        "national": ["character", "char", "varying"], "nchar": ["varying"],
    ]
    /// Interval field words (`INTERVAL '1' DAY TO SECOND`).
    static let intervalFields: Set<String> = ["year", "month", "day", "hour", "minute", "second"]
}
