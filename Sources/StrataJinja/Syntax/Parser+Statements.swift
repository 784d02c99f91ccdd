import StrataDiagnostics

extension Parser {
    /// Parses one `{% … %}` statement at the current `{%` token; returns nil for tags that produce no node.
    mutating func parseStatement() throws(Diagnostic) -> Node? {
        let begin = advance()
        let nameToken = current
        guard nameToken.kind == .name else { throw unexpected(nameToken, expected: "a tag name after '{%'") }
        let name = text(nameToken)
        advance()
        switch name {
        case "if": return try parseIf(begin)
        case "for": return try parseFor(begin)
        case "set": return try parseSet(begin)
        case "macro": return try parseMacro(begin)
        case "call": return try parseCallBlock(begin)
        case "filter": return try parseFilterBlock(begin)
        case "do":
            let expr = try parseTuple(withCondition: true)
            return .expression(expr, tag: span(from: begin, to: try expectBlockEnd("do")))
        case "break", "continue": return try parseLoopControl(name, begin)
        case "with": return try parseWith(begin)
        case "include": return try parseInclude(begin)
        case "import": return try parseImport(begin)
        case "from": return try parseFromImport(begin)
        default:
            if let blockTag = options.blockTag(named: name) {
                return try parseNamedBlock(blockTag, nameToken: nameToken, begin: begin)
            }
            throw misplacedTag(name, nameToken: nameToken, begin: begin)
        }
    }

    mutating func parseIf(_ begin: Token) throws(Diagnostic) -> Node {
        // As in Jinja2, an `if` test takes no inline `a if b else c` of its own.
        var condition = try parseTuple(withCondition: false)
        let tag = span(from: begin, to: try expectBlockEnd("if"))
        return try withOpenBlock("if", tag: tag) { (parser: inout Parser) throws(Diagnostic) -> Node in
            var branches: [(condition: Expr, body: [Node])] = []
            while true {
                let body = try parser.parseBody(until: ["elif", "else", "endif"])
                branches.append((condition, body))
                switch parser.consumeTagName() {
                case "elif":
                    condition = try parser.parseTuple(withCondition: false)
                    _ = try parser.expectBlockEnd("elif")
                case "else":
                    _ = try parser.expectBlockEnd("else")
                    let otherwise = try parser.parseBody(until: ["endif"])
                    parser.consumeTagName()
                    _ = try parser.expectBlockEnd("endif")
                    return .ifBlock(branches, otherwise: otherwise)
                default:
                    _ = try parser.expectBlockEnd("endif")
                    return .ifBlock(branches, otherwise: nil)
                }
            }
        }
    }

    mutating func parseFor(_ begin: Token) throws(Diagnostic) -> Node {
        let target = try parseAssignTarget(allowNamespace: false, tag: "for")
        guard skipName("in") else { throw unexpected(current, expected: "'in' after the loop variable") }
        let iterable = try parseTuple(withCondition: false, stopAtNames: ["recursive"])
        var filter: Expr?
        if skipName("if") { filter = try parseTuple(withCondition: true) }
        if isName(current, "recursive") {
            throw Diagnostic.error(
                .jinjaSyntax, "recursive loops are not supported", in: file, at: current.span,
                help: "call a macro recursively instead")
        }
        let tag = span(from: begin, to: try expectBlockEnd("for"))
        return try withOpenBlock("for", tag: tag) { (parser: inout Parser) throws(Diagnostic) -> Node in
            parser.loopDepth += 1
            let body = try parser.parseBody(until: ["else", "endfor"])
            parser.loopDepth -= 1
            var otherwise: [Node]?
            if parser.consumeTagName() == "else" {
                _ = try parser.expectBlockEnd("else")
                otherwise = try parser.parseBody(until: ["endfor"])
                parser.consumeTagName()
            }
            _ = try parser.expectBlockEnd("endfor")
            let usesLoop = NameScan.mentions("loop", in: body, includingMacros: true)
            return .forLoop(
                ForLoop(
                    target: target, iterable: iterable, filter: filter, body: body, otherwise: otherwise,
                    usesLoop: usesLoop, tag: tag))
        }
    }

