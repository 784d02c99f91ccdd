import StrataDiagnostics

/// Statement dispatch, error recovery, and the statements modelled around queries.
extension ParserState {
    /// Parses the statement in `range`. A failure becomes an opaque statement: an error if the text is certainly
    /// invalid (unless the lexer already reported a problem inside it), a warning otherwise.
    mutating func parseStatement(_ range: Range<Int>, lexerIssues: [Issue]) -> Statement {
        index = range.lowerBound
        end = range.upperBound
        let whole = SourceSpan(start: tokens[range.lowerBound].span.start, end: tokens[range.upperBound - 1].span.end)
        let lexerFailed = lexerIssues.contains { $0.span.start >= whole.start && $0.span.start <= whole.end }
        do {
            let kind = try parseStatementKind()
            if !atEnd { try reportTrailing() }
            return Statement(kind: kind, span: whole)
        } catch {
            if !lexerFailed || !error.definite { record(error) }
            return Statement(kind: .opaque(OpaqueNode(span: whole, reason: error.message)), span: whole)
        }
    }

    /// Records a parse failure as an error or an "unsupported syntax" warning.
    mutating func record(_ error: ParseError) {
        if error.definite {
            issues.append(.error(error.code, error.message, at: error.span, label: error.label))
        } else {
            issues.append(
                .warning(
                    .sqlUnsupportedSyntax, "unsupported syntax: \(error.message); kept as opaque text", at: error.span,
                    label: "not modelled by the parser"))
        }
    }

    /// Text after a complete statement: a literal, a comma or a name that is not called there is certainly an
    /// error; a keyword or `name(` may start syntax the parser does not model.
    private mutating func reportTrailing() throws(ParseError) {
        let token = current
        let called = peekIs(.leftParen)
        switch token.kind {
        case .identifier where token.keyword == .notKeyword && !called, .quotedIdentifier, .string, .number, .comma:
            throw ParseError(
                message: "unexpected '\(text(token))' after the end of the statement", span: token.span,
                label: "expected ';' or the end of the text", definite: true)
        default:
            throw failure(expected: "the end of the statement")
        }
    }

    private mutating func parseStatementKind() throws(ParseError) -> Statement.Kind {
        switch current.keyword {
        case .with, .select, .values, .table: return .query(try parseQuery())
        case .insert: return .insert(try parseInsert())
        case .replace where peekIs(.into): return .insert(try parseInsert())
        case .update: return .update(try parseUpdate())
        case .delete: return .delete(try parseDelete())
        case .create: return try parseCreate()
        default: break
        }
        if at(.leftParen) { return .query(try parseQuery()) }
        if ScanSets.utilityStarts.contains(current.keyword) {
            let keyword = current.keyword
            index = end
            return .utility(keyword)
        }
        throw ParseError(
            message: "'\(text(current).asciiLowercased())' statements are not modelled", span: current.span, label: "",
            definite: false)
    }

    private mutating func parseInsert() throws(ParseError) -> InsertStatement {
        advance()
        if accept(.or) { advance() }
        if !accept(.into) && tokens[index - 1].is(.insert) { throw failure(expected: "'into' after 'insert'") }
        let target = try parseObjectName("the table to insert into")
        if accept(.as) { _ = try parseIdentifier("an alias") }
        var columns: [Identifier] = []
        if at(.leftParen) && !startsQuery(at: index + 1) { columns = try parseIdentifierList("for the column list") }
        if accept(.overriding) { index = min(index + 2, end) }
        var source: Query?
        if accept(.default) {
            try expect(.values, "after 'default'")
        } else {
            source = try parseQuery()
        }
        var onConflict: OpaqueNode?
        if at(.on) && peekIs(.conflict) {
            let start = offset
            while !atEnd && !at(.returning) { at(.leftParen) ? skipGroup() : (index += 1) }
            onConflict = OpaqueNode(span: span(from: start), reason: "ON CONFLICT is kept as text")
        }
        return InsertStatement(
            target: target, columns: columns, source: source, onConflict: onConflict, returning: try parseReturning())
    }

