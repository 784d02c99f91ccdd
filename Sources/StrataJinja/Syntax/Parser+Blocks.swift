import StrataDiagnostics

extension Parser {
    mutating func parseMacro(_ begin: Token) throws(Diagnostic) -> Node {
        let nameToken = try expect(.name, "a macro name after 'macro'")
        let name = text(nameToken)
        let parameters = try parseSignature(of: name)
        let tag = span(from: begin, to: try expectBlockEnd("macro"))
        let body = try parseMacroBody(kind: "macro", tag: tag)
        return .macro(MacroDefinition(name: name, parameters: parameters, body: body, file: file, tag: tag))
    }

    /// Parses a body up to `{% end<kind> %}` with loop controls reset, as macro bodies are their own function.
    mutating func parseMacroBody(kind: String, tag: SourceSpan) throws(Diagnostic) -> [Node] {
        try withOpenBlock(kind, tag: tag) { (parser: inout Parser) throws(Diagnostic) -> [Node] in
            let savedDepth = parser.loopDepth
            parser.loopDepth = 0
            let body = try parser.parseBody(until: ["end\(kind)"])
            parser.loopDepth = savedDepth
            parser.consumeTagName()
            if parser.current.kind == .name { parser.advance() }
            _ = try parser.expectBlockEnd("end\(kind)")
            return body
        }
    }

    /// `(a, b=1, c='x')`: names, defaults, no repeats and no required parameter after a default.
    mutating func parseSignature(of name: String) throws(Diagnostic) -> [MacroDefinition.Parameter] {
        _ = try expect(.lparen, "'(' to start the parameters of '\(name)'")
        var parameters: [MacroDefinition.Parameter] = []
        while current.kind != .rparen {
            if !parameters.isEmpty {
                _ = try expect(.comma, "',' or ')' in the parameters of '\(name)'")
                if current.kind == .rparen { break }
            }
            let token = try expect(.name, "a parameter name")
            let parameter = text(token)
            if parameters.contains(where: { $0.name == parameter }) {
                throw Diagnostic.error(
                    .jinjaInvalidSignature, "duplicate parameter '\(parameter)' in '\(name)'", in: file, at: token.span)
            }
            var defaultValue: Expr?
            if skip(.assign) {
                defaultValue = try parseExpression()
            } else if parameters.contains(where: { $0.defaultValue != nil }) {
                throw Diagnostic.error(
                    .jinjaInvalidSignature, "parameter '\(parameter)' without a default follows one with a default",
                    in: file, at: token.span, help: "give '\(parameter)' a default or move it before the defaults")
            }
            parameters.append(.init(name: parameter, defaultValue: defaultValue, span: token.span))
        }
        advance()
        return parameters
    }

    mutating func parseCallBlock(_ begin: Token) throws(Diagnostic) -> Node {
        var parameters: [MacroDefinition.Parameter] = []
        if current.kind == .lparen { parameters = try parseSignature(of: "caller") }
        let call = try parseExpression()
        guard case .call = call.kind else {
            throw Diagnostic.error(
                .jinjaSyntax, "expected a call such as 'm()' after 'call'", in: file, at: call.span,
                label: "not a call")
        }
        let tag = span(from: begin, to: try expectBlockEnd("call"))
        let body = try parseMacroBody(kind: "call", tag: tag)
        let caller = MacroDefinition(name: "caller", parameters: parameters, body: body, file: file, tag: tag)
        return .callBlock(call: call, caller: caller, tag: tag)
    }

    mutating func parseInclude(_ begin: Token) throws(Diagnostic) -> Node {
        let name = try parseExpression()
        var ignoreMissing = false
        if isName(current, "ignore"), isName(peek(), "missing") {
            advance()
            advance()
            ignoreMissing = true
        }
        let withContext = parseContextModifier(default: true)
        let tag = span(from: begin, to: try expectBlockEnd("include"))
        return .include(name, ignoreMissing: ignoreMissing, withContext: withContext, tag: tag)
    }

