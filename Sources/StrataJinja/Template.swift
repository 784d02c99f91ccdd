public import StrataDiagnostics

/// A parsed template: the syntax tree of one source file, plus the macros and named blocks it defines.
///
/// Parsing is pure and the result is immutable, so a template can be parsed once and rendered many times from
/// several threads.
public struct Template: Sendable {
    /// The source file the template was parsed from.
    public let file: SourceFile
    let nodes: [Node]
    /// Host-defined blocks (`ParseOptions.blockTags`) found anywhere in the template, in source order.
    public let namedBlocks: [NamedBlock]

    init(file: SourceFile, nodes: [Node], namedBlocks: [NamedBlock]) {
        self.file = file
        self.nodes = nodes
        self.namedBlocks = namedBlocks
    }

    /// Parses a template.
    ///
    /// A source without `{{`, `{%` or `{#` takes a fast path and becomes a single text node.
    /// - Parameters:
    ///   - file: the source file.
    ///   - options: whitespace handling and extra block tags.
    /// - Returns: the parsed template.
    /// - Throws: a `Diagnostic` with a `J1xxx` code pointing at the exact problem.
    public static func parse(_ file: SourceFile, options: ParseOptions = ParseOptions()) throws(Diagnostic) -> Template
    {
        if let plain = plainText(file, options: options) { return plain }
        let bytes = Array(file.text.utf8)
        let tokens = try Lexer.tokenize(file, bytes: bytes, options: options)
        var parser = Parser(tokens: tokens, bytes: bytes, file: file, options: options)
        let nodes = try parser.parseTemplate()
        return Template(file: file, nodes: nodes, namedBlocks: parser.namedBlocks)
    }

    private static func plainText(_ file: SourceFile, options: ParseOptions) -> Template? {
        let hasTag = file.text.utf8.withContiguousStorageIfAvailable { Lexer.firstTag(in: $0, from: 0) != nil }
        guard hasTag == false else { return nil }
        let utf8 = file.text.utf8
        var end = utf8.count
        if !options.keepTrailingNewline, let last = utf8.last {
            if last == Byte.newline {
                end -= 1
                if end > 0, utf8[utf8.index(utf8.startIndex, offsetBy: end - 1)] == Byte.carriageReturn { end -= 1 }
            } else if last == Byte.carriageReturn {
                end -= 1
            }
        }
        let nodes: [Node] = end == 0 ? [] : [.text(SourceSpan(start: 0, end: end))]
        return Template(file: file, nodes: nodes, namedBlocks: [])
    }

    /// Whether the template is only text, with no tags at all.
    public var isPlainText: Bool {
        nodes.allSatisfy { node in
            if case .text = node { return true }
            return false
        }
    }

    /// The macros defined at the top level of the template (including macro-style named blocks), in source order.
    public var macros: [Macro] {
        nodes.compactMap { node in
            if case .macro(let definition) = node { return Macro(definition: definition) }
            return nil
        }
    }
}

/// A host-defined block such as `{% docs orders %}…{% enddocs %}`, parsed but never executed by rendering.
public struct NamedBlock: Sendable {
    /// A flag or `key=value` argument after the block name.
    public struct Argument: Sendable {
        /// The argument name.
        public var name: String
        /// The literal value (`true` for a bare flag), or nil when the value is not a literal.
        public var value: Value?
        /// Where the value is written.
        public var span: SourceSpan
    }

    /// The tag name, such as `docs`.
    public let kind: String
    /// The name after the tag, such as `orders`.
    public let name: String
    /// Arguments for `.nameAndArguments` blocks.
    public let arguments: [Argument]
    /// The macro for `.macro(prefix:)` blocks, named with the prefix.
    public let macro: Macro?
    /// The body as a template of the same file; render it or analyse it like any template.
    public let body: Template
    /// From the opening tag to the end of the closing tag.
    public let span: SourceSpan
    /// The opening tag.
    public let tagSpan: SourceSpan
    /// The raw source between the opening and closing tags.
    public let bodySpan: SourceSpan

    /// The raw body text between the tags.
    public var bodySource: String {
        let utf8 = body.file.text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: bodySpan.start)
        let end = utf8.index(utf8.startIndex, offsetBy: bodySpan.end)
        return String(body.file.text[start..<end])
    }
}
