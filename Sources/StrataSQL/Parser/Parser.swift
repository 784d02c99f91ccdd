public import StrataDiagnostics

/// Parses SQL into statements. Queries (WITH, set operations, SELECT with every clause, joins, subqueries) and the
/// expression grammar of analytics SQL are modelled; INSERT, UPDATE, DELETE and CREATE TABLE/VIEW are modelled
/// around their queries. Anything else becomes an opaque node with a warning: only text that is certainly
/// invalid (unterminated literals, unbalanced brackets, a clause cut short, text after a finished statement) is
/// an error.
public enum Parser {
    /// Parses every statement of a text.
    ///
    /// ```swift
    /// let (statements, diagnostics) = Parser.parse("select a, count(*) from t group by a", dialect: .postgres)
    /// statements[0].query?.body  // .select(…)
    /// ```
    /// - Parameters:
    ///   - sql: one or more statements.
    ///   - dialect: the rules to lex and parse by.
    ///   - path: the path diagnostics name.
    /// - Returns: the statements, and diagnostics with spans into `sql`.
    public static func parse(
        _ sql: String, dialect: Dialect, path: String = "<sql>"
    ) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        parse(SourceFile(path: path, text: sql), dialect: dialect)
    }

    /// Parses every statement of a file.
    /// - Parameters:
    ///   - file: the SQL text and the path diagnostics name.
    ///   - dialect: the rules to lex and parse by.
    /// - Returns: the statements, and diagnostics with spans into the file's text.
    public static func parse(_ file: SourceFile, dialect: Dialect) -> (
        statements: [Statement], diagnostics: [Diagnostic]
    ) {
        let (statements, issues) = SQLText.withBytes(file.text) { bytes in
            let lexed = Lexer.lex(bytes, dialect: dialect)
            return lexed.tokens.withUnsafeBufferPointer { tokens in
                var state = ParserState(tokens: tokens, bytes: bytes, dialect: dialect)
                let statements = StatementSplitter.ranges(tokens).map { range in
                    state.parseStatement(range, lexerIssues: lexed.issues)
                }
                return (statements, (lexed.issues + state.issues).sorted { $0.span.start < $1.span.start })
            }
        }
        return (statements, issues.map { $0.diagnostic(in: file) })
    }
}

/// Why parsing stopped. `definite` errors are certainly invalid SQL; the others may be syntax the parser does not
/// model, and become warnings with an opaque node.
struct ParseError: Error {
    var message: String
    var span: SourceSpan
    var label: String
    var definite: Bool
    var code: DiagnosticCode = .sqlSyntax
}

/// The parser's cursor over the tokens of one statement at a time.
struct ParserState {
    let tokens: UnsafeBufferPointer<Token>
    let bytes: UnsafeBufferPointer<UInt8>
    let dialect: Dialect
    var index = 0
    var end = 0
    var issues: [Issue] = []

    init(tokens: UnsafeBufferPointer<Token>, bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect) {
        self.tokens = tokens
        self.bytes = bytes
        self.dialect = dialect
    }

    // MARK: Looking at tokens

    var atEnd: Bool { index >= end }

    /// The current token, or an empty `.unknown` token at the end of the statement.
    var current: Token {
        index < end ? tokens[index] : Token(.unknown, endOffset, endOffset)
    }

    /// Where the statement's last token ends.
    var endOffset: Int { end > 0 ? tokens[end - 1].span.end : 0 }

    func token(at offset: Int) -> Token? {
        let position = index + offset
        return position < end ? tokens[position] : nil
    }

    func at(_ keyword: Keyword) -> Bool { !atEnd && tokens[index].keyword == keyword }

    func at(_ kind: Token.Kind) -> Bool { !atEnd && tokens[index].kind == kind }

    func peekIs(_ keyword: Keyword, offset: Int = 1) -> Bool { token(at: offset)?.keyword == keyword }

