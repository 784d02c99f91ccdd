import StrataDiagnostics

/// Function calls with their aggregate and window clauses.
extension ParserState {
    /// `name(args)` plus `WITHIN GROUP`, `FILTER` and `OVER`; the current token is `(`.
    mutating func parseFunctionCall(name: ObjectName) throws(ParseError) -> Expression {
        let start = name.span.start
        var call = FunctionCall(
            name: name, arguments: [], argumentNames: [], distinct: false, orderBy: [], withinGroup: [], filter: nil,
            over: nil)
        let open = index
        do {
            try parseArguments(&call)
        } catch  where !error.definite {
            record(error)
            index = open
            skipGroup()
            let inner = SourceSpan(start: tokens[open].span.end, end: tokens[index - 1].span.start)
            call.arguments = [Expression(.opaque(OpaqueNode(span: inner, reason: error.message)), span: inner)]
            call.argumentNames = [nil]
        }
        if at(.within) && peekIs(.group) {
            index += 2
            try expect(.leftParen, "'('", "after 'within group'")
            try expect(.order, "in 'within group'")
            try expect(.by, "after 'order'")
            call.withinGroup = try parseOrderItems()
            try expect(.rightParen, "')'", "to close 'within group'")
        }
        if at(.filter) && peekIs(.leftParen) {
            index += 2
            try expect(.where, "in 'filter'")
            call.filter = try parseExpression()
            try expect(.rightParen, "')'", "to close 'filter'")
        }
        if accept(.over) { call.over = try parseOver() }
        return Expression(.function(call), span: span(from: start))
    }

    /// The parenthesized arguments, including the keyword-separated forms of `substring`, `trim`, `position` and
    /// `overlay`.
    private mutating func parseArguments(_ call: inout FunctionCall) throws(ParseError) {
        try expect(.leftParen, "'('", "to open the arguments")
        if accept(.rightParen) { return }
        if atOperator("*") && peekIs(.rightParen) {
            call.arguments = [Expression(.star(qualifier: []), span: advance().span)]
            call.argumentNames = [nil]
            advance()
            return
        }
        let special = call.name.parts.count == 1 ? call.name.parts[0].normalized(for: dialect) : ""
        if special == "trim" { while at(.both) || at(.leading) || at(.trailing) { advance() } }
        if special == "trim" && accept(.from) {}
        if accept(.distinct) { call.distinct = true } else { _ = accept(.all) }
        repeat {
            _ = accept(.variadic)
            var argumentName: Identifier?
            if atName(allowingReserved: true), let next = token(at: 1), next.kind == .operator,
                [":=", "=>"].contains(text(next))
            {
                argumentName = Identifier(token: advance(), bytes: bytes)
                advance()
            }
            let minimum = special == "position" ? Precedence.like : 0
            call.arguments.append(try parseExpression(minimum))
            call.argumentNames.append(argumentName)
        } while accept(.comma) || acceptSpecialSeparator(special)
        if at(.order) && peekIs(.by) {
            index += 2
            call.orderBy = try parseOrderItems()
        }
        try expect(.rightParen, "')'", "to close the arguments of '\(call.name)'")
    }

    /// `FROM`, `FOR`, `PLACING` and `IN` separate the arguments of SQL's special-syntax functions.
    private mutating func acceptSpecialSeparator(_ special: String) -> Bool {
        switch special {
        case "substring", "trim", "overlay": accept(.from) || accept(.for) || accept(.placing)
        case "position": accept(.in)
        default: false
        }
    }

    /// `ROWS FROM (f(…), g(…))`, after `ROWS FROM`.
    mutating func parseRowsFrom(start: Int) throws(ParseError) -> Expression {
        let name = ObjectName(
            parts: [Identifier(text: "rows from", isQuoted: false, span: span(from: start))], span: span(from: start))
        var call = FunctionCall(
            name: name, arguments: [], argumentNames: [], distinct: false, orderBy: [], withinGroup: [], filter: nil,
            over: nil)
        try expect(.leftParen, "'('", "after 'rows from'")
        repeat {
            call.arguments.append(try parseExpression())
            call.argumentNames.append(nil)
        } while accept(.comma)
        try expect(.rightParen, "')'", "to close 'rows from'")
        return Expression(.function(call), span: span(from: start))
    }

    /// `OVER name` or `OVER (specification)`.
    private mutating func parseOver() throws(ParseError) -> WindowSpecification {
        let start = offset
        if !at(.leftParen) {
            let name = try parseIdentifier("a window name or '(' after 'over'")
            return WindowSpecification(
                baseName: name, partitionBy: [], orderBy: [], frame: nil, span: span(from: start))
        }
        return try parseWindowSpecification()
    }

    /// `( [name] [PARTITION BY …] [ORDER BY …] [frame] )`.
    mutating func parseWindowSpecification() throws(ParseError) -> WindowSpecification {
        let start = offset
        try expect(.leftParen, "'('", "to open the window")
        var window = WindowSpecification(
            baseName: nil, partitionBy: [], orderBy: [], frame: nil, span: span(from: start))
        if atName() && !at(.partition) && !at(.order) && !at(.rows) && !at(.range) && !at(.groups) {
            window.baseName = Identifier(token: advance(), bytes: bytes)
        }
        if accept(.partition) {
            try expect(.by, "after 'partition'")
            window.partitionBy = try parseExpressionList()
        }
        if accept(.order) {
            try expect(.by, "after 'order'")
            window.orderBy = try parseOrderItems()
        }
        if at(.rows) || at(.range) || at(.groups) { window.frame = try parseFrame() }
        try expect(.rightParen, "')'", "to close the window")
        window.span = span(from: start)
        return window
    }

    private mutating func parseFrame() throws(ParseError) -> WindowFrame {
        let unit = advance().keyword.description
        var frame = WindowFrame(unit: unit, start: .currentRow, end: nil, exclude: nil)
        if accept(.between) {
            frame.start = try parseFrameBound()
            try expect(.and, "between the frame bounds")
            frame.end = try parseFrameBound()
        } else {
            frame.start = try parseFrameBound()
        }
        if accept(.exclude) {
            if accept(.current) {
                try expect(.row, "after 'exclude current'")
                frame.exclude = "current row"
            } else if accept(.no) {
                try expect(.others, "after 'exclude no'")
                frame.exclude = "no others"
            } else if at(.group) || at(.ties) {
                frame.exclude = advance().keyword.description
            } else {
                throw failure(expected: "'current row', 'group', 'ties' or 'no others' after 'exclude'")
            }
        }
        return frame
    }

    private mutating func parseFrameBound() throws(ParseError) -> WindowFrame.Bound {
        if accept(.unbounded) {
            if accept(.preceding) { return .unboundedPreceding }
            try expect(.following, "after 'unbounded'")
            return .unboundedFollowing
        }
        if accept(.current) {
            try expect(.row, "after 'current'")
            return .currentRow
        }
        let offset = try parseExpression()
        if accept(.preceding) { return .preceding(offset) }
        try expect(.following, "after the frame offset")
        return .following(offset)
    }

    /// `WINDOW name AS (…), …`.
    mutating func parseNamedWindows() throws(ParseError) -> [NamedWindow] {
        var windows: [NamedWindow] = []
        repeat {
            let name = try parseIdentifier("a window name")
            try expect(.as, "after the window name")
            windows.append(NamedWindow(name: name, specification: try parseWindowSpecification()))
        } while accept(.comma)
        return windows
    }
}
