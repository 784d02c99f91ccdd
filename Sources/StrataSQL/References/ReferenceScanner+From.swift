import StrataDiagnostics

/// From lists: items, joins, aliases.
extension ReferenceScanner {
    /// Scans a from list starting after `FROM`, `JOIN` or `USING` at `introducer` and returns the index of the
    /// first token after it (a clause keyword, `)` or the end).
    mutating func scanFromList(
        _ start: Int, _ end: Int, context: RelationReference.Kind, introducer: Int, listID: Int? = nil
    ) -> Int {
        let list = listID ?? newListID()
        var index = scanFromItem(start, end, context: context, introducer: introducer, listID: list)
        while index < end {
            let token = tokens[index]
            if token.kind == .comma {
                index = scanFromItem(index + 1, end, context: context, introducer: index, listID: list)
                continue
            }
            guard token.kind == .identifier else { return index }
            switch token.keyword {
            case .join:
                index = scanFromItem(index + 1, end, context: context, introducer: index, listID: list)
            case .inner, .left, .right, .full, .cross, .natural, .outer:
                var join = index
                while join < end && ScanSets.joinModifiers.contains(tokens[join].keyword) { join += 1 }
                guard isKeyword(join, end, .join) else { return index }
                index = scanFromItem(join + 1, end, context: context, introducer: join, listID: list)
            case .on:
                index = scanLevel(index + 1, end, context: context, query: false, stopsAtClause: true)
            case .using:
                index += 1
                if index < end && tokens[index].kind == .leftParen { index = after(index, end) }
            default:
                return index
            }
        }
        return index
    }

    /// Scans one from item: a table name, a table function, a subquery or a parenthesized join, with its alias.
    mutating func scanFromItem(
        _ start: Int, _ end: Int, context: RelationReference.Kind, introducer: Int, listID: Int
    ) -> Int {
        var index = start
        while index < end && (tokens[index].is(.lateral) || tokens[index].is(.only)) { index += 1 }
        guard index < end else {
            reportMissingRelation(introducer, found: nil)
            return index
        }
        let token = tokens[index]
        var reference: Int?
        switch token.kind {
        case .leftParen:
            index = scanParenthesizedItem(index, end, context: context, listID: listID)
        case .identifier where token.is(.rows) && isKeyword(index + 1, end, .from):
            index = scanFunctionArguments(index + 2, end, context: context)
        case .identifier where ScanSets.aliasStops.contains(token.keyword):
            reportMissingRelation(introducer, found: index)
            return index
        case .identifier, .quotedIdentifier:
            let last = nameEnd(index, end)
            if last + 1 < end && tokens[last + 1].kind == .leftParen {
                index = scanFunctionArguments(last + 1, end, context: context)
            } else {
                reference = record(index, last, context: context, listID: listID)
                index = skipInheritanceStar(last + 1, end)
            }
        case .comma, .semicolon, .rightParen:
            reportMissingRelation(introducer, found: index)
            return index
        default:
            return index
        }
        let (alias, afterAlias) = scanAlias(index, end)
        if let reference, let alias { output.references[reference].alias = alias }
        index = skipItemModifiers(afterAlias, end)
        reportTrailingGarbage(index, end)
        return index
    }

    private mutating func scanParenthesizedItem(
        _ open: Int, _ end: Int, context: RelationReference.Kind, listID: Int
    ) -> Int {
        let close = closing(open, end)
        var first = open + 1
        while first < close && tokens[first].kind == .leftParen { first += 1 }
        if first < close && ScanSets.statementStarts.contains(tokens[first].keyword) {
            scanStatement(open + 1, close, context: .derivedTable, topLevel: false)
        } else if open + 1 < close {
            let stop = scanFromList(open + 1, close, context: context, introducer: open, listID: listID)
            scanLevel(stop, close, context: context, query: true)
        }
        return min(close + 1, end)
    }

    /// Arguments of a table function at the `(` at `open`, then `WITH ORDINALITY`.
    private mutating func scanFunctionArguments(_ open: Int, _ end: Int, context: RelationReference.Kind) -> Int {
        guard open < end, tokens[open].kind == .leftParen else { return open }
        scanLevel(open + 1, closing(open, end), context: context, query: false)
        var index = after(open, end)
        if isKeyword(index, end, .with) && isKeyword(index + 1, end, .ordinality) { index += 2 }
        return index
    }

    /// PostgreSQL's `FROM t *` (include inheritors).
    private func skipInheritanceStar(_ index: Int, _ end: Int) -> Int {
        guard index < end, tokens[index].kind == .operator, tokens[index].span.length == 1,
            bytes[tokens[index].span.start] == UInt8(ascii: "*")
        else { return index }
        return index + 1
    }

    /// `[AS] alias [(column, …)]`.
    func scanAlias(_ start: Int, _ end: Int) -> (Identifier?, Int) {
        guard start < end else { return (nil, start) }
        var index = start
        if tokens[index].is(.as) {
            index += 1
            guard index < end, tokens[index].isWord else { return (nil, index) }
        } else {
            let token = tokens[index]
            let bare =
                token.kind == .quotedIdentifier
                || (token.kind == .identifier && !ScanSets.aliasStops.contains(token.keyword))
            guard bare else { return (nil, start) }
        }
        let alias = Identifier(token: tokens[index], bytes: bytes)
        index += 1
        if index < end && tokens[index].kind == .leftParen { index = after(index, end) }
        return (alias, index)
    }

    /// `TABLESAMPLE m (…) [REPEATABLE (…)]`, SQLite's `INDEXED BY i` / `NOT INDEXED`, `WITH ORDINALITY`.
    private func skipItemModifiers(_ start: Int, _ end: Int) -> Int {
        var index = start
        if isKeyword(index, end, .tablesample) {
            index += 2
            while index < end && tokens[index].kind == .leftParen {
                index = after(index, end)
                if isKeyword(index, end, .repeatable) { index += 1 }
            }
        }
        if isKeyword(index, end, .indexed) && isKeyword(index + 1, end, .by) { index += 3 }
        if isKeyword(index, end, .not) && isKeyword(index + 1, end, .indexed) { index += 2 }
        return min(index, end)
    }

    private mutating func reportMissingRelation(_ introducer: Int, found: Int?) {
        let keyword = text(of: tokens[introducer]).asciiLowercased()
        let label = found.map { "expected a table, subquery or function here, found '\(text(of: tokens[$0]))'" }
        output.issues.append(
            .error(
                .sqlMissingRelation, "expected a relation after '\(keyword)'",
                at: found.map { tokens[$0].span } ?? tokens[introducer].span,
                label: label ?? "expected a table, subquery or function after this"))
    }

    /// A name or literal right after a from item and its alias, as in `from a b c`, cannot be valid.
    private mutating func reportTrailingGarbage(_ index: Int, _ end: Int) {
        guard index < end else { return }
        let token = tokens[index]
        switch token.kind {
        case .identifier where token.keyword == .notKeyword, .quotedIdentifier, .string, .number:
            output.issues.append(
                .error(
                    .sqlSyntax, "unexpected '\(text(of: token))' after a from item", at: token.span,
                    label: "expected a join, ',' or the next clause"))
        default:
            break
        }
    }
}
