public import StrataDiagnostics

/// One lexical unit of SQL text. Whitespace is never a token; comments are tokens only when asked for.
public struct Token: Sendable, Hashable {
    /// What kind of text a token covers.
    public enum Kind: UInt8, Sendable, Hashable {
        /// An unquoted word; `keyword` tells whether it spells a keyword.
        case identifier
        /// A delimited identifier such as `"Deals"`, `` `x` `` or `[x]`.
        case quotedIdentifier
        /// A string literal in any form: `'…'`, `E'…'`, `X'…'`, `$$…$$`.
        case string
        /// A numeric literal.
        case number
        /// A placeholder such as `$1`, `?`, `:name`.
        case parameter
        /// A run of operator characters, `::`, `:=` or `:`.
        case `operator`
        /// `(`
        case leftParen
        /// `)`
        case rightParen
        /// `[`
        case leftBracket
        /// `]`
        case rightBracket
        /// `,`
        case comma
        /// `;`
        case semicolon
        /// `.`
        case dot
        /// A `--` or `/* */` comment (only with `Lexer.keepsComments`).
        case comment
        /// A byte no SQL token starts with, such as `{` or `\`.
        case unknown
    }

    /// The token's kind.
    public var kind: Kind
    /// The keyword an identifier spells, or `.notKeyword`.
    public var keyword: Keyword
    /// Index of the matching bracket token for `(`, `)`, `[` and `]`, or -1 when it has none.
    var partner: Int32
    /// The bytes the token covers, including quotes and prefixes.
    public var span: SourceSpan

    init(_ kind: Kind, _ start: Int, _ end: Int, keyword: Keyword = .notKeyword) {
        self.kind = kind
        self.keyword = keyword
        self.partner = -1
        self.span = SourceSpan(start: start, end: end)
    }

    /// Whether the token is an unquoted word spelling `keyword`.
    @inline(__always)
    func `is`(_ keyword: Keyword) -> Bool { self.keyword == keyword }

    /// Whether the token can be part of a name: an identifier or a quoted identifier.
    @inline(__always)
    var isWord: Bool { kind == .identifier || kind == .quotedIdentifier }
}
