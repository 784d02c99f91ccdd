import StrataDiagnostics

/// Binding powers, loosest first, following PostgreSQL's operator precedence table.
enum Precedence {
    static let or = 10
    static let and = 20
    static let not = 30
    static let isTest = 40
    static let comparison = 50
    static let like = 60
    static let otherOperator = 70
    static let additive = 80
    static let multiplicative = 90
    static let sqliteConcatenation = 95
    static let exponent = 100
    static let atTimeZone = 110
    static let collate = 120
    static let unary = 130
    static let `subscript` = 140
    static let cast = 150
}

/// The Pratt loop: prefix operators, infix operators by binding power, and postfix forms.
extension ParserState {
    /// Parses an expression whose operators all bind tighter than `minimum`.
    mutating func parseExpression(_ minimum: Int = 0) throws(ParseError) -> Expression {
        var left = try parsePrefix()
        while !atEnd {
            let power = infixPower()
            guard power > minimum else { break }
            left = try parseInfix(left, power)
        }
        return left
    }

    private mutating func parsePrefix() throws(ParseError) -> Expression {
        let start = offset
        if at(.not) {
            advance()
            let operand = try parseExpression(Precedence.not)
            return Expression(.unary(op: "not", operand: operand), span: span(from: start))
        }
        if at(.operator) && !atOperator("*") {
            let op = text(current)
            if op == "::" || op == ":" || op == ":=" || op == "=>" { throw failure(expected: "an expression") }
            advance()
            if op == "?" { return Expression(.parameter(op), span: span(from: start)) }
            let operand = try parseExpression(Precedence.unary)
            return Expression(.unary(op: op, operand: operand), span: span(from: start))
        }
        return try parsePrimary()
    }

    /// The binding power of the current token as an infix or postfix operator, or 0.
    private func infixPower() -> Int {
        let next = current
        switch next.kind {
        case .operator: return operatorPower(text(next))
        case .leftBracket: return Precedence.subscript
        case .identifier: break
        default: return 0
        }
        switch next.keyword {
        case .or: return Precedence.or
        case .and: return Precedence.and
        case .is, .isnull, .notnull: return Precedence.isTest
        case .in, .between, .like, .ilike, .similar, .glob, .regexp, .match: return Precedence.like
        case .not:
            guard let next = token(at: 1)?.keyword else { return 0 }
            return ParserSets.negatable.contains(next) ? Precedence.like : 0
        case .collate: return Precedence.collate
        case .at:
            return peekIs(.time) || token(at: 1).map({ text($0).asciiLowercased() == "local" }) == true
                ? Precedence.atTimeZone : 0
        default: return 0
        }
    }

    private func operatorPower(_ op: String) -> Int {
        switch op {
        case "=", "<>", "!=", "<", ">", "<=", ">=", "==": return Precedence.comparison
        case "+", "-": return Precedence.additive
        case "*", "/", "%": return Precedence.multiplicative
        case "^": return Precedence.exponent
        case "::": return Precedence.cast
        case ":", ":=", "=>": return 0
        case "||", "->", "->>":
            return dialect.concatenationBindsTightly ? Precedence.sqliteConcatenation : Precedence.otherOperator
        default: return Precedence.otherOperator
        }
    }

    private mutating func parseInfix(_ left: Expression, _ power: Int) throws(ParseError) -> Expression {
        let start = left.span.start
        let token = current
        if token.kind == .leftBracket { return try parseSubscript(left) }
        if token.kind == .operator {
            let op = text(advance())
            if op == "::" {
                let type = try parseType()
                return Expression(.cast(left, type, isOperator: true), span: span(from: start))
            }
            if power == Precedence.comparison, let quantifier = acceptQuantifier() {
                let operand = try parseParenthesizedOperand()
                return Expression(.quantified(left, op: op, quantifier: quantifier, operand), span: span(from: start))
            }
            let right = try parseExpression(power)
            return Expression(.binary(op: op, left: left, right: right), span: span(from: start))
        }
        switch token.keyword {
        case .or, .and:
            advance()
            let right = try parseExpression(power)
            return Expression(.binary(op: token.keyword.description, left: left, right: right), span: span(from: start))
        case .is, .isnull, .notnull: return try parseIsTest(left)
        case .collate:
            advance()
            let collation = try parseObjectName("a collation name")
            return Expression(.collate(left, collation: collation), span: span(from: start))
        case .at:
            advance()
            if accept(.time) {
                try expect(.zone, "after 'at time'")
                let zone = try parseExpression(Precedence.atTimeZone)
                return Expression(.atTimeZone(left, zone: zone), span: span(from: start))
            }
            advance()
            return Expression(
                .atTimeZone(left, zone: Expression(.literal(.string("local")), span: tokens[index - 1].span)),
                span: span(from: start))
        default:
            let negated = accept(.not)
            return try parsePredicate(left, negated: negated)
        }
    }

