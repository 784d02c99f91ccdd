import StrataDiagnostics

extension Parser {
    mutating func parsePrimary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .name:
            advance()
            let span = token.span
            if isName(token, "true") || isName(token, "True") { return Expr(kind: .literal(.bool(true)), span: span) }
            if isName(token, "false") || isName(token, "False") {
                return Expr(kind: .literal(.bool(false)), span: span)
            }
            if isName(token, "none") || isName(token, "None") { return Expr(kind: .literal(.none), span: span) }
            return Expr(kind: .name(text(token)), span: span)
        case .string:
            var value = try decodeString(advance())
            var end = token.end
            while current.kind == .string {
                end = current.end
                value += try decodeString(advance())
            }
            return Expr(kind: .literal(.string(value)), span: SourceSpan(start: token.start, end: end))
        case .integer:
            advance()
            return Expr(kind: .literal(.int(try decodeInteger(token))), span: token.span)
        case .float:
            advance()
            let digits = text(token).replacingUnderscores()
            guard let double = Double(digits) else {
                throw Diagnostic.error(.jinjaInvalidLiteral, "invalid float literal", in: file, at: token.span)
            }
            return Expr(kind: .literal(.double(double)), span: token.span)
        case .lparen:
            advance()
            var expr = try parseTuple(withCondition: true, explicitParentheses: true)
            let close = try expect(.rparen, "')'")
            expr.span = span(from: token, to: close)
            return expr
        case .lbracket: return try parseList()
        case .lbrace: return try parseDict()
        default:
            throw unexpected(token, expected: "an expression")
        }
    }

    private mutating func parseList() throws(Diagnostic) -> Expr {
        let open = advance()
        var items: [Expr] = []
        while current.kind != .rbracket {
            if !items.isEmpty {
                _ = try expect(.comma, "',' or ']' in the list")
                if current.kind == .rbracket { break }
            }
            items.append(try parseExpression())
        }
        let close = advance()
        return Expr(kind: .list(items), span: span(from: open, to: close))
    }

    private mutating func parseDict() throws(Diagnostic) -> Expr {
        let open = advance()
        var entries: [(key: Expr, value: Expr)] = []
        while current.kind != .rbrace {
            if !entries.isEmpty {
                _ = try expect(.comma, "',' or '}' in the dict")
                if current.kind == .rbrace { break }
            }
            let key = try parseExpression()
            _ = try expect(.colon, "':' after the dict key")
            entries.append((key, try parseExpression()))
        }
        let close = advance()
        return Expr(kind: .dict(entries), span: span(from: open, to: close))
    }

    /// `.name`, `.0`, `[index]`, `[a:b:c]` and `(arguments)` after a primary.
    mutating func parsePostfix(_ base: Expr) throws(Diagnostic) -> Expr {
        var expr = base
        while true {
            switch current.kind {
            case .dot:
                advance()
                let member = current
                if member.kind == .name {
                    advance()
                    expr = Expr(kind: .attribute(expr, name: text(member)), span: expr.span.union(member.span))
                } else if member.kind == .integer {
                    advance()
                    let index = Expr(kind: .literal(.int(try decodeInteger(member))), span: member.span)
                    expr = Expr(kind: .item(expr, index), span: expr.span.union(member.span))
                } else {
                    throw unexpected(member, expected: "an attribute name after '.'")
                }
            case .lbracket: expr = try parseSubscript(expr)
            case .lparen: expr = try parseCall(expr)
            default: return expr
            }
        }
    }

    private mutating func parseSubscript(_ base: Expr) throws(Diagnostic) -> Expr {
        advance()
        var parts: [Expr?] = [nil]
        var isSlice = false
        while current.kind != .rbracket {
            if current.kind == .colon {
                advance()
                isSlice = true
                parts.append(nil)
                guard parts.count <= 3 else { throw unexpected(current, expected: "']' after the slice") }
                continue
            }
            guard parts[parts.count - 1] == nil else { throw unexpected(current, expected: "']' or ':'") }
            parts[parts.count - 1] = try parseTuple(withCondition: true, stopAtNames: [])
            if current.kind == .rbracket { break }
            if current.kind != .colon { throw unexpected(current, expected: "']' or ':'") }
        }
        let close = advance()
        let span = base.span.union(close.span)
        if isSlice {
            while parts.count < 3 { parts.append(nil) }
            return Expr(kind: .slice(base, start: parts[0], stop: parts[1], step: parts[2]), span: span)
        }
        guard let index = parts[0] else { throw unexpected(close, expected: "an index inside '[]'") }
        return Expr(kind: .item(base, index), span: span)
    }

    mutating func parseCall(_ callee: Expr) throws(Diagnostic) -> Expr {
        let (arguments, close) = try parseCallArguments()
        return Expr(kind: .call(callee, arguments), span: callee.span.union(close.span))
    }

    /// `(a, b, key=value, *args, **kwargs)`; returns the arguments and the closing parenthesis.
    mutating func parseCallArguments() throws(Diagnostic) -> (CallArguments, Token) {
        let open = advance()
        var arguments = CallArguments()
        var needsComma = false
        while current.kind != .rparen {
            if needsComma {
                _ = try expect(.comma, "',' or ')' in the call")
                if current.kind == .rparen { break }
            }
            let token = current
            if skip(.mul) {
                guard arguments.star == nil, arguments.doubleStar == nil else { throw invalidCall(open) }
                arguments.star = try parseExpression()
            } else if skip(.pow) {
                guard arguments.doubleStar == nil else { throw invalidCall(open) }
                arguments.doubleStar = try parseExpression()
            } else if token.kind == .name, peek().kind == .assign {
                guard arguments.doubleStar == nil else { throw invalidCall(open) }
                advance()
                advance()
                arguments.keywords.append((text(token), try parseExpression()))
            } else {
                guard arguments.star == nil, arguments.doubleStar == nil, arguments.keywords.isEmpty else {
                    throw Diagnostic.error(
                        .jinjaSyntax, "positional argument follows keyword argument", in: file, at: token.span)
                }
                arguments.positional.append(try parseExpression())
            }
            needsComma = true
        }
        return (arguments, advance())
    }

    private func invalidCall(_ open: Token) -> Diagnostic {
        Diagnostic.error(.jinjaSyntax, "invalid syntax for function call expression", in: file, at: current.span)
    }

    /// Filters (`| f(x)`), tests (`is f x`) and calls that follow a unary expression.
    mutating func parseFilterExpression(_ base: Expr) throws(Diagnostic) -> Expr {
        var expr = base
        while true {
            if skip(.pipe) {
                let filter = try parseFilterCall()
                expr = Expr(kind: .filter(expr, filter), span: expr.span.union(filter.span))
            } else if isName(current, "is") {
                expr = try parseTest(expr)
            } else if current.kind == .lparen {
                expr = try parseCall(expr)
            } else {
                return expr
            }
        }
    }

    /// `name` or `name(arguments)` after a `|` (or at the start of a filter block).
    mutating func parseFilterCall() throws(Diagnostic) -> FilterCall {
        let nameToken = try expect(.name, "a filter name")
        var name = text(nameToken)
        var nameEnd = nameToken.end
        while current.kind == .dot, peek().kind == .name {
            advance()
            let part = advance()
            name += "." + text(part)
            nameEnd = part.end
        }
        let nameSpan = SourceSpan(start: nameToken.start, end: nameEnd)
        guard current.kind == .lparen else {
            return FilterCall(name: name, nameSpan: nameSpan, arguments: CallArguments(), span: nameSpan)
        }
        let (arguments, close) = try parseCallArguments()
        return FilterCall(name: name, nameSpan: nameSpan, arguments: arguments, span: nameSpan.union(close.span))
    }

    private mutating func parseTest(_ value: Expr) throws(Diagnostic) -> Expr {
        advance()
        let negated = skipName("not")
        let nameToken = try expect(.name, "a test name after 'is'")
        var arguments = CallArguments()
        var end = nameToken.span
        if current.kind == .lparen {
            let (parsed, close) = try parseCallArguments()
            arguments = parsed
            end = close.span
        } else if startsTestArgument() {
            if isName(current, "is") {
                throw Diagnostic.error(.jinjaSyntax, "tests cannot be chained with 'is'", in: file, at: current.span)
            }
            let argument = try parsePostfix(try parsePrimary())
            arguments.positional = [argument]
            end = argument.span
        }
        let test = TestCall(name: text(nameToken), nameSpan: nameToken.span, arguments: arguments, negated: negated)
        return Expr(kind: .test(value, test), span: value.span.union(end))
    }

    private func startsTestArgument() -> Bool {
        switch current.kind {
        case .name: return !(isName(current, "else") || isName(current, "or") || isName(current, "and"))
        case .string, .integer, .float, .lbracket, .lbrace: return true
        default: return false
        }
    }
}
