import StrataDiagnostics

/// From lists, joins and aliases.
extension ParserState {
    /// A from list; the keyword that introduced it (`FROM`, `USING`) was just consumed.
    mutating func parseFromList() throws(ParseError) -> [FromItem] {
        var items: [FromItem] = []
        repeat { items.append(try parseJoinedItem()) } while accept(.comma)
        return items
    }

    /// A from item followed by any number of joins.
    private mutating func parseJoinedItem() throws(ParseError) -> FromItem {
        var left = try parseFromPrimary(introducer: index - 1)
        while let (type, natural) = try parseJoinKeywords() {
            let right = try parseFromPrimary(introducer: index - 1)
            var condition = Join.Condition.none
            if type != .cross && !natural {
                if accept(.on) {
                    condition = .on(try parseExpression())
                } else if accept(.using) {
                    condition = .using(try parseIdentifierList("after 'using'"))
                } else {
                    throw failure(expected: "'on' or 'using' after the joined relation")
                }
            }
            let join = Join(left: left, right: right, type: type, natural: natural, condition: condition)
            left = FromItem(kind: .join(join), span: left.span.union(span(from: right.span.start)))
        }
        return left
    }

    /// `[NATURAL] [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER] | CROSS] JOIN`, or nil.
    private mutating func parseJoinKeywords() throws(ParseError) -> (Join.JoinType, Bool)? {
        guard !atEnd else { return nil }
        let start = index
        let natural = accept(.natural)
        var type = Join.JoinType.inner
        switch current.keyword {
        case .join: break
        case .inner: advance()
        case .left, .right, .full:
            if peekIs(.leftParen) { index = start; return nil }
            type = advance().keyword == .left ? .left : (tokens[index - 1].is(.right) ? .right : .full)
            _ = accept(.outer)
        case .cross: advance(); type = .cross
        default:
            index = start
            return nil
        }
        try expect(.join, "to complete the join")
        return (type, natural)
    }

    private mutating func parseFromPrimary(introducer: Int) throws(ParseError) -> FromItem {
        let start = offset
        let lateral = accept(.lateral)
        _ = accept(.only)
        if at(.leftParen) { return try parseParenthesizedItem(start: start, lateral: lateral) }
        if at(.rows) && peekIs(.from) {
            index += 2
            let call = try parseRowsFrom(start: start)
            return try finishFunctionItem(call, start: start, lateral: lateral)
        }
        guard atName() else { throw missingRelation(introducer: introducer) }
        let name = try parseObjectName("a relation")
        if at(.leftParen) {
            let call = try parseFunctionCall(name: name)
            return try finishFunctionItem(call, start: start, lateral: lateral)
        }
        if atOperator("*") { advance() }
        let alias = try parseAlias()
        try skipTableSample()
        try rejectTrailingName()
        return FromItem(kind: .table(name: name, alias: alias), span: span(from: start))
    }

    /// The same error the reference scanner reports for `FROM`, `JOIN` or `,` with no relation after it.
    private func missingRelation(introducer: Int) -> ParseError {
        let keyword = text(tokens[introducer]).asciiLowercased()
        let message = "expected a relation after '\(keyword)'"
        guard !atEnd else {
            return ParseError(
                message: message, span: tokens[introducer].span,
                label: "expected a table, subquery or function after this",
                definite: true, code: .sqlMissingRelation)
        }
        let definite = failure(expected: "a relation").definite || current.kind == .semicolon
        return ParseError(
            message: message, span: current.span,
            label: "expected a table, subquery or function here, found '\(text(current))'", definite: definite,
            code: .sqlMissingRelation)
    }

    /// A name or literal right after a from item and its alias (`from a b c`) cannot be valid.
    private func rejectTrailingName() throws(ParseError) {
        guard !atEnd else { return }
        switch current.kind {
        case .identifier where current.keyword == .notKeyword, .quotedIdentifier, .string, .number:
            throw ParseError(
                message: "unexpected '\(text(current))' after a from item", span: current.span,
                label: "expected a join, ',' or the next clause", definite: true)
        default:
            return
        }
    }

    private mutating func finishFunctionItem(_ call: Expression, start: Int, lateral: Bool) throws(ParseError)
        -> FromItem
    {
        let ordinality = at(.with) && peekIs(.ordinality)
        if ordinality { index += 2 }
        let alias = try parseAlias()
        return FromItem(
            kind: .function(call, alias: alias, lateral: lateral, withOrdinality: ordinality), span: span(from: start))
    }

    /// `(query) alias` or `(joined items) [alias]`; a query is tried first, then a parenthesized join.
    private mutating func parseParenthesizedItem(start: Int, lateral: Bool) throws(ParseError) -> FromItem {
        let open = index
        if startsQuery(at: index + 1) {
            let savedIssues = issues.count
            advance()
            if let query = try? parseQuery(), accept(.rightParen) {
                let alias = try parseAlias()
                return FromItem(kind: .subquery(query, alias: alias, lateral: lateral), span: span(from: start))
            }
            index = open
            issues.removeSubrange(savedIssues...)
        }
        advance()
        let inner = try parseJoinedItem()
        try expectClose("the parenthesized join")
        let alias = try parseAlias()
        return FromItem(kind: .parenthesized(inner, alias: alias), span: span(from: start))
    }

    /// `[AS] name [(column, …)]`, or nil.
    mutating func parseAlias() throws(ParseError) -> TableAlias? {
        let name: Identifier
        if accept(.as) {
            name = try parseIdentifier("an alias after 'as'", allowingReserved: true)
        } else if atName() {
            name = Identifier(token: advance(), bytes: bytes)
        } else {
            return nil
        }
        let columns = at(.leftParen) ? try parseIdentifierList("for the column aliases") : []
        return TableAlias(name: name, columns: columns)
    }

    /// `TABLESAMPLE method (args) [REPEATABLE (seed)]`, SQLite's `INDEXED BY name` and `NOT INDEXED`.
    private mutating func skipTableSample() throws(ParseError) {
        if accept(.tablesample) {
            _ = try parseIdentifier("a sampling method", allowingReserved: true)
            if at(.leftParen) { skipGroup() }
            if accept(.repeatable) && at(.leftParen) { skipGroup() }
        }
        if accept(.indexed) {
            try expect(.by, "after 'indexed'")
            _ = try parseIdentifier("an index name")
        } else if at(.not) && peekIs(.indexed) {
            index += 2
        }
    }
}
