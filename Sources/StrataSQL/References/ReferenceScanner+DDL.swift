import StrataDiagnostics

/// Targets of DDL and COPY.
extension ReferenceScanner {
    /// `CREATE [OR REPLACE] [TEMP …] [MATERIALIZED] (TABLE | VIEW) [IF NOT EXISTS] name … [AS query]`, and
    /// `CREATE [UNIQUE] INDEX … ON table`.
    mutating func scanCreate(_ start: Int, _ end: Int) -> StatementKind {
        var index = start
        while index < end && ScanSets.createModifiers.contains(tokens[index].keyword) { index += 1 }
        if isKeyword(index, end, .unique) { index += 1 }
        guard index < end else { return .createOther }
        switch tokens[index].keyword {
        case .table, .view:
            let isView = tokens[index].is(.view)
            index = recordTarget(skipIfExists(index + 1, end), end)
            while index < end {
                if tokens[index].kind == .leftParen {
                    index = after(index, end)
                } else if tokens[index].is(.as) {
                    scanStatement(index + 1, end, context: .from, topLevel: false)
                    return isView ? .createView : .createTableAs
                } else {
                    index += 1
                }
            }
            return isView ? .createView : .createTable
        case .index:
            while index < end && !tokens[index].is(.on) { index += 1 }
            index += 1
            if isKeyword(index, end, .only) { index += 1 }
            _ = recordTarget(index, end)
            return .createIndex
        case .trigger:
            scanLevel(index, end, context: .from, query: true)
            return .createOther
        default:
            return .createOther
        }
    }

    /// `DROP | ALTER [MATERIALIZED | FOREIGN] (TABLE | VIEW) [IF [NOT] EXISTS] [ONLY] name [, name …]`.
    mutating func scanDropOrAlter(_ start: Int, _ end: Int, kind: StatementKind) -> StatementKind {
        var index = start
        if isKeyword(index, end, .materialized) || isKeyword(index, end, .foreign) { index += 1 }
        guard isKeyword(index, end, .table) || isKeyword(index, end, .view) else { return kind }
        index = skipIfExists(index + 1, end)
        if isKeyword(index, end, .only) { index += 1 }
        index = recordTarget(index, end)
        while kind == .drop && index < end && tokens[index].kind == .comma { index = recordTarget(index + 1, end) }
        return kind
    }

    /// `TRUNCATE [TABLE] [ONLY] name [*] [, …]`.
    mutating func scanTruncate(_ start: Int, _ end: Int) -> StatementKind {
        var index = start
        if isKeyword(index, end, .table) { index += 1 }
        repeat {
            if index < end && tokens[index].kind == .comma { index += 1 }
            if isKeyword(index, end, .only) { index += 1 }
            index = recordTarget(index, end)
            if index < end && tokens[index].kind == .operator { index += 1 }
        } while index < end && tokens[index].kind == .comma
        return .truncate
    }

    /// `COPY (query) TO …` reads the query; `COPY t TO …` reads `t`; `COPY t FROM …` writes `t`.
    mutating func scanCopy(_ start: Int, _ end: Int) -> StatementKind {
        guard start < end else { return .copy }
        if tokens[start].kind == .leftParen {
            scanStatement(start + 1, closing(start, end), context: .from, topLevel: false)
            return .copy
        }
        guard tokens[start].isWord else { return .copy }
        let last = nameEnd(start, end)
        var next = last + 1
        if next < end && tokens[next].kind == .leftParen { next = after(next, end) }
        if isKeyword(next, end, .from) {
            _ = recordTarget(start, end)
        } else {
            record(start, last, context: .from, listID: ScanOutput.notInFromList)
        }
        return .copy
    }

    /// `REFRESH MATERIALIZED VIEW [CONCURRENTLY] name`.
    mutating func scanRefresh(_ start: Int, _ end: Int) -> StatementKind {
        var index = start
        while index < end
            && (tokens[index].is(.materialized) || tokens[index].is(.view) || tokens[index].is(.concurrently))
        {
            index += 1
        }
        _ = recordTarget(index, end)
        return .refresh
    }

    private func skipIfExists(_ start: Int, _ end: Int) -> Int {
        var index = start
        if isKeyword(index, end, .if) {
            index += 1
            if isKeyword(index, end, .not) { index += 1 }
            if isKeyword(index, end, .exists) { index += 1 }
        }
        return index
    }
}

/// Keyword sets the scanner consults.
enum ScanSets {
    /// Keywords that begin a statement inside parentheses or a CTE body.
    static let statementStarts = KeywordSet([.select, .with, .values, .table, .insert, .update, .delete, .merge])
    static let setOperations = KeywordSet([.union, .intersect, .except])
    static let joinModifiers = KeywordSet([.inner, .left, .right, .full, .cross, .natural, .outer])
    /// Keywords that end an `ON` condition: joins and the clauses that can follow a from list.
    static let clauseBoundaries = KeywordSet([
        .join, .inner, .left, .right, .full, .cross, .natural, .on, .using, .where, .group, .having, .window, .order,
        .limit, .offset, .fetch, .for, .union, .intersect, .except, .returning, .when, .set, .select, .values,
    ])
    /// Keywords that can be neither a bare alias nor the first part of a relation name in FROM.
    static let aliasStops = KeywordSet([
        .all, .and, .any, .array, .as, .asc, .asymmetric, .both, .case, .cast, .check, .collate, .create, .cross,
        .default, .desc, .distinct, .do, .else, .end, .except, .false, .fetch, .for, .foreign, .from, .full, .grant,
        .group, .having, .ilike, .in, .indexed, .inner, .intersect, .into, .is, .isnull, .join, .lateral, .leading,
        .left, .like, .limit, .natural, .not, .notnull, .null, .offset, .on, .only, .or, .order, .outer, .placing,
        .returning, .right, .select, .set, .similar, .some, .symmetric, .table, .tablesample, .then, .to, .trailing,
        .true, .union, .unique, .using, .variadic, .when, .where, .window, .with, .glob, .regexp, .match, .escape,
        .between, .exists, .values, .overriding, .over, .filter, .within,
    ])
    static let createModifiers = KeywordSet([
        .or, .replace, .temp, .temporary, .unlogged, .global, .local, .materialized, .recursive, .virtual,
    ])
    static let explainOptions = KeywordSet([.analyze, .analyse, .verbose, .query, .plan])
    /// Statements with no relation to read or write that the scanner accepts silently.
    static let utilityStarts = KeywordSet([
        .set, .reset, .show, .begin, .start, .commit, .end, .rollback, .abort, .savepoint, .release, .pragma,
        .attach, .detach, .vacuum, .analyze, .analyse, .reindex, .checkpoint, .discard, .listen, .notify, .unlisten,
        .deallocate, .prepare, .execute, .call, .do, .grant, .revoke, .comment, .lock, .declare, .fetch, .close,
        .move,
    ])
}
