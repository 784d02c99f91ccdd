/// Settings that change how template source is read, with Jinja2's defaults.
public struct ParseOptions: Sendable, Hashable {
    /// Remove the first newline after a block or comment tag (Jinja2 `trim_blocks`).
    public var trimBlocks: Bool
    /// Strip spaces and tabs from the start of a line up to a block or comment tag (Jinja2 `lstrip_blocks`).
    public var lstripBlocks: Bool
    /// Keep a single trailing newline of the template instead of dropping it (Jinja2 `keep_trailing_newline`).
    public var keepTrailingNewline: Bool
    /// Extra named block tags, such as `{% docs name %}…{% enddocs %}`, parsed generically (see `BlockTag`).
    public var blockTags: [BlockTag]

    /// Creates options; every flag defaults to Jinja2's default (off) and no extra block tags are known.
    public init(
        trimBlocks: Bool = false,
        lstripBlocks: Bool = false,
        keepTrailingNewline: Bool = false,
        blockTags: [BlockTag] = []
    ) {
        self.trimBlocks = trimBlocks
        self.lstripBlocks = lstripBlocks
        self.keepTrailingNewline = keepTrailingNewline
        self.blockTags = blockTags
    }

    func blockTag(named name: String) -> BlockTag? {
        blockTags.first { $0.name == name }
    }
}

/// A host-defined block tag `{% name … %}body{% endname %}`: parsed into a `NamedBlock`, rendered as nothing.
///
/// The engine attaches no meaning to these blocks; the host reads them from `Template.namedBlocks`.
public struct BlockTag: Sendable, Hashable {
    /// What follows the tag name in the opening tag.
    public enum Header: Sendable, Hashable {
        /// A single identifier: `{% docs orders %}`.
        case name
        /// An identifier then comma-separated flags or `key=literal` pairs: `{% kind name, flag, key='x' %}`.
        case nameAndArguments
        /// A macro signature `{% kind name(a, b=1) %}`; the body also becomes a macro named `prefix + name`.
        case macro(prefix: String)
    }

    /// The tag name; the closing tag is `end` followed by it.
    public var name: String
    /// The shape of the opening tag.
    public var header: Header

    /// Creates a block tag description.
    /// - Parameters:
    ///   - name: the tag name, e.g. `docs`.
    ///   - header: what follows the name in the opening tag.
    public init(_ name: String, header: Header) {
        self.name = name
        self.header = header
    }
}
