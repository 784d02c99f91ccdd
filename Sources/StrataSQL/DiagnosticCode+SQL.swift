public import StrataDiagnostics

/// The stable codes of SQL problems: `S1xxx` are found by the lexer, `S2xxx` by the parser and the reference
/// scanner. Warnings (`S29xx`) mean the text was kept but not fully understood.
extension DiagnosticCode {
    /// S1001: a string literal that is never closed.
    public static let sqlUnterminatedString: DiagnosticCode = "S1001"
    /// S1002: a quoted identifier that is never closed.
    public static let sqlUnterminatedIdentifier: DiagnosticCode = "S1002"
    /// S1003: a block comment that is never closed.
    public static let sqlUnterminatedComment: DiagnosticCode = "S1003"
    /// S1004: a dollar-quoted string whose closing tag never appears.
    public static let sqlUnterminatedDollarString: DiagnosticCode = "S1004"
    /// S2001: a token that cannot appear where it stands, such as text after the end of a statement.
    public static let sqlSyntax: DiagnosticCode = "S2001"
    /// S2002: a `)` or `]` with no opening partner.
    public static let sqlUnmatchedClose: DiagnosticCode = "S2002"
    /// S2003: a `(` or `[` that is never closed.
    public static let sqlUnclosedOpen: DiagnosticCode = "S2003"
    /// S2004: `from`, `join` or a comma in a from list not followed by a relation.
    public static let sqlMissingRelation: DiagnosticCode = "S2004"
    /// S2005: the input ends while a clause still needs something.
    public static let sqlUnexpectedEnd: DiagnosticCode = "S2005"
    /// S2901 (warning): syntax the parser does not model, kept as an opaque node.
    public static let sqlUnsupportedSyntax: DiagnosticCode = "S2901"
    /// S2902 (warning): a statement kind the analyser does not know; relations were found by a token scan.
    public static let sqlUnknownStatement: DiagnosticCode = "S2902"
}

/// A diagnostic before it is attached to a file.
struct Issue: Sendable, Hashable {
    var severity: Diagnostic.Severity
    var code: DiagnosticCode
    var message: String
    var span: SourceSpan
    var label: String

    static func error(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String = "") -> Issue {
        Issue(severity: .error, code: code, message: message, span: span, label: label)
    }

    static func warning(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String = "") -> Issue {
        Issue(severity: .warning, code: code, message: message, span: span, label: label)
    }

    func diagnostic(in file: SourceFile) -> Diagnostic {
        Diagnostic(severity, code: code, message: message, primary: Label(file: file, span: span, text: label))
    }
}
