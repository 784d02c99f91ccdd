import StrataDiagnostics

/// The kinds of token the lexer produces; tag delimiters, literals and operators.
enum TokenKind: UInt8, Sendable {
    /// Template text outside tags, already trimmed by whitespace control.
    case text
    case variableBegin, variableEnd, blockBegin, blockEnd
    case name, string, integer, float
    case add, sub, div, floorDiv, mul, pow, mod, tilde
    case lbracket, rbracket, lparen, rparen, lbrace, rbrace
    case eq, ne, gt, gteq, lt, lteq, assign, dot, colon, pipe, comma, semicolon
    case eof
}

/// One token: a kind and the UTF-8 byte range it covers in the template.
struct Token: Sendable {
    var kind: TokenKind
    var start: Int
    var end: Int

    var span: SourceSpan { SourceSpan(start: start, end: end) }
}

extension TokenKind {
    /// How the token kind reads in an error message when its text is not at hand.
    var displayName: String {
        switch self {
        case .text: return "template text"
        case .variableBegin: return "'{{'"
        case .variableEnd: return "'}}'"
        case .blockBegin: return "'{%'"
        case .blockEnd: return "'%}'"
        case .name: return "name"
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .eof: return "end of template"
        default: return Self.operatorSpelling[self].map { "'\($0)'" } ?? "operator"
        }
    }

    /// The source spelling of each operator token.
    static let operatorSpelling: [TokenKind: String] = [
        .add: "+", .sub: "-", .div: "/", .floorDiv: "//", .mul: "*", .pow: "**", .mod: "%", .tilde: "~",
        .lbracket: "[", .rbracket: "]", .lparen: "(", .rparen: ")", .lbrace: "{", .rbrace: "}",
        .eq: "==", .ne: "!=", .gt: ">", .gteq: ">=", .lt: "<", .lteq: "<=", .assign: "=", .dot: ".",
        .colon: ":", .pipe: "|", .comma: ",", .semicolon: ";",
    ]
}