    mutating func parseImport(_ begin: Token) throws(Diagnostic) -> Node {
        let name = try parseExpression()
        guard skipName("as") else { throw unexpected(current, expected: "'as' after the imported template") }
        let alias = text(try expect(.name, "a name after 'as'"))
        let withContext = parseContextModifier(default: false)
        let tag = span(from: begin, to: try expectBlockEnd("import"))
        return .importModule(name, alias: alias, withContext: withContext, tag: tag)
    }

    mutating func parseFromImport(_ begin: Token) throws(Diagnostic) -> Node {
        let name = try parseExpression()
        guard skipName("import") else { throw unexpected(current, expected: "'import' after the template name") }
        var names: [(name: String, alias: String)] = []
        repeat {
            if isName(current, "with") || isName(current, "without"), isName(peek(), "context") { break }
            let imported = text(try expect(.name, "a name to import"))
            var alias = imported
            if skipName("as") { alias = text(try expect(.name, "a name after 'as'")) }
            names.append((imported, alias))
        } while skip(.comma)
        let withContext = parseContextModifier(default: false)
        let tag = span(from: begin, to: try expectBlockEnd("from"))
        return .fromImport(name, names: names, withContext: withContext, tag: tag)
    }

    private mutating func parseContextModifier(default value: Bool) -> Bool {
        guard isName(peek(), "context") else { return value }
        if skipName("with") {
            advance()
            return true
        }
        if skipName("without") {
            advance()
            return false
        }
        return value
    }

    /// A host-defined block such as `{% docs name %}…{% enddocs %}`; recorded in `namedBlocks`.
    /// - Returns: a macro node for blocks declared with `.macro(prefix:)`, otherwise nil (renders nothing).
    mutating func parseNamedBlock(_ blockTag: BlockTag, nameToken: Token, begin: Token) throws(Diagnostic) -> Node? {
        let kind = blockTag.name
        let blockName = text(try expect(.name, "a name after '\(kind)'"))
        var arguments: [NamedBlock.Argument] = []
        var parameters: [MacroDefinition.Parameter] = []
        switch blockTag.header {
        case .name: break
        case .nameAndArguments: arguments = try parseBlockArguments()
        case .macro: parameters = try parseSignature(of: blockName)
        }
        let openEnd = try expectBlockEnd(kind)
        let tag = span(from: begin, to: openEnd)
        let body = try parseMacroBody(kind: kind, tag: tag)
        let closeStart = tokens[index - 1].end
        var definition: MacroDefinition?
        if case .macro(let prefix) = blockTag.header {
            definition = MacroDefinition(
                name: prefix + blockName, parameters: parameters, body: body, file: file, tag: tag)
        }
        let bodyEnd = lastBlockBegin(before: index)
        namedBlocks.append(
            NamedBlock(
                kind: kind, name: blockName, arguments: arguments,
                macro: definition.map { Macro(definition: $0) },
                body: Template(file: file, nodes: body, namedBlocks: []),
                span: SourceSpan(start: begin.start, end: closeStart), tagSpan: tag,
                bodySpan: SourceSpan(start: openEnd.end, end: bodyEnd)))
        return definition.map { .macro($0) }
    }

    /// The start of the `{%` that opened the most recent closing tag.
    private func lastBlockBegin(before position: Int) -> Int {
        var cursor = position - 1
        while cursor > 0, tokens[cursor].kind != .blockBegin { cursor -= 1 }
        return tokens[cursor].start
    }

    /// `, flag, key='literal'` after a block name.
    private mutating func parseBlockArguments() throws(Diagnostic) -> [NamedBlock.Argument] {
        var arguments: [NamedBlock.Argument] = []
        while skip(.comma) {
            let nameToken = try expect(.name, "an argument name")
            if skip(.assign) {
                let value = try parseExpression()
                arguments.append(.init(name: text(nameToken), value: value.literalValue, span: value.span))
            } else {
                arguments.append(.init(name: text(nameToken), value: .bool(true), span: nameToken.span))
            }
        }
        return arguments
    }
}