    private mutating func acceptQuantifier() -> String? {
        guard (at(.any) || at(.some) || at(.all)) && peekIs(.leftParen) else { return nil }
        return advance().keyword.description
    }

    /// `(query)` or `(expression)` after ANY/SOME/ALL.
    private mutating func parseParenthesizedOperand() throws(ParseError) -> Expression {
        let start = offset
        advance()
        if startsQuery(at: index) {
            let query = try parseQuery()
            try expect(.rightParen, "')'", "to close the subquery")
            return Expression(.subquery(query, isArray: false), span: span(from: start))
        }
        let operand = try parseExpression()
        try expect(.rightParen, "')'", "after the array")
        return operand
    }

    private mutating func parseIsTest(_ left: Expression) throws(ParseError) -> Expression {
        let start = left.span.start
        let keyword = advance().keyword
        if keyword == .isnull {
            return Expression(.isTest(left, test: "null", negated: false), span: span(from: start))
        }
        if keyword == .notnull {
            return Expression(.isTest(left, test: "null", negated: true), span: span(from: start))
        }
        let negated = accept(.not)
        if accept(.distinct) {
            try expect(.from, "after 'is distinct'")
            let right = try parseExpression(Precedence.isTest)
            return Expression(.isDistinctFrom(left, right, negated: negated), span: span(from: start))
        }
        if at(.null) || at(.true) || at(.false) || at(Keyword.unknown) {
            let test = advance().keyword.description
            return Expression(.isTest(left, test: test, negated: negated), span: span(from: start))
        }
        let right = try parseExpression(Precedence.isTest)
        return Expression(.isDistinctFrom(left, right, negated: !negated), span: span(from: start))
    }

    /// IN, BETWEEN and the LIKE family, after an optional NOT.
    private mutating func parsePredicate(_ left: Expression, negated: Bool) throws(ParseError) -> Expression {
        let start = left.span.start
        let keyword = advance().keyword
        switch keyword {
        case .in: return try parseIn(left, negated: negated)
        case .between:
            _ = accept(.symmetric) || accept(.asymmetric)
            let low = try parseExpression(Precedence.like)
            try expect(.and, "in 'between'")
            let high = try parseExpression(Precedence.like)
            return Expression(.between(left, low: low, high: high, negated: negated), span: span(from: start))
        default:
            var op = keyword.description
            if keyword == .similar {
                try expect(.to, "after 'similar'")
                op = "similar to"
            }
            let pattern = try parseExpression(Precedence.like)
            let escape = accept(.escape) ? try parseExpression(Precedence.like) : nil
            return Expression(
                .like(left, pattern: pattern, op: op, negated: negated, escape: escape), span: span(from: start))
        }
    }

    private mutating func parseIn(_ left: Expression, negated: Bool) throws(ParseError) -> Expression {
        let start = left.span.start
        if !at(.leftParen) && dialect.inTableReferences {
            let name = try parseObjectName("a list, subquery or table after 'in'")
            let table = Expression(.column(name.parts), span: name.span)
            return Expression(.inList(left, [table], negated: negated), span: span(from: start))
        }
        try expect(.leftParen, "'('", "after 'in'")
        if startsQuery(at: index) {
            let query = try parseQuery()
            try expect(.rightParen, "')'", "to close the subquery")
            return Expression(.inQuery(left, query, negated: negated), span: span(from: start))
        }
        let list = at(.rightParen) ? [] : try parseExpressionList()
        try expect(.rightParen, "')'", "to close the list")
        return Expression(.inList(left, list, negated: negated), span: span(from: start))
    }

    /// `x[i]` or `x[lo:hi]`.
    private mutating func parseSubscript(_ base: Expression) throws(ParseError) -> Expression {
        advance()
        var lower: Expression?
        var upper: Expression?
        var isSlice = false
        if !atOperator(":") { lower = try parseExpression() }
        if atOperator(":") {
            advance()
            isSlice = true
            if !at(.rightBracket) { upper = try parseExpression() }
        }
        try expect(.rightBracket, "']'", "to close the subscript")
        return Expression(
            .subscripted(base, index: lower, upper: upper, isSlice: isSlice), span: span(from: base.span.start))
    }
}
