import StrataDiagnostics

/// Finds relation references with a structural walk over tokens: parentheses give the nesting, a handful of
/// keywords give the clauses, and no expression grammar is needed, so the walk works on SQL the parser cannot
/// model. Statement dispatch and WITH handling live in `ReferenceScanner+Statements.swift`.
struct ReferenceScanner {
    let tokens: UnsafeBufferPointer<Token>
    let bytes: UnsafeBufferPointer<UInt8>
    /// The dialect's naming rules as plain values, so scans on many threads share no reference counts.
    let identifierCase: Dialect.IdentifierCase
    let inTableReferences: Bool
    let implicitlyRecursiveCTEs: Bool
    /// Normalized names of the common table expressions in scope, innermost last.
    var visibleCTEs: [String] = []
    var output = ScanOutput()
    private var nextListID = 0

    init(tokens: UnsafeBufferPointer<Token>, bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect) {
        self.tokens = tokens
        self.bytes = bytes
        identifierCase = dialect.identifierCase
        inTableReferences = dialect.inTableReferences
        implicitlyRecursiveCTEs = dialect.implicitlyRecursiveCTEs
    }

    /// The index of the bracket closing the one at `index`, or `end` when it is unmatched within the range.
    @inline(__always)
    func closing(_ index: Int, _ end: Int) -> Int {
        let partner = Int(tokens[index].partner)
        return partner > index && partner < end ? partner : end
    }

    /// The index after the bracket group opening at `index`.
    @inline(__always)
    func after(_ index: Int, _ end: Int) -> Int { min(closing(index, end) + 1, end) }

    @inline(__always)
    func isKeyword(_ index: Int, _ end: Int, _ keyword: Keyword) -> Bool {
        index < end && tokens[index].keyword == keyword
    }

    /// Scans one nesting level: recurses into parentheses, starts a from list at `FROM` or `JOIN` in a query, and
    /// with `stopsAtClause` returns at the first join or clause keyword (for `ON` conditions).
    @discardableResult
    mutating func scanLevel(
        _ start: Int, _ end: Int, context: RelationReference.Kind, query: Bool, stopsAtClause: Bool = false
    ) -> Int {
        var isQuery = query
        var caseDepth = 0
        var index = start
        while index < end {
            let token = tokens[index]
            switch token.kind {
            case .leftParen:
                index = scanParenthesized(index, end, context: context, levelStart: start)
                continue
            case .leftBracket:
                scanLevel(index + 1, closing(index, end), context: context, query: false)
                index = after(index, end)
                continue
            case .identifier:
                if stopsAtClause && caseDepth == 0 && isClauseBoundary(index, end) { return index }
                switch token.keyword {
                case .from where isQuery && !followsIsDistinct(index, start),
                    .join where isQuery:
                    index = scanFromList(index + 1, end, context: context, introducer: index)
                    continue
                case .select: isQuery = true
                case .case: caseDepth += 1
                case .end where caseDepth > 0: caseDepth -= 1
                case .table where isQuery && isQueryStart(index, start):
                    index = scanTableQuery(index, end, context: context)
                    continue
                case .in where inTableReferences && index + 1 < end && tokens[index + 1].isWord:
                    index = scanInTable(index + 1, end)
                    continue
                default: break
                }
                if index + 1 < end && tokens[index + 1].kind == .dot {
                    index = notePath(index, end)
                    continue
                }
            case .quotedIdentifier where index + 1 < end && tokens[index + 1].kind == .dot:
                index = notePath(index, end)
                continue
            default:
                break
            }
            index += 1
        }
        return index
    }

    /// A parenthesized group: a subquery or statement, or an expression group (function arguments, a row, …).
    private mutating func scanParenthesized(
        _ open: Int, _ end: Int, context: RelationReference.Kind, levelStart: Int
    ) -> Int {
        let close = closing(open, end)
        if open + 1 < close && ScanSets.statementStarts.contains(tokens[open + 1].keyword) {
            scanStatement(open + 1, close, context: subqueryKind(open, levelStart, context), topLevel: false)
        } else {
            scanLevel(open + 1, close, context: context, query: false)
        }
        return min(close + 1, end)
    }

    private func subqueryKind(_ open: Int, _ levelStart: Int, _ context: RelationReference.Kind)
        -> RelationReference.Kind
    {
        guard open > levelStart else { return context }
        switch tokens[open - 1].keyword {
        case .in, .exists, .any, .some:
            return .predicateSubquery
        case .all, .distinct:
            let setOperation = open - 2 >= levelStart && ScanSets.setOperations.contains(tokens[open - 2].keyword)
            return setOperation ? context : .predicateSubquery
        case .union, .intersect, .except:
            return context
        default:
            return .scalarSubquery
        }
    }

    /// Whether `FROM` at `index` belongs to `IS [NOT] DISTINCT FROM`.
    private func followsIsDistinct(_ index: Int, _ start: Int) -> Bool {
        guard index - 2 >= start, tokens[index - 1].is(.distinct) else { return false }
        if tokens[index - 2].is(.is) { return true }
        return index - 3 >= start && tokens[index - 2].is(.not) && tokens[index - 3].is(.is)
    }

    /// Whether a query body may start at `index`: the level's start or right after a set operator.
    private func isQueryStart(_ index: Int, _ start: Int) -> Bool {
        guard index > start else { return true }
        let previous = tokens[index - 1].keyword
        if ScanSets.setOperations.contains(previous) { return true }
        return (previous == .all || previous == .distinct) && index - 2 >= start
            && ScanSets.setOperations.contains(tokens[index - 2].keyword)
    }

