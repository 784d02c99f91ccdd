import StrataDiagnostics

/// Primary expressions: literals, names, calls, parentheses, subqueries and keyword-led forms.
extension ParserState {
    mutating func parsePrimary() throws(ParseError) -> Expression {
        guard !atEnd else { throw failure(expected: "an expression") }
        let start = offset
        let token = current
        switch token.kind {
        case .number:
            advance()
            return Expression(.literal(.number(text(token))), span: token.span)
        case .string:
            advance()
            return Expression(.literal(.string(StringLiteral.value(of: token, bytes))), span: token.span)
        case .parameter:
            advance()
            return Expression(.parameter(text(token)), span: token.span)
        case .operator where atOperator("*"):
            advance()
            return Expression(.star(qualifier: []), span: token.span)
        case .leftParen:
            return try parseParenthesized()
        case .leftBracket:
            return try parseArrayElements(start: start)
        case .identifier, .quotedIdentifier:
            if token.kind == .identifier, let keywordForm = try parseKeywordForm(token) { return keywordForm }
            return try parseNameOrCall()
        default:
            throw failure(expected: "an expression")
        }
    }

    /// Forms led by a keyword; nil when the keyword is used as a plain name here.
    private mutating func parseKeywordForm(_ token: Token) throws(ParseError) -> Expression? {
        let start = token.span.start
        switch token.keyword {
        case .null: advance(); return Expression(.literal(.null), span: token.span)
        case .true: advance(); return Expression(.literal(.boolean(true)), span: token.span)
        case .false: advance(); return Expression(.literal(.boolean(false)), span: token.span)
        case .default: advance(); return Expression(.defaultValue, span: token.span)
        case .case: return try parseCase()
        case .cast: return try parseCast()
        case .extract: return try parseExtract()
        case .exists:
            advance()
            try expect(.leftParen, "'('", "after 'exists'")
            let query = try parseQuery()
            try expect(.rightParen, "')'", "to close 'exists'")
            return Expression(.exists(query), span: span(from: start))
        case .array:
            advance()
            if at(.leftBracket) { return try parseArrayElements(start: start) }
            try expect(.leftParen, "'[' or '('", "after 'array'")
            let query = try parseQuery()
            try expect(.rightParen, "')'", "to close 'array'")
            return Expression(.subquery(query, isArray: true), span: span(from: start))
        case .row where peekIs(.leftParen):
            advance()
            advance()
            let items = at(.rightParen) ? [] : try parseExpressionList()
            try expect(.rightParen, "')'", "to close 'row'")
            return Expression(.row(items), span: span(from: start))
        case .interval, .time, .timestamp:
            return try parseTypedLiteral()
        case .grouping where peekIs(.sets), .rollup where peekIs(.leftParen), .cube where peekIs(.leftParen):
            return try parseGroupingSet()
        default:
            guard ParserSets.reservedInExpressions.contains(token.keyword) && !peekIs(.leftParen) else { return nil }
            throw failure(expected: "an expression")
        }
    }

    /// `(expression)`, `(a, b)` rows, `(query)` and `(x).field`.
    private mutating func parseParenthesized() throws(ParseError) -> Expression {
        let start = offset
        let open = index
        if startsQuery(at: index + 1) {
            let savedIssues = issues.count
            advance()
            if let query = try? parseQuery(), accept(.rightParen) {
                return try parseFieldAccess(Expression(.subquery(query, isArray: false), span: span(from: start)))
            }
            index = open
            issues.removeSubrange(savedIssues...)
        }
        advance()
        let first = try parseExpression()
        var expression = first
        if at(.comma) {
            var items = [first]
            while accept(.comma) { items.append(try parseExpression()) }
            try expect(.rightParen, "')'", "to close the row")
            return Expression(.row(items), span: span(from: start))
        }
        try expect(.rightParen, "')'", "to close the parenthesized expression")
        expression.span = span(from: start)
        return try parseFieldAccess(expression)
    }

    /// `.field` or `.*` after a parenthesized expression.
    private mutating func parseFieldAccess(_ base: Expression) throws(ParseError) -> Expression {
        var expression = base
        while at(.dot) {
            advance()
            if atOperator("*") {
                advance()
                expression = Expression(.field(expression, name: nil), span: span(from: base.span.start))
            } else {
                let name = try parseIdentifier("a field name", allowingReserved: true)
                expression = Expression(.field(expression, name: name), span: span(from: base.span.start))
            }
        }
        return expression
    }

    /// `[a, b]` after ARRAY, or a nested `[…]` inside one.
    private mutating func parseArrayElements(start: Int) throws(ParseError) -> Expression {
        try expect(.leftBracket, "'['", "to open the array")
        let items = at(.rightBracket) ? [] : try parseExpressionList()
        try expect(.rightBracket, "']'", "to close the array")
        return Expression(.array(items), span: span(from: start))
    }

