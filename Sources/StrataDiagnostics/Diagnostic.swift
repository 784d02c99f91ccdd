/// A stable code that names a kind of problem; the letter tells the stage (`P` project, `J` Jinja, `S` SQL,
/// `G` graph, `D` database, `T` data test) and the meaning of a code never changes.
public struct DiagnosticCode: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The code as printed, e.g. `G4001`.
    public var rawValue: String

    /// Creates a code from its printed form.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a code from a literal such as `"G4001"`.
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
}

/// A span in a particular file with a short text printed under it.
public struct Label: Sendable, Hashable {
    /// The file the span points into.
    public var file: SourceFile
    /// The bytes the label underlines.
    public var span: SourceSpan
    /// Short text printed next to the underline; may be empty.
    public var text: String

    /// Creates a label.
    public init(file: SourceFile, span: SourceSpan, text: String = "") {
        self.file = file
        self.span = span
        self.text = text
    }

    /// Where the label starts, as line and column.
    public var location: SourceLocation { file.location(of: span.start) }
}

/// The one type every user-visible problem becomes, from YAML errors to database failures.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case note, warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            let order: [Severity] = [.note, .warning, .error]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    /// How serious it is.
    public var severity: Severity
    /// The stable code.
    public var code: DiagnosticCode
    /// Lowercase, specific, without a trailing period and without terminal colours.
    public var message: String
    /// Where the problem is, with a label shown under the caret.
    public var primary: Label?
    /// Further places that explain the problem, such as each edge of a cycle or where a block opened.
    public var secondary: [Label]
    /// Extra lines printed as `= note: …`.
    public var notes: [String]
    /// A suggested fix printed as `= help: …`.
    public var help: String?
    /// A path to name when there is no span (for example a file that could not be read).
    public var path: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity = .error,
        code: DiagnosticCode,
        message: String,
        primary: Label? = nil,
        secondary: [Label] = [],
        notes: [String] = [],
        help: String? = nil,
        path: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.primary = primary
        self.secondary = secondary
        self.notes = notes
        self.help = help
        self.path = path
    }

    /// Creates an error diagnostic pointing at a span of a file.
    public static func error(
        _ code: DiagnosticCode,
        _ message: String,
        in file: SourceFile,
        at span: SourceSpan,
        label: String = "",
        help: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, code: code, message: message, primary: Label(file: file, span: span, text: label), help: help)
    }

    /// The first line as printed: `path:line:col: severity: message [code]`.
    public var headline: String {
        var prefix = ""
        if let primary {
            prefix = "\(primary.file.path):\(primary.location): "
        } else if let path {
            prefix = "\(path): "
        }
        return "\(prefix)\(severity.rawValue): \(message) [\(code)]"
    }

    public var description: String { headline }
}
