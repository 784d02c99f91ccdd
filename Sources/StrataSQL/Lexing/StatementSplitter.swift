public import StrataDiagnostics

/// Splits a script into statements at top-level semicolons. Semicolons inside strings, quoted identifiers, comments,
/// dollar-quoted bodies, parentheses and `BEGIN … END` bodies of `CREATE TRIGGER` or `BEGIN ATOMIC` are not
/// boundaries.
public enum StatementSplitter {
    /// The statements of a script.
    /// - Parameters:
    ///   - sql: the script.
    ///   - dialect: the rules to lex by.
    /// - Returns: one span per non-empty statement, from its first token to its last, without the semicolon and
    ///   without surrounding comments.
    public static func split(_ sql: String, dialect: Dialect) -> [SourceSpan] {
        SQLText.withBytes(sql) { bytes in
            let tokens = Lexer.lex(bytes, dialect: dialect).tokens
            return tokens.withUnsafeBufferPointer { buffer in
                ranges(buffer).map {
                    SourceSpan(start: buffer[$0.lowerBound].span.start, end: buffer[$0.upperBound - 1].span.end)
                }
            }
        }
    }

    /// Token index ranges of the non-empty statements.
    static func ranges(_ tokens: UnsafeBufferPointer<Token>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        var index = 0
        var blockDepth = 0
        var inCreate = false
        while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .leftParen, .leftBracket:
                if token.partner > index { index = Int(token.partner) }
            case .semicolon where blockDepth == 0:
                if index > start { result.append(start..<index) }
                start = index + 1
                inCreate = false
            case .identifier:
                if index == start { inCreate = token.is(.create) }
                blockDepth = nextBlockDepth(blockDepth, token, inCreate: inCreate)
            default:
                break
            }
            index += 1
        }
        if tokens.count > start { result.append(start..<tokens.count) }
        return result
    }

    /// `BEGIN` opens a body only inside `CREATE …` (triggers, `BEGIN ATOMIC`); `CASE` nests inside a body.
    private static func nextBlockDepth(_ depth: Int, _ token: Token, inCreate: Bool) -> Int {
        switch token.keyword {
        case .begin where inCreate: return depth + 1
        case .case where depth > 0: return depth + 1
        case .end where depth > 0: return depth - 1
        default: return depth
        }
    }
}