    func peekIs(_ kind: Token.Kind, offset: Int = 1) -> Bool { token(at: offset)?.kind == kind }

    /// Whether the current token is the operator spelled `text`.
    func atOperator(_ text: String) -> Bool { !atEnd && current.kind == .operator && self.text(current) == text }

    func text(_ token: Token) -> String { SQLText.string(bytes, token.span.start, token.span.end) }

    /// Where the current token starts, or the end of the statement.
    var offset: Int { atEnd ? endOffset : tokens[index].span.start }

    /// The span from `start` to the end of the last consumed token.
    func span(from start: Int) -> SourceSpan {
        SourceSpan(start: start, end: index > 0 ? tokens[min(index, end) - 1].span.end : start)
    }

    // MARK: Consuming tokens

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index < end { index += 1 }
        return token
    }

    mutating func accept(_ keyword: Keyword) -> Bool {
        guard at(keyword) else { return false }
        index += 1
        return true
    }

    mutating func accept(_ kind: Token.Kind) -> Bool {
        guard at(kind) else { return false }
        index += 1
        return true
    }

    mutating func expect(_ keyword: Keyword, _ context: String) throws(ParseError) {
        guard accept(keyword) else { throw failure(expected: "'\(keyword)' \(context)") }
    }

    mutating func expect(_ kind: Token.Kind, _ what: String, _ context: String) throws(ParseError) {
        guard accept(kind) else { throw failure(expected: "\(what) \(context)") }
    }

    /// An error at the current token. It is definite at the end of the statement, at a closing bracket or comma, or
    /// at a keyword that starts a clause: no dialect continues an expression or clause with those.
    func failure(expected: String) -> ParseError {
        guard !atEnd else {
            let point = SourceSpan.point(offset)
            return ParseError(
                message: "expected \(expected), found the end of the statement", span: point,
                label: "statement ends here",
                definite: true, code: .sqlUnexpectedEnd)
        }
        let token = current
        let definite =
            token.kind == .rightParen || token.kind == .comma || token.kind == .rightBracket
            || ParserSets.clauseStarts.contains(token.keyword)
        return ParseError(
            message: "expected \(expected), found '\(text(token))'", span: token.span, label: "unexpected here",
            definite: definite)
    }

    // MARK: Names

    /// An identifier token usable as a name here: quoted, or unquoted and not reserved in this position.
    func atName(allowingReserved: Bool = false) -> Bool {
        guard !atEnd else { return false }
        let token = current
        if token.kind == .quotedIdentifier { return true }
        guard token.kind == .identifier else { return false }
        return allowingReserved || !ScanSets.aliasStops.contains(token.keyword)
    }

    mutating func parseIdentifier(_ context: String, allowingReserved: Bool = false) throws(ParseError) -> Identifier {
        guard atName(allowingReserved: allowingReserved) else { throw failure(expected: context) }
        return Identifier(token: advance(), bytes: bytes)
    }

    /// `part(.part)*`.
    mutating func parseObjectName(_ context: String) throws(ParseError) -> ObjectName {
        let start = offset
        var parts = [try parseIdentifier(context)]
        while at(.dot) && token(at: 1).map({ $0.isWord }) == true {
            index += 1
            parts.append(Identifier(token: advance(), bytes: bytes))
        }
        return ObjectName(parts: parts, span: span(from: start))
    }

    /// `(name, …)`.
    mutating func parseIdentifierList(_ context: String) throws(ParseError) -> [Identifier] {
        try expect(.leftParen, "'('", context)
        var names: [Identifier] = []
        if accept(.rightParen) { return names }
        repeat {
            names.append(try parseIdentifier("a column name", allowingReserved: true))
        } while accept(.comma)
        try expect(.rightParen, "')'", "to close the list")
        return names
    }

    /// Moves past the bracket group opening at the current token.
    mutating func skipGroup() {
        let partner = Int(current.partner)
        index = partner > index && partner < end ? partner + 1 : end
    }
}
