import StrataDiagnostics

/// Builds the syntax tree from tokens by recursive descent, following Jinja2's grammar and precedence.
///
/// Open blocks are tracked on a stack so a missing or mismatched end tag reports the innermost open block and
/// where it was opened.
struct Parser {
    let tokens: [Token]
    let bytes: [UInt8]
    let file: SourceFile
    let options: ParseOptions
    var index = 0
    var openBlocks: [(name: String, tag: SourceSpan)] = []
    var loopDepth = 0
    var namedBlocks: [NamedBlock] = []

    init(tokens: [Token], bytes: [UInt8], file: SourceFile, options: ParseOptions) {
        self.tokens = tokens
        self.bytes = bytes
        self.file = file
        self.options = options
    }

    /// The tags that end or continue a block; meeting one where it does not belong is a mismatch, not an unknown tag.
    static let builtinTags: [String] = [
        "if", "elif", "else", "endif", "for", "endfor", "set", "endset", "macro", "endmacro", "call", "endcall",
        "filter", "endfilter", "do", "break", "continue", "with", "endwith", "include", "import", "from", "raw",
        "endraw",
    ]

    /// Jinja2 tags this engine deliberately leaves out, with what to use instead.
    static let unsupportedTags: [String: String] = [
        "extends": "template inheritance is not supported; share SQL with macros instead",
        "block": "template inheritance is not supported; share SQL with macros instead",
        "endblock": "template inheritance is not supported; share SQL with macros instead",
        "autoescape": "SQL templates are never autoescaped; use the 'escape' filter where needed",
        "trans": "i18n extensions are not supported",
    ]

    var current: Token { tokens[index] }

    func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func text(_ token: Token) -> String { String(decoding: bytes[token.start..<token.end], as: UTF8.self) }

    /// Whether a token is the name `word`, compared without allocating.
    func isName(_ token: Token, _ word: StaticString) -> Bool {
        guard token.kind == .name, token.end - token.start == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        for offset in 0..<word.utf8CodeUnitCount where bytes[token.start + offset] != pointer[offset] { return false }
        return true
    }

    /// Consumes the current token if it has the given kind.
    mutating func skip(_ kind: TokenKind) -> Bool {
        guard current.kind == kind else { return false }
        advance()
        return true
    }

    /// Consumes the current token if it is the name `word`.
    mutating func skipName(_ word: StaticString) -> Bool {
        guard isName(current, word) else { return false }
        advance()
        return true
    }

    /// Consumes a token of the given kind or fails with "expected …".
    mutating func expect(_ kind: TokenKind, _ expectation: String) throws(Diagnostic) -> Token {
        guard current.kind == kind else { throw unexpected(current, expected: expectation) }
        return advance()
    }

