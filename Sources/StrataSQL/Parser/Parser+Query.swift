import StrataDiagnostics

/// Queries: WITH, set operations, SELECT and its clauses, ORDER BY and row limits.
extension ParserState {
    mutating func parseQuery() throws(ParseError) -> Query {
        let start = offset
        let with = at(.with) ? try parseWith() : nil
        let body = try parseSetOperation(minimumPrecedence: 1)
        var query = Query(
            with: with, body: body, orderBy: [], limit: nil, offset: nil, fetch: nil, locking: nil,
            span: span(from: start))
        if at(.order) && peekIs(.by) {
            index += 2
            query.orderBy = try parseOrderItems()
        }
        try parseRowLimits(&query)
        if at(.for) { query.locking = parseLocking() }
        query.span = span(from: start)
        return query
    }

    private mutating func parseWith() throws(ParseError) -> WithClause {
        let start = offset
        advance()
        let recursive = accept(.recursive)
        var ctes: [CommonTableExpression] = []
        repeat {
            ctes.append(try parseCommonTableExpression())
        } while accept(.comma)
        return WithClause(recursive: recursive, ctes: ctes, span: span(from: start))
    }

    private mutating func parseCommonTableExpression() throws(ParseError) -> CommonTableExpression {
        let start = offset
        let name = try parseIdentifier("the name of a common table expression")
        let columns = at(.leftParen) ? try parseIdentifierList("for the columns") : []
        guard accept(.as) else { throw cteError(name, expected: "'as'") }
        var materialized: Bool?
        if accept(.not) {
            try expect(.materialized, "after 'not'")
            materialized = false
        } else if accept(.materialized) {
            materialized = true
        }
        guard accept(.leftParen) else { throw cteError(name, expected: "'(' to open its body") }
        let bodyStart = offset
        if at(.insert) || at(.update) || at(.delete) {
            throw ParseError(
                message: "data-modifying common table expressions are not modelled", span: current.span, label: "",
                definite: false)
        }
        let body = Statement(kind: .query(try parseQuery()), span: span(from: bodyStart))
        try expectClose("the body of '\(name.text)'")
        if at(.search) || at(.cycle) {
            throw failure(expected: "',' or the main query (SEARCH and CYCLE are not modelled)")
        }
        return CommonTableExpression(
            name: name, columns: columns, materialized: materialized, body: body, span: span(from: start))
    }

    /// The error the reference scanner reports for a malformed CTE, word for word.
    private func cteError(_ name: Identifier, expected: String) -> ParseError {
        let found = atEnd ? "found the end of the statement" : "found '\(text(current))'"
        return ParseError(
            message: "expected \(expected) after common table expression '\(name.text)'",
            span: atEnd ? .point(offset) : current.span,
            label: found, definite: true, code: atEnd ? .sqlUnexpectedEnd : .sqlSyntax)
    }

    /// `)` closing a group, with a message naming the group.
    mutating func expectClose(_ what: String) throws(ParseError) {
        guard accept(.rightParen) else { throw failure(expected: "')' to close \(what)") }
    }

    private func setOperator() -> (SetOperation.Operator, Int)? {
        switch atEnd ? .notKeyword : current.keyword {
        case .union: (.union, 1)
        case .except: (.except, 1)
        case .intersect: (.intersect, 2)
        default: nil
        }
    }

    /// Set operations by precedence: INTERSECT binds tighter than UNION and EXCEPT.
    private mutating func parseSetOperation(minimumPrecedence: Int) throws(ParseError) -> QueryBody {
        var left = try parseQueryPrimary()
        while let (op, precedence) = setOperator(), precedence >= minimumPrecedence {
            advance()
            let all = accept(.all)
            if !all { _ = accept(.distinct) }
            let right = try parseSetOperation(minimumPrecedence: precedence + 1)
            let span = left.span.union(right.span)
            left = .setOperation(SetOperation(op: op, all: all, left: left, right: right, span: span))
        }
        return left
    }

    private mutating func parseQueryPrimary() throws(ParseError) -> QueryBody {
        if at(.leftParen) {
            let open = offset
            advance()
            let query = try parseQuery()
            try expectClose("the parenthesized query")
            return .query(
                Query(
                    with: query.with, body: query.body, orderBy: query.orderBy, limit: query.limit,
                    offset: query.offset, fetch: query.fetch, locking: query.locking, span: span(from: open)))
        }
        switch atEnd ? .notKeyword : current.keyword {
        case .select: return .select(try parseSelect())
        case .values: return .values(try parseValues())
        case .table:
            advance()
            return .table(try parseObjectName("the table to read"))
        default: throw failure(expected: "'select', 'values' or '('")
        }
    }

    mutating func parseValues() throws(ParseError) -> Values {
        let start = offset
        advance()
        var rows: [[Expression]] = []
        repeat {
            try expect(.leftParen, "'('", "to open a row of values")
            var row: [Expression] = []
            repeat { row.append(try parseExpression()) } while accept(.comma)
            try expect(.rightParen, "')'", "to close the row of values")
            rows.append(row)
        } while accept(.comma)
        return Values(rows: rows, span: span(from: start))
    }

