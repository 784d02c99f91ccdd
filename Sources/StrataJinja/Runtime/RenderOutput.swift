public import StrataDiagnostics

/// The result of rendering a template: the text and where each part of it came from.
public struct RenderOutput: Sendable {
    /// The rendered text.
    public var text: String
    /// Maps spans of `text` back to the template: literal text byte for byte, everything a tag produced
    /// (including output of macros it called) to that tag.
    public var sourceMap: SourceMap

    /// Creates a render output.
    public init(text: String, sourceMap: SourceMap) {
        self.text = text
        self.sourceMap = sourceMap
    }
}

/// What using an undefined value does.
public enum UndefinedBehavior: Sendable, Hashable {
    /// Jinja2's default: prints as empty, is falsy, iterates as empty; calling it or reading its attributes fails.
    case lenient
    /// Like `lenient`, but reading an attribute or item of an undefined value gives another undefined value.
    case chainable
    /// Any use other than `is defined`, `is undefined` and the `default` filter fails.
    case strict
}
