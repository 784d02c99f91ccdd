public import StrataDiagnostics

/// The stable codes of template problems: `J1xxx` are found while parsing, `J2xxx` while rendering.
extension DiagnosticCode {
    /// J1001: a malformed expression or statement, such as an unexpected token.
    public static let jinjaSyntax: DiagnosticCode = "J1001"
    /// J1002: a tag, comment, string literal or raw block that is never closed.
    public static let jinjaUnclosedTag: DiagnosticCode = "J1002"
    /// J1003: the template ends while a block (`if`, `for`, `macro`, …) is still open.
    public static let jinjaUnclosedBlock: DiagnosticCode = "J1003"
    /// J1004: a `{% tag %}` name the engine does not know.
    public static let jinjaUnknownTag: DiagnosticCode = "J1004"
    /// J1005: an end or middle tag (`endfor`, `else`, …) that does not match the open block.
    public static let jinjaUnexpectedEndTag: DiagnosticCode = "J1005"
    /// J1006: a literal that cannot be read, such as a bad escape in a string.
    public static let jinjaInvalidLiteral: DiagnosticCode = "J1006"
    /// J1007: something that cannot be assigned to in `set`, `for` or `with`.
    public static let jinjaInvalidTarget: DiagnosticCode = "J1007"
    /// J1008: a macro signature that repeats a parameter or puts a required one after a default.
    public static let jinjaInvalidSignature: DiagnosticCode = "J1008"
    /// J1009: `break` or `continue` outside a `for` loop.
    public static let jinjaLoopControlOutsideLoop: DiagnosticCode = "J1009"
    /// J1010: two macros with the same name in one namespace of a macro library.
    public static let jinjaDuplicateMacro: DiagnosticCode = "J1010"

    /// J2001: an undefined name or attribute was called, indexed or otherwise used where a value is needed.
    public static let jinjaUndefined: DiagnosticCode = "J2001"
    /// J2002: a filter name that is not registered.
    public static let jinjaUnknownFilter: DiagnosticCode = "J2002"
    /// J2003: a test name (`is …`) that is not registered.
    public static let jinjaUnknownTest: DiagnosticCode = "J2003"
    /// J2004: an operation applied to a value of the wrong type.
    public static let jinjaTypeError: DiagnosticCode = "J2004"
    /// J2005: a call with missing, surplus or unknown arguments.
    public static let jinjaArguments: DiagnosticCode = "J2005"
    /// J2006: calling a value that is not callable.
    public static let jinjaNotCallable: DiagnosticCode = "J2006"
    /// J2007: division by zero or an integer overflow.
    public static let jinjaArithmetic: DiagnosticCode = "J2007"
    /// J2008: a host function failed with an error that is not a `TemplateError`.
    public static let jinjaHostFailure: DiagnosticCode = "J2008"
    /// J2009: `return()` used outside a macro.
    public static let jinjaReturnOutsideMacro: DiagnosticCode = "J2009"
    /// J2010: `include` or `import` of a template the loader cannot find.
    public static let jinjaTemplateNotFound: DiagnosticCode = "J2010"
    /// J2011: macros calling each other deeper than the recursion limit.
    public static let jinjaRecursionLimit: DiagnosticCode = "J2011"
    /// J2012: a value that has the right type but cannot be used, such as unpacking the wrong number of items.
    public static let jinjaValueError: DiagnosticCode = "J2012"
}
