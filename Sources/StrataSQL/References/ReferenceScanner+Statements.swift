import StrataDiagnostics

/// Statement dispatch, WITH clauses and the targets of DML and DDL.
extension ReferenceScanner {
    /// Scans every statement of a token array.
    mutating func scanScript() {
        for range in StatementSplitter.ranges(tokens) {
            let kind = scanStatement(range.lowerBound, range.upperBound, context: .from, topLevel: true)
            let span = SourceSpan(
                start: tokens[range.lowerBound].span.start, end: tokens[range.upperBound - 1].span.end)
            output.statements.append((kind, span))
        }
    }

    /// Scans one statement (or a subquery's body) in `start..<end`; the CTEs it defines go out of scope after it.
    @discardableResult
    mutating func scanStatement(_ start: Int, _ end: Int, context: RelationReference.Kind, topLevel: Bool)
        -> StatementKind
    {
        let mark = visibleCTEs.count
        defer { visibleCTEs.removeSubrange(mark...) }
        var index = start
        if isKeyword(index, end, .with) { index = scanWith(index, end) }
        guard index < end else { return .query }
        let token = tokens[index]
        if token.kind == .leftParen {
            scanLevel(index, end, context: context, query: true)
            return .query
        }
        switch token.keyword {
        case .select, .values, .table:
            scanLevel(index, end, context: context, query: true)
            return .query
        case .insert: return scanInsert(index, end, context: context)
        case .replace where isKeyword(index + 1, end, .into): return scanInsert(index, end, context: context)
        case .update: return scanUpdate(index, end, context: context)
        case .delete: return scanDelete(index, end, context: context)
        case .merge: return scanMerge(index, end, context: context)
        default: break
        }
        guard topLevel else {
            scanLevel(index, end, context: context, query: true)
            return .unknown
        }
        return scanCommand(index, end)
    }

    /// Statements that only appear at the top level: DDL, COPY, EXPLAIN and utility commands.
    private mutating func scanCommand(_ index: Int, _ end: Int) -> StatementKind {
        let token = tokens[index]
        switch token.keyword {
        case .create: return scanCreate(index + 1, end)
        case .drop: return scanDropOrAlter(index + 1, end, kind: .drop)
        case .alter: return scanDropOrAlter(index + 1, end, kind: .alter)
        case .truncate: return scanTruncate(index + 1, end)
        case .copy: return scanCopy(index + 1, end)
        case .refresh: return scanRefresh(index + 1, end)
        case .explain:
            var inner = index + 1
            while inner < end && ScanSets.explainOptions.contains(tokens[inner].keyword) { inner += 1 }
            if inner < end && tokens[inner].kind == .leftParen { inner = after(inner, end) }
            if inner < end { scanStatement(inner, end, context: .from, topLevel: true) }
            return .explain
        default:
            if ScanSets.utilityStarts.contains(token.keyword) { return .utility }
            output.issues.append(
                .warning(
                    .sqlUnknownStatement,
                    "unrecognized statement '\(text(of: token))'; relations were found by a token scan",
                    at: token.span))
            scanLevel(index, end, context: .from, query: true)
            return .unknown
        }
    }

    /// `WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (body) [SEARCH …] [CYCLE …], …`; returns the index
    /// of the statement that follows. Names stay in `visibleCTEs` for the caller to drop.
    mutating func scanWith(_ start: Int, _ end: Int) -> Int {
        var index = start + 1
        let recursive = isKeyword(index, end, .recursive)
        if recursive {
            index += 1
            visibleCTEs.append(contentsOf: cteNames(from: index, end).map { $0.normalized(for: identifierCase) })
        }
        while index < end {
            guard let body = cteBody(at: index, end) else {
                scanLevel(index, end, context: .from, query: true)
                return end
            }
            let name = Identifier(token: tokens[index], bytes: bytes)
            output.cteNames.append(name)
            let key = name.normalized(for: identifierCase)
            let seesItself = !recursive && implicitlyRecursiveCTEs
            if seesItself { visibleCTEs.append(key) }
            scanStatement(body + 1, closing(body, end), context: .commonTableExpression, topLevel: false)
            if !recursive && !seesItself { visibleCTEs.append(key) }
            index = skipSearchAndCycle(after(body, end), end)
            guard index < end, tokens[index].kind == .comma else { return index }
            index += 1
        }
        return index
    }

