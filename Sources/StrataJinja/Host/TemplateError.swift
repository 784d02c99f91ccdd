public import StrataDiagnostics

/// An error thrown by host functions, host objects, filters and tests.
///
/// The interpreter turns it into a `Diagnostic` that points at the template expression that made the call (or at
/// one of its arguments), adds the macro call chain, and keeps the code, message and help given here.
public struct TemplateError: Error, Sendable, Hashable {
    /// Which part of the call the diagnostic should underline.
    public enum Target: Sendable, Hashable {
        /// The whole call expression (the default).
        case call
        /// The positional argument at this index, e.g. the model name in `ref('stg_orderz')`.
        case argument(Int)
        /// The keyword argument with this name.
        case keyword(String)
    }

    /// The stable diagnostic code, such as `G4001`.
    public var code: DiagnosticCode
    /// Lowercase message without a trailing period.
    public var message: String
    /// A suggested fix, such as "did you mean 'stg_orders'?".
    public var help: String?
    /// Short text printed under the caret.
    public var label: String
    /// Extra `note:` lines.
    public var notes: [String]
    /// What to underline.
    public var target: Target

    /// Creates an error.
    /// - Parameters:
    ///   - code: the diagnostic code.
    ///   - message: lowercase message without a trailing period.
    ///   - help: a suggested fix.
    ///   - label: text printed under the caret.
    ///   - notes: extra note lines.
    ///   - target: which part of the call to underline.
    public init(
        _ code: DiagnosticCode,
        _ message: String,
        help: String? = nil,
        label: String = "",
        notes: [String] = [],
        target: Target = .call
    ) {
        self.code = code
        self.message = message
        self.help = help
        self.label = label
        self.notes = notes
        self.target = target
    }
}