    private mutating func parseSelect() throws(ParseError) -> Select {
        let start = offset
        advance()
        var select = Select(
            distinct: try parseDistinct(), items: [], into: nil, from: [], whereClause: nil, groupBy: [],
            groupByQuantifier: nil, having: nil, windows: [], span: span(from: start))
        if !atEnd && !ParserSets.selectListEnds.contains(current.keyword) && !at(.rightParen) {
            select.items = try parseSelectItems()
        }
        if accept(.into) {
            while at(.temp) || at(.temporary) || at(.unlogged) || at(.table) { advance() }
            select.into = try parseObjectName("the table to select into")
        }
        if at(.from) {
            advance()
            select.from = try parseFromList()
        }
        if accept(.where) { select.whereClause = try parseExpression() }
        if at(.group) {
            advance()
            try expect(.by, "after 'group'")
            if at(.all) || at(.distinct) { select.groupByQuantifier = advance().keyword }
            if !(select.groupByQuantifier == .all && (atEnd || ParserSets.clauseStarts.contains(current.keyword))) {
                select.groupBy = try parseExpressionList()
            }
        }
        if accept(.having) { select.having = try parseExpression() }
        if accept(.window) { select.windows = try parseNamedWindows() }
        select.span = span(from: start)
        return select
    }

    private mutating func parseDistinct() throws(ParseError) -> Select.Distinct? {
        if accept(.all) { return .all }
        guard accept(.distinct) else { return nil }
        guard accept(.on) else { return .distinct }
        try expect(.leftParen, "'('", "after 'distinct on'")
        let expressions = try parseExpressionList()
        try expect(.rightParen, "')'", "to close 'distinct on'")
        return .distinctOn(expressions)
    }

    /// Select items; an item the parser cannot model becomes an opaque expression with a warning.
    mutating func parseSelectItems() throws(ParseError) -> [SelectItem] {
        var items: [SelectItem] = []
        repeat {
            let start = offset
            let checkpoint = index
            do {
                items.append(try parseSelectItem())
            } catch  where !error.definite {
                record(error)
                index = checkpoint
                skipToItemEnd()
                let node = OpaqueNode(span: span(from: start), reason: error.message)
                items.append(
                    SelectItem(expression: Expression(.opaque(node), span: node.span), alias: nil, span: node.span))
            }
        } while accept(.comma)
        return items
    }

    private mutating func parseSelectItem() throws(ParseError) -> SelectItem {
        let start = offset
        let expression = try parseExpression()
        var alias: Identifier?
        if accept(.as) {
            alias = try parseIdentifier("an alias after 'as'", allowingReserved: true)
        } else if atName() {
            alias = Identifier(token: advance(), bytes: bytes)
        }
        if !atEnd && !at(.comma) && !at(.rightParen) && !ParserSets.selectListEnds.contains(current.keyword) {
            var error = failure(expected: "',' or the end of the select list")
            let name = current.kind == .identifier && current.keyword == .notKeyword && !peekIs(.leftParen)
            error.definite = error.definite || name || at(.string) || at(.number) || at(.quotedIdentifier)
            throw error
        }
        return SelectItem(expression: expression, alias: alias, span: span(from: start))
    }

    /// Skips to the next `,` or clause keyword at this nesting level.
    mutating func skipToItemEnd() {
        while !atEnd && !at(.comma) && !at(.rightParen) && !ParserSets.selectListEnds.contains(current.keyword) {
            at(.leftParen) || at(.leftBracket) ? skipGroup() : (index += 1)
        }
    }

    mutating func parseExpressionList() throws(ParseError) -> [Expression] {
        var expressions: [Expression] = []
        repeat { expressions.append(try parseExpression()) } while accept(.comma)
        return expressions
    }

    mutating func parseOrderItems() throws(ParseError) -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            let start = offset
            let expression = try parseExpression()
            var descending = false
            if accept(.desc) {
                descending = true
            } else if !accept(.asc) && accept(.using) {
                guard at(.operator) else { throw failure(expected: "an operator after 'using'") }
                descending = text(advance()).hasPrefix(">")
            }
            var nullsFirst: Bool?
            if accept(.nulls) {
                if accept(.first) { nullsFirst = true } else { try expect(.last, "after 'nulls'"); nullsFirst = false }
            }
            items.append(
                OrderItem(
                    expression: expression, descending: descending, nullsFirst: nullsFirst, span: span(from: start)))
        } while accept(.comma)
        return items
    }

    /// LIMIT, OFFSET and FETCH in any order (SQLite's `LIMIT offset, count` too).
    private mutating func parseRowLimits(_ query: inout Query) throws(ParseError) {
        while !atEnd {
            if accept(.limit) {
                if accept(.all) { continue }
                let first = try parseExpression()
                if accept(.comma) {
                    query.offset = first
                    query.limit = try parseExpression()
                } else {
                    query.limit = first
                }
            } else if accept(.offset) {
                query.offset = try parseExpression()
                _ = accept(.row) || accept(.rows)
            } else if at(.fetch) {
                query.fetch = try parseFetch()
            } else {
                return
            }
        }
    }

    private mutating func parseFetch() throws(ParseError) -> Fetch {
        let start = offset
        advance()
        guard accept(.first) || accept(.next) else { throw failure(expected: "'first' or 'next' after 'fetch'") }
        let count = at(.row) || at(.rows) ? nil : try parseExpression()
        guard accept(.row) || accept(.rows) else { throw failure(expected: "'rows' in 'fetch'") }
        var withTies = false
        if accept(.with) {
            try expect(.ties, "after 'with'")
            withTies = true
        } else {
            try expect(.only, "after 'fetch … rows'")
        }
        return Fetch(count: count, withTies: withTies, span: span(from: start))
    }

    /// `FOR UPDATE | SHARE …` up to the end of the query.
    private mutating func parseLocking() -> OpaqueNode {
        let start = offset
        while !atEnd && !at(.rightParen) && !at(.union) && !at(.intersect) && !at(.except) {
            at(.leftParen) ? skipGroup() : (index += 1)
        }
        return OpaqueNode(span: span(from: start), reason: "locking clauses are kept as text")
    }
}