    /// The index of the `(` opening the body of the CTE named at `index`, reporting what is missing otherwise.
    private mutating func cteBody(at index: Int, _ end: Int) -> Int? {
        let token = tokens[index]
        guard
            token.kind == .quotedIdentifier
                || (token.kind == .identifier && !ScanSets.aliasStops.contains(token.keyword))
        else {
            output.issues.append(
                .error(
                    .sqlSyntax, "expected the name of a common table expression", at: token.span,
                    label: "found '\(text(of: token))'"))
            return nil
        }
        var next = index + 1
        if next < end && tokens[next].kind == .leftParen { next = after(next, end) }
        guard isKeyword(next, end, .as) else {
            reportCTE(index, expected: "'as'", at: next, end)
            return nil
        }
        next += 1
        if isKeyword(next, end, .not) { next += 1 }
        if isKeyword(next, end, .materialized) { next += 1 }
        guard next < end, tokens[next].kind == .leftParen else {
            reportCTE(index, expected: "'(' to open its body", at: next, end)
            return nil
        }
        return next
    }

    private mutating func reportCTE(_ name: Int, expected: String, at index: Int, _ end: Int) {
        let span = index < end ? tokens[index].span : SourceSpan.point(tokens[end - 1].span.end)
        let found = index < end ? "found '\(text(of: tokens[index]))'" : "found the end of the statement"
        let code: DiagnosticCode = index < end ? .sqlSyntax : .sqlUnexpectedEnd
        output.issues.append(
            .error(
                code, "expected \(expected) after common table expression '\(text(of: tokens[name]))'", at: span,
                label: found))
    }

    /// The names of a `WITH RECURSIVE` list, found before any body is scanned: such names are visible everywhere
    /// in the list.
    private func cteNames(from start: Int, _ end: Int) -> [Identifier] {
        var names: [Identifier] = []
        var index = start
        while index < end && tokens[index].isWord {
            names.append(Identifier(token: tokens[index], bytes: bytes))
            index += 1
            if index < end && tokens[index].kind == .leftParen && isKeyword(after(index, end), end, .as) {
                index = after(index, end)
            }
            while index < end && tokens[index].kind != .leftParen { index += 1 }
            guard index < end else { break }
            index = skipSearchAndCycle(after(index, end), end)
            guard index < end, tokens[index].kind == .comma else { break }
            index += 1
        }
        return names
    }

    private func skipSearchAndCycle(_ start: Int, _ end: Int) -> Int {
        var index = start
        guard isKeyword(index, end, .search) || isKeyword(index, end, .cycle) else { return index }
        while index < end && tokens[index].kind != .comma && tokens[index].kind != .leftParen
            && !ScanSets.statementStarts.contains(tokens[index].keyword)
        {
            index += 1
        }
        return index
    }

    /// A statement's body after its target: WITH, a query, VALUES, and trailing clauses.
    private mutating func scanQuery(_ start: Int, _ end: Int, context: RelationReference.Kind) {
        let mark = visibleCTEs.count
        defer { visibleCTEs.removeSubrange(mark...) }
        var index = start
        if isKeyword(index, end, .with) { index = scanWith(index, end) }
        scanLevel(index, end, context: context, query: true)
    }

    private mutating func scanInsert(_ start: Int, _ end: Int, context: RelationReference.Kind) -> StatementKind {
        var index = start + 1
        if isKeyword(index, end, .or) { index += 2 }
        if isKeyword(index, end, .into) { index += 1 }
        index = recordTarget(index, end)
        if isKeyword(index, end, .as) { index += 2 }
        if index < end && tokens[index].kind == .leftParen && !isKeyword(index + 1, end, .select)
            && !isKeyword(index + 1, end, .with) && !isKeyword(index + 1, end, .values)
        {
            index = after(index, end)
        }
        if isKeyword(index, end, .overriding) { index += 3 }
        scanQuery(min(index, end), end, context: context)
        return .insert
    }

    private mutating func scanUpdate(_ start: Int, _ end: Int, context: RelationReference.Kind) -> StatementKind {
        var index = start + 1
        if isKeyword(index, end, .or) { index += 2 }
        if isKeyword(index, end, .only) { index += 1 }
        index = recordTarget(index, end)
        scanLevel(min(index, end), end, context: context, query: true)
        return .update
    }

    private mutating func scanDelete(_ start: Int, _ end: Int, context: RelationReference.Kind) -> StatementKind {
        var index = start + 1
        if isKeyword(index, end, .from) { index += 1 }
        if isKeyword(index, end, .only) { index += 1 }
        index = recordTarget(index, end)
        let (_, afterAlias) = scanAlias(index, end)
        index = afterAlias
        if isKeyword(index, end, .using) { index = scanFromList(index + 1, end, context: context, introducer: index) }
        scanLevel(index, end, context: context, query: true)
        return .delete
    }

    private mutating func scanMerge(_ start: Int, _ end: Int, context: RelationReference.Kind) -> StatementKind {
        var index = start + 1
        if isKeyword(index, end, .into) { index += 1 }
        index = recordTarget(index, end)
        let (_, afterAlias) = scanAlias(index, end)
        index = afterAlias
        if isKeyword(index, end, .using) {
            index = scanFromItem(index + 1, end, context: context, introducer: index, listID: newListID())
        }
        scanLevel(index, end, context: context, query: false)
        return .merge
    }
}