    mutating func parseSet(_ begin: Token) throws(Diagnostic) -> Node {
        let target = try parseAssignTarget(allowNamespace: true, tag: "set")
        if skip(.assign) {
            let value = try parseTuple(withCondition: true)
            return .set(target, value, tag: span(from: begin, to: try expectBlockEnd("set")))
        }
        var filters: [FilterCall] = []
        while skip(.pipe) { filters.append(try parseFilterCall()) }
        let tag = span(from: begin, to: try expectBlockEnd("set"))
        return try withOpenBlock("set", tag: tag) { (parser: inout Parser) throws(Diagnostic) -> Node in
            let body = try parser.parseBody(until: ["endset"])
            parser.consumeTagName()
            _ = try parser.expectBlockEnd("endset")
            return .setBlock(target, filters: filters, body: body, tag: tag)
        }
    }

    mutating func parseFilterBlock(_ begin: Token) throws(Diagnostic) -> Node {
        var filters = [try parseFilterCall()]
        while skip(.pipe) { filters.append(try parseFilterCall()) }
        let tag = span(from: begin, to: try expectBlockEnd("filter"))
        return try withOpenBlock("filter", tag: tag) { (parser: inout Parser) throws(Diagnostic) -> Node in
            let body = try parser.parseBody(until: ["endfilter"])
            parser.consumeTagName()
            _ = try parser.expectBlockEnd("endfilter")
            return .filterBlock(filters: filters, body: body, tag: tag)
        }
    }

    mutating func parseLoopControl(_ name: String, _ begin: Token) throws(Diagnostic) -> Node {
        let end = try expectBlockEnd(name)
        let tag = span(from: begin, to: end)
        guard loopDepth > 0 else {
            throw Diagnostic.error(
                .jinjaLoopControlOutsideLoop, "'\(name)' outside of a for loop", in: file, at: tag,
                label: "not inside a loop")
        }
        return .loopControl(isBreak: name == "break", tag: tag)
    }

    mutating func parseWith(_ begin: Token) throws(Diagnostic) -> Node {
        var assignments: [(target: AssignTarget, value: Expr)] = []
        while current.kind != .blockEnd {
            if !assignments.isEmpty { _ = try expect(.comma, "',' between assignments") }
            let target = try parseAssignTarget(allowNamespace: false, tag: "with", allowTuple: false)
            _ = try expect(.assign, "'=' after the name")
            assignments.append((target, try parseExpression()))
        }
        let tag = span(from: begin, to: try expectBlockEnd("with"))
        return try withOpenBlock("with", tag: tag) { (parser: inout Parser) throws(Diagnostic) -> Node in
            let body = try parser.parseBody(until: ["endwith"])
            parser.consumeTagName()
            _ = try parser.expectBlockEnd("endwith")
            return .with(assignments, body: body, tag: tag)
        }
    }

    /// `a`, `a, b`, `(a, b), c` and, in `set`, `ns.attribute`.
    mutating func parseAssignTarget(allowNamespace: Bool, tag: String, allowTuple: Bool = true) throws(Diagnostic)
        -> AssignTarget
    {
        let start = current
        var items: [AssignTarget] = []
        var sawComma = false
        repeat {
            if current.kind == .blockEnd || current.kind == .assign || isName(current, "in") { break }
            items.append(try parseSingleTarget(allowNamespace: allowNamespace, tag: tag))
            guard allowTuple, skip(.comma) else { break }
            sawComma = true
        } while true
        guard !items.isEmpty else { throw unexpected(current, expected: "a name to assign to in '\(tag)'") }
        if items.count == 1 && !sawComma { return items[0] }
        return .tuple(items, SourceSpan(start: start.start, end: tokens[index - 1].end))
    }

    private mutating func parseSingleTarget(allowNamespace: Bool, tag: String) throws(Diagnostic) -> AssignTarget {
        if current.kind == .lparen {
            let open = advance()
            let inner = try parseAssignTarget(allowNamespace: false, tag: tag)
            let close = try expect(.rparen, "')'")
            if case .tuple(let items, _) = inner { return .tuple(items, span(from: open, to: close)) }
            return inner
        }
        guard current.kind == .name else {
            throw Diagnostic.error(
                .jinjaInvalidTarget, "cannot assign to \(describe(current)) in '\(tag)'", in: file, at: current.span,
                help: "assign to a plain name such as 'x' or 'a, b'")
        }
        let nameToken = advance()
        if allowNamespace, current.kind == .dot, peek().kind == .name {
            advance()
            let attribute = advance()
            return .namespaceAttribute(
                namespace: text(nameToken), attribute: text(attribute), span(from: nameToken, to: attribute))
        }
        return .name(text(nameToken), nameToken.span)
    }
}