    /// Consumes the `%}` that ends a tag.
    mutating func expectBlockEnd(_ tag: String) throws(Diagnostic) -> Token {
        guard current.kind == .blockEnd else {
            throw unexpected(current, expected: "'%}' to end the '\(tag)' tag")
        }
        return advance()
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .eof: return "end of template"
        case .name, .integer, .float: return "'\(text(token))'"
        case .string:
            let literal = text(token)
            return literal.count > 30 ? "string \(literal.prefix(27))…" : "string \(literal)"
        default: return token.kind.displayName
        }
    }

    func unexpected(_ token: Token, expected: String) -> Diagnostic {
        Diagnostic.error(
            .jinjaSyntax, "expected \(expected), found \(describe(token))", in: file, at: token.span,
            label: "unexpected \(describe(token))")
    }

    func span(from start: Token, to end: Token) -> SourceSpan { SourceSpan(start: start.start, end: end.end) }

    // MARK: Bodies

    /// Parses the whole template.
    mutating func parseTemplate() throws(Diagnostic) -> [Node] {
        try parseBody(until: [])
    }

    /// Parses nodes until a block tag whose name is in `endTags` (left unconsumed) or the end of the template.
    mutating func parseBody(until endTags: [String]) throws(Diagnostic) -> [Node] {
        var nodes: [Node] = []
        while true {
            let token = current
            switch token.kind {
            case .text:
                nodes.append(.text(token.span))
                advance()
            case .variableBegin:
                nodes.append(try parseOutput())
            case .blockBegin:
                let nameToken = peek()
                if nameToken.kind == .name, !endTags.isEmpty, endTags.contains(text(nameToken)) { return nodes }
                if let node = try parseStatement() { nodes.append(node) }
            case .eof:
                if !endTags.isEmpty { throw unclosedBlock(at: token) }
                return nodes
            default:
                throw unexpected(token, expected: "template text or a tag")
            }
        }
    }

    mutating func parseOutput() throws(Diagnostic) -> Node {
        let begin = advance()
        let expr = try parseTuple(withCondition: true)
        guard current.kind == .variableEnd else { throw unexpected(current, expected: "'}}'") }
        let end = advance()
        return .output(expr, tag: span(from: begin, to: end))
    }

    /// Consumes `{% name` of a tag the body parser stopped at and returns the name.
    @discardableResult
    mutating func consumeTagName() -> String {
        advance()
        return text(advance())
    }

    /// Records that a block is open while its body is parsed, for error messages.
    mutating func withOpenBlock<Result>(
        _ name: String, tag: SourceSpan, _ body: (inout Parser) throws(Diagnostic) -> Result
    ) throws(Diagnostic) -> Result {
        openBlocks.append((name, tag))
        let result = try body(&self)
        openBlocks.removeLast()
        return result
    }

    // MARK: Block errors

    func unclosedBlock(at eof: Token) -> Diagnostic {
        let open = openBlocks.last!
        let opened = file.location(of: open.tag.start)
        var diagnostic = Diagnostic.error(
            .jinjaUnclosedBlock,
            "unexpected end of template; the innermost open block is '\(open.name)' (opened at \(opened))",
            in: file, at: SourceSpan.point(file.text.utf8.count), label: "template ends here",
            help: "expected '{% end\(open.name) %}'")
        diagnostic.secondary = [Label(file: file, span: open.tag, text: "block opened here")]
        return diagnostic
    }

    /// The error for a tag that is unknown or does not belong where it appears.
    func misplacedTag(_ name: String, nameToken: Token, begin: Token) -> Diagnostic {
        if let help = Parser.unsupportedTags[name] {
            return Diagnostic.error(
                .jinjaUnknownTag, "the '\(name)' tag is not supported", in: file, at: nameToken.span, help: help)
        }
        let knownEnd = Parser.builtinTags.contains(name) || options.blockTags.contains { "end\($0.name)" == name }
        guard knownEnd else {
            let candidates = Parser.builtinTags + options.blockTags.map(\.name)
            return Diagnostic.error(
                .jinjaUnknownTag, "unknown tag '\(name)'", in: file, at: nameToken.span, label: "unknown tag",
                help: EditDistance.suggestionHelp(for: name, among: candidates))
        }
        let tagEnd = tokens[index...].first { $0.kind == .blockEnd || $0.kind == .eof }.map(\.end) ?? nameToken.end
        let tagSpan = SourceSpan(start: begin.start, end: max(nameToken.end, min(tagEnd, file.text.utf8.count)))
        guard let open = openBlocks.last else {
            return Diagnostic.error(
                .jinjaUnexpectedEndTag, "unexpected '{% \(name) %}' outside of any block", in: file, at: tagSpan,
                help: "remove it or open the block it belongs to")
        }
        let opened = file.location(of: open.tag.start)
        var diagnostic = Diagnostic.error(
            .jinjaUnexpectedEndTag,
            "unexpected '{% \(name) %}'; the innermost open block is '\(open.name)' (opened at \(opened))",
            in: file, at: tagSpan, help: "expected '{% end\(open.name) %}'")
        diagnostic.secondary = [Label(file: file, span: open.tag, text: "block opened here")]
        return diagnostic
    }
}

extension EditDistance {
    /// "did you mean 'x'?" for the closest candidate, or nil.
    static func suggestionHelp(for name: String, among candidates: some Sequence<String>) -> String? {
        suggestion(for: name, among: candidates).map { "did you mean '\($0)'?" }
    }
}