    /// A dotted name: a column, `t.*`, a function call, or a typed literal such as `date '2024-01-01'`.
    private mutating func parseNameOrCall() throws(ParseError) -> Expression {
        let start = offset
        var parts = [Identifier(token: advance(), bytes: bytes)]
        while at(.dot) {
            guard let next = token(at: 1) else { break }
            if next.kind == .operator && text(next) == "*" {
                index += 2
                return Expression(.star(qualifier: parts), span: span(from: start))
            }
            guard next.isWord else { break }
            index += 1
            parts.append(Identifier(token: advance(), bytes: bytes))
        }
        if at(.leftParen) { return try parseFunctionCall(name: ObjectName(parts: parts, span: span(from: start))) }
        if at(.string) && tokens[index - 1].kind == .identifier {
            let type = TypeName(
                name: parts.map { $0.normalized(for: dialect) }.joined(separator: "."), modifiers: [],
                arrayDimensions: 0, span: span(from: start))
            let value = StringLiteral.value(of: advance(), bytes)
            return Expression(.literal(.typed(type, value)), span: span(from: start))
        }
        return Expression(.column(parts), span: span(from: start))
    }

    /// `INTERVAL '1 day' [fields]`, `TIMESTAMP [WITH TIME ZONE] '…'`, `TIME '…'`; a plain name otherwise.
    private mutating func parseTypedLiteral() throws(ParseError) -> Expression {
        let start = offset
        let checkpoint = index
        let isInterval = at(.interval)
        let type = try parseType()
        guard at(.string) else {
            index = checkpoint
            return try parseNameOrCall()
        }
        let value = StringLiteral.value(of: advance(), bytes)
        var typed = type
        if isInterval {
            var fields: [String] = []
            while !atEnd && current.kind == .identifier
                && ParserSets.intervalFields.contains(text(current).asciiLowercased()) || at(.to)
            {
                fields.append(text(advance()).asciiLowercased())
            }
            if !fields.isEmpty { typed.name += " " + fields.joined(separator: " ") }
        }
        typed.span = span(from: start)
        return Expression(.literal(.typed(typed, value)), span: span(from: start))
    }

    private mutating func parseCase() throws(ParseError) -> Expression {
        let start = offset
        advance()
        let operand = at(.when) ? nil : try parseExpression()
        var branches: [CaseBranch] = []
        while accept(.when) {
            let condition = try parseExpression()
            try expect(.then, "after the 'when' condition")
            branches.append(CaseBranch(condition: condition, result: try parseExpression()))
        }
        if branches.isEmpty { throw failure(expected: "'when' in 'case'") }
        let otherwise = accept(.else) ? try parseExpression() : nil
        try expect(.end, "to close 'case'")
        return Expression(
            .caseWhen(operand: operand, branches: branches, otherwise: otherwise), span: span(from: start))
    }

    private mutating func parseCast() throws(ParseError) -> Expression {
        let start = offset
        advance()
        try expect(.leftParen, "'('", "after 'cast'")
        let value = try parseExpression()
        try expect(.as, "in 'cast'")
        let type = try parseType()
        try expect(.rightParen, "')'", "to close 'cast'")
        return Expression(.cast(value, type, isOperator: false), span: span(from: start))
    }

    private mutating func parseExtract() throws(ParseError) -> Expression {
        let start = offset
        advance()
        guard at(.leftParen) else {
            return Expression(.column([Identifier(token: tokens[index - 1], bytes: bytes)]), span: span(from: start))
        }
        advance()
        guard !atEnd && (current.kind == .identifier || current.kind == .string || current.kind == .quotedIdentifier)
        else {
            throw failure(expected: "a field name in 'extract'")
        }
        let field = current.kind == .string ? StringLiteral.value(of: current, bytes) : text(current).asciiLowercased()
        advance()
        try expect(.from, "in 'extract'")
        let value = try parseExpression()
        try expect(.rightParen, "')'", "to close 'extract'")
        return Expression(.extract(field: field, from: value), span: span(from: start))
    }

    /// `GROUPING SETS (…)`, `ROLLUP (…)`, `CUBE (…)`; `()` is the empty grouping set.
    private mutating func parseGroupingSet() throws(ParseError) -> Expression {
        let start = offset
        var kind = text(advance()).asciiLowercased()
        if accept(.sets) { kind += " sets" }
        try expect(.leftParen, "'('", "after '\(kind)'")
        var items: [Expression] = []
        if !at(.rightParen) {
            repeat {
                if at(.leftParen) && peekIs(.rightParen) {
                    let emptyStart = offset
                    index += 2
                    items.append(Expression(.row([]), span: span(from: emptyStart)))
                } else {
                    items.append(try parseExpression())
                }
            } while accept(.comma)
        }
        try expect(.rightParen, "')'", "to close '\(kind)'")
        return Expression(.groupingSet(kind: kind, items), span: span(from: start))
    }
}
