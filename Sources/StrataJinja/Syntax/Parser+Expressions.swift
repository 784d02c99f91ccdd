import StrataDiagnostics

extension Parser {
    /// An expression, optionally with conditional expressions (`a if c else b`).
    mutating func parseExpression(withCondition: Bool = true) throws(Diagnostic) -> Expr {
        if isLoneOperand { return try parsePrimary() }
        return withCondition ? try parseConditional() : try parseOr()
    }

    /// Whether the current token is a complete operand on its own (`x`, `'a'`, `1` before `,`, `)`, `}}`, …), so
    /// the precedence levels can be skipped; most expressions in templates are such operands.
    private var isLoneOperand: Bool {
        switch current.kind {
        case .string, .integer, .float: break
        case .name: if isName(current, "not") { return false }
        default: return false
        }
        switch peek().kind {
        case .variableEnd, .blockEnd, .comma, .rparen, .rbracket, .rbrace, .colon: return true
        default: return false
        }
    }

    /// Comma-separated expressions become a tuple (`{{ 1, 2 }}`, `{% for x in a, b %}`); one stays itself.
    mutating func parseTuple(
        withCondition: Bool, explicitParentheses: Bool = false, stopAtNames: [StaticString] = []
    ) throws(Diagnostic) -> Expr {
        let start = current
        var items: [Expr] = []
        var isTuple = false
        while true {
            if !items.isEmpty { _ = try expect(.comma, "','") }
            if isTupleEnd(stopAtNames) { break }
            items.append(try parseExpression(withCondition: withCondition))
            guard current.kind == .comma else { break }
            isTuple = true
        }
        if !isTuple {
            if let only = items.first { return only }
            if !explicitParentheses { throw unexpected(current, expected: "an expression") }
        }
        let end = index > 0 ? tokens[index - 1].end : start.end
        return Expr(kind: .tuple(items), span: SourceSpan(start: start.start, end: max(start.start, end)))
    }

    private func isTupleEnd(_ stopAtNames: [StaticString]) -> Bool {
        switch current.kind {
        case .variableEnd, .blockEnd, .rparen, .eof: return true
        default: return stopAtNames.contains { isName(current, $0) }
        }
    }

    mutating func parseConditional() throws(Diagnostic) -> Expr {
        var expr = try parseOr()
        while skipName("if") {
            let test = try parseOr()
            var otherwise: Expr?
            if skipName("else") { otherwise = try parseConditional() }
            let end = otherwise?.span ?? test.span
            expr = Expr(kind: .conditional(test: test, then: expr, otherwise: otherwise), span: expr.span.union(end))
        }
        return expr
    }

    /// `or` and everything that binds tighter.
    mutating func parseOr() throws(Diagnostic) -> Expr { try parseBinary(Precedence.or) }

    /// Jinja2's binding strength of binary operators, loosest first; `not` is a prefix operator between `and` and the
    /// comparisons, and comparisons chain (`a < b < c`).
    enum Precedence {
        static let or = 1, and = 2, not = 3, compare = 4, additive = 5, concat = 6, multiplicative = 7, power = 8
    }

    /// Precedence climbing over Jinja2's binary operators; all are left-associative, including `**`.
    mutating func parseBinary(_ minimum: Int) throws(Diagnostic) -> Expr {
        var lhs: Expr
        if minimum <= Precedence.not, isName(current, "not") {
            let token = advance()
            let operand = try parseBinary(Precedence.not)
            lhs = Expr(kind: .not(operand), span: token.span.union(operand.span))
        } else {
            lhs = try parseUnary()
        }
        while let (op, precedence) = peekBinaryOperator(), precedence >= minimum {
            if precedence == Precedence.compare {
                lhs = try parseComparisons(lhs)
                continue
            }
            advance()
            let rhs = try parseBinary(precedence + 1)
            let span = lhs.span.union(rhs.span)
            switch op {
            case .or: lhs = Expr(kind: .or(lhs, rhs), span: span)
            case .and: lhs = Expr(kind: .and(lhs, rhs), span: span)
            case .concat: lhs = Expr(kind: .concat(lhs, rhs), span: span)
            case .arithmetic(let arithmetic): lhs = Expr(kind: .binary(arithmetic, lhs, rhs), span: span)
            }
        }
        return lhs
    }

    private enum BinaryToken {
        case or, and, concat
        case arithmetic(BinaryOperator)
    }

    /// The binary operator at the current token and its precedence, without consuming it.
    private func peekBinaryOperator() -> (BinaryToken, Int)? {
        switch current.kind {
        case .add: return (.arithmetic(.add), Precedence.additive)
        case .sub: return (.arithmetic(.sub), Precedence.additive)
        case .tilde: return (.concat, Precedence.concat)
        case .mul: return (.arithmetic(.mul), Precedence.multiplicative)
        case .div: return (.arithmetic(.div), Precedence.multiplicative)
        case .floorDiv: return (.arithmetic(.floorDiv), Precedence.multiplicative)
        case .mod: return (.arithmetic(.mod), Precedence.multiplicative)
        case .pow: return (.arithmetic(.pow), Precedence.power)
        case .eq, .ne, .lt, .lteq, .gt, .gteq: return (.and, Precedence.compare)
        case .name:
            if isName(current, "or") { return (.or, Precedence.or) }
            if isName(current, "and") { return (.and, Precedence.and) }
            if isName(current, "in") || (isName(current, "not") && isName(peek(), "in")) {
                return (.and, Precedence.compare)
            }
            return nil
        default: return nil
        }
    }

    /// A chain of comparisons after `first`: `first < b <= c in d`.
    private mutating func parseComparisons(_ first: Expr) throws(Diagnostic) -> Expr {
        var operations: [(op: CompareOperator, operand: Expr)] = []
        while let op = takeCompareOperator() {
            operations.append((op, try parseBinary(Precedence.additive)))
        }
        guard let last = operations.last else { return first }
        return Expr(kind: .compare(first, operations), span: first.span.union(last.operand.span))
    }

    private mutating func takeCompareOperator() -> CompareOperator? {
        let op: CompareOperator
        switch current.kind {
        case .eq: op = .eq
        case .ne: op = .ne
        case .lt: op = .lt
        case .lteq: op = .lteq
        case .gt: op = .gt
        case .gteq: op = .gteq
        case .name:
            if skipName("in") { return .isIn }
            guard isName(current, "not"), isName(peek(), "in") else { return nil }
            advance()
            advance()
            return .notIn
        default: return nil
        }
        advance()
        return op
    }

    /// Unary minus/plus, then postfix access, then (unless nested in a unary) filters, tests and calls.
    mutating func parseUnary(withFilters: Bool = true) throws(Diagnostic) -> Expr {
        var expr: Expr
        if current.kind == .sub || current.kind == .add {
            let token = advance()
            let operand = try parseUnary(withFilters: false)
            expr = Expr(kind: .negate(operand, plus: token.kind == .add), span: token.span.union(operand.span))
        } else {
            expr = try parsePrimary()
        }
        expr = try parsePostfix(expr)
        return withFilters ? try parseFilterExpression(expr) : expr
    }
}
