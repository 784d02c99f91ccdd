import StrataDiagnostics

extension Parser {
    /// An expression, optionally with conditional expressions (`a if c else b`).
    mutating func parseExpression(withCondition: Bool = true) throws(Diagnostic) -> Expr {
        withCondition ? try parseConditional() : try parseOr()
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

    mutating func parseOr() throws(Diagnostic) -> Expr {
        var expr = try parseAnd()
        while skipName("or") {
            let rhs = try parseAnd()
            expr = Expr(kind: .or(expr, rhs), span: expr.span.union(rhs.span))
        }
        return expr
    }

    mutating func parseAnd() throws(Diagnostic) -> Expr {
        var expr = try parseNot()
        while skipName("and") {
            let rhs = try parseNot()
            expr = Expr(kind: .and(expr, rhs), span: expr.span.union(rhs.span))
        }
        return expr
    }

    mutating func parseNot() throws(Diagnostic) -> Expr {
        if isName(current, "not") {
            let token = advance()
            let operand = try parseNot()
            return Expr(kind: .not(operand), span: token.span.union(operand.span))
        }
        return try parseCompare()
    }

    mutating func parseCompare() throws(Diagnostic) -> Expr {
        let first = try parseMath1()
        var operations: [(op: CompareOperator, operand: Expr)] = []
        while let op = takeCompareOperator() {
            operations.append((op, try parseMath1()))
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

    mutating func parseMath1() throws(Diagnostic) -> Expr {
        var expr = try parseConcat()
        while current.kind == .add || current.kind == .sub {
            let op: BinaryOperator = advance().kind == .add ? .add : .sub
            let rhs = try parseConcat()
            expr = Expr(kind: .binary(op, expr, rhs), span: expr.span.union(rhs.span))
        }
        return expr
    }

    mutating func parseConcat() throws(Diagnostic) -> Expr {
        var expr = try parseMath2()
        while skip(.tilde) {
            let rhs = try parseMath2()
            expr = Expr(kind: .concat(expr, rhs), span: expr.span.union(rhs.span))
        }
        return expr
    }

    mutating func parseMath2() throws(Diagnostic) -> Expr {
        var expr = try parsePow()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .mul: op = .mul
            case .div: op = .div
            case .floorDiv: op = .floorDiv
            case .mod: op = .mod
            default: return expr
            }
            advance()
            let rhs = try parsePow()
            expr = Expr(kind: .binary(op, expr, rhs), span: expr.span.union(rhs.span))
        }
    }

    mutating func parsePow() throws(Diagnostic) -> Expr {
        var expr = try parseUnary()
        while skip(.pow) {
            let rhs = try parseUnary()
            expr = Expr(kind: .binary(.pow, expr, rhs), span: expr.span.union(rhs.span))
        }
        return expr
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