    /// A join keyword or a keyword that ends a from list, at `index`. `LEFT(` and `RIGHT(` are functions.
    func isClauseBoundary(_ index: Int, _ end: Int) -> Bool {
        let keyword = tokens[index].keyword
        guard ScanSets.clauseBoundaries.contains(keyword) else { return false }
        if keyword == .left || keyword == .right { return !(index + 1 < end && tokens[index + 1].kind == .leftParen) }
        return true
    }

    /// `TABLE name` as a query.
    private mutating func scanTableQuery(_ index: Int, _ end: Int, context: RelationReference.Kind) -> Int {
        guard index + 1 < end, tokens[index + 1].isWord else { return index + 1 }
        let last = nameEnd(index + 1, end)
        record(index + 1, last, context: context, listID: ScanOutput.notInFromList)
        return last + 1
    }

    /// SQLite's `x IN table`.
    private mutating func scanInTable(_ start: Int, _ end: Int) -> Int {
        let last = nameEnd(start, end)
        if last + 1 < end && tokens[last + 1].kind == .leftParen { return start }
        if tokens[start].kind == .identifier && ScanSets.aliasStops.contains(tokens[start].keyword) { return start }
        record(start, last, context: .predicateSubquery, listID: ScanOutput.notInFromList)
        return last + 1
    }

    /// Notes a dotted name of three or more parts (a column qualified by schema and table) for the rewriter, and
    /// returns the index after it.
    private mutating func notePath(_ start: Int, _ end: Int) -> Int {
        var last = start
        while last + 2 < end, tokens[last + 1].kind == .dot,
            tokens[last + 2].isWord
                || (tokens[last + 2].kind == .operator && tokens[last + 2].span.length == 1
                    && bytes[tokens[last + 2].span.start] == UInt8(ascii: "*"))
        {
            last += 2
        }
        let isCall = last + 1 < end && tokens[last + 1].kind == .leftParen
        if last - start >= 4 && !isCall {
            let qualifier = Self.identifiers(start, last - 2, tokens, bytes)
            let span = SourceSpan(start: tokens[start].span.start, end: tokens[last - 2].span.end)
            output.columnPaths.append(ColumnPath(qualifier: qualifier, qualifierSpan: span))
        }
        return last + 1
    }

    /// The index of the last part of a dotted name starting at `start`.
    func nameEnd(_ start: Int, _ end: Int) -> Int {
        var last = start
        while last + 2 < end, tokens[last + 1].kind == .dot, tokens[last + 2].isWord { last += 2 }
        return last
    }

    mutating func newListID() -> Int {
        nextListID += 1
        return nextListID
    }

    /// Records the dotted name in `first...last` as a read, unless it names a common table expression in scope.
    /// - Returns: the index of the new reference, or nil when it was a CTE.
    @discardableResult
    mutating func record(_ first: Int, _ last: Int, context: RelationReference.Kind, listID: Int) -> Int? {
        let parts = Self.identifiers(first, last, tokens, bytes)
        if parts.count == 1 && visibleCTEs.contains(parts[0].normalized(for: identifierCase)) { return nil }
        let span = SourceSpan(start: tokens[first].span.start, end: tokens[last].span.end)
        output.references.append(RelationReference(parts: parts, span: span, kind: context))
        output.referenceLists.append(listID)
        return output.references.count - 1
    }

    /// Records the dotted name starting at `start` as a target and returns the index after it.
    mutating func recordTarget(_ start: Int, _ end: Int) -> Int {
        guard start < end, tokens[start].isWord else { return start }
        let last = nameEnd(start, end)
        let span = SourceSpan(start: tokens[start].span.start, end: tokens[last].span.end)
        let parts = Self.identifiers(start, last, tokens, bytes)
        output.targets.append(RelationReference(parts: parts, span: span, kind: .target))
        return last + 1
    }

    /// The identifiers of a dotted name, `first` and `last` its first and last word tokens. Static, reading only the
    /// two buffers: a method of `self` called from a mutating scan copied the scanner, a reference count for each
    /// of its arrays.
    static func identifiers(
        _ first: Int, _ last: Int, _ tokens: UnsafeBufferPointer<Token>, _ bytes: UnsafeBufferPointer<UInt8>
    ) -> [Identifier] {
        stride(from: first, through: last, by: 2).map { Identifier(token: tokens[$0], bytes: bytes) }
    }

    func text(of token: Token) -> String { SQLText.string(bytes, token.span.start, token.span.end) }
}

/// What a scan finds, including what only the rewriter needs.
struct ScanOutput {
    var references: [RelationReference] = []
    /// For each reference, the from list it belongs to, so the rewriter can tell which names an added alias
    /// would collide with; `notInFromList` where no alias may follow (`TABLE t`, `COPY t TO`, SQLite's `IN t`).
    var referenceLists: [Int] = []
    static let notInFromList = -1
    var targets: [RelationReference] = []
    var cteNames: [Identifier] = []
    /// Dotted names with three or more parts outside FROM (`core.deals.amount`).
    var columnPaths: [ColumnPath] = []
    var statements: [(kind: StatementKind, span: SourceSpan)] = []
    var issues: [Issue] = []
}

/// A column named through a qualified relation, such as `core.deals.amount` or `core.deals.*`.
struct ColumnPath {
    /// Every part but the column: `core`, `deals`.
    var qualifier: [Identifier]
    /// The span of the qualifier, without the final dot and column.
    var qualifierSpan: SourceSpan
}