    private mutating func parseUpdate() throws(ParseError) -> UpdateStatement {
        advance()
        if accept(.or) { advance() }
        _ = accept(.only)
        let target = try parseObjectName("the table to update")
        let alias = try parseAlias()?.name
        try expect(.set, "after the table to update")
        var assignments: [Assignment] = []
        repeat {
            let columns =
                at(.leftParen) ? try parseIdentifierList("for the assigned columns") : [try parseIdentifier("a column")]
            guard atOperator("=") else { throw failure(expected: "'=' in the assignment") }
            advance()
            assignments.append(Assignment(columns: columns, value: try parseExpression()))
        } while accept(.comma)
        let from = accept(.from) ? try parseFromList() : []
        let filter = accept(.where) ? try parseExpression() : nil
        return UpdateStatement(
            target: target, alias: alias, assignments: assignments, from: from, whereClause: filter,
            returning: try parseReturning())
    }

    private mutating func parseDelete() throws(ParseError) -> DeleteStatement {
        advance()
        try expect(.from, "after 'delete'")
        _ = accept(.only)
        let target = try parseObjectName("the table to delete from")
        let alias = try parseAlias()?.name
        let using = accept(.using) ? try parseFromList() : []
        let filter = accept(.where) ? try parseExpression() : nil
        return DeleteStatement(
            target: target, alias: alias, using: using, whereClause: filter, returning: try parseReturning())
    }

    private mutating func parseReturning() throws(ParseError) -> [SelectItem] {
        guard accept(.returning) else { return [] }
        return try parseSelectItems()
    }

    /// `CREATE … (TABLE | VIEW | MATERIALIZED VIEW) …`; other CREATE statements are not modelled.
    private mutating func parseCreate() throws(ParseError) -> Statement.Kind {
        let createToken = advance()
        var orReplace = false
        if accept(.or) {
            try expect(.replace, "after 'or'")
            orReplace = true
        }
        while at(.temp) || at(.temporary) || at(.unlogged) || at(.global) || at(.local) { advance() }
        let materialized = accept(.materialized)
        _ = accept(.recursive)
        let objectKind: CreateStatement.ObjectKind
        if accept(.view) {
            objectKind = materialized ? .materializedView : .view
        } else if !materialized && accept(.table) {
            objectKind = .table
        } else {
            let what = atEnd ? "" : " " + text(current).asciiLowercased()
            throw ParseError(
                message: "'create\(what)' statements are not modelled", span: createToken.span, label: "",
                definite: false)
        }
        var ifNotExists = false
        if accept(.if) {
            try expect(.not, "after 'if'")
            try expect(.exists, "after 'if not'")
            ifNotExists = true
        }
        let name = try parseObjectName("the name of the new relation")
        var create = CreateStatement(
            objectKind: objectKind, name: name, orReplace: orReplace, ifNotExists: ifNotExists, columns: [], query: nil)
        try parseCreateBody(&create)
        return .create(create)
    }

    private mutating func parseCreateBody(_ create: inout CreateStatement) throws(ParseError) {
        if at(.leftParen) {
            create.columns =
                try create.objectKind == .table ? parseColumnDefinitions() : parseIdentifierList("for the columns")
        }
        if at(.with) && peekIs(.leftParen) {
            advance()
            skipGroup()
        }
        guard accept(.as) else {
            if create.objectKind != .table { throw failure(expected: "'as' and the view's query") }
            return
        }
        create.query = try parseQuery()
        if accept(.with) {
            _ = accept(.no) || accept(.cascaded) || accept(.local)
            if !accept(.data) {
                try expect(.check, "after 'with'")
                try expect(.option, "after 'with check'")
            }
        }
    }

    /// The names of `(name type …, …, constraint …)`; types and constraints are skipped.
    private mutating func parseColumnDefinitions() throws(ParseError) -> [Identifier] {
        let close = Int(current.partner)
        guard close > index && close < end else { throw failure(expected: "')' to close the column definitions") }
        advance()
        var names: [Identifier] = []
        var expectingName = true
        while index < close {
            if expectingName && atName() && !ParserSets.tableConstraintStarts.contains(current.keyword) {
                names.append(Identifier(token: current, bytes: bytes))
            }
            expectingName = at(.comma)
            at(.leftParen) ? skipGroup() : (index += 1)
        }
        index = close + 1
        return names
    }

    /// Whether a query starts at token `position`, looking through opening parentheses.
    func startsQuery(at position: Int) -> Bool {
        var position = position
        while position < end && tokens[position].kind == .leftParen { position += 1 }
        guard position < end else { return false }
        let keyword = tokens[position].keyword
        return keyword == .select || keyword == .with || keyword == .values || keyword == .table
    }
}
