public import StrataDiagnostics

/// What to put in place of one relation reference.
public struct RelationRewrite: Sendable, Hashable {
    /// SQL text that replaces the dotted name, inserted verbatim (quote it yourself, e.g. with `Dialect.quote`).
    public var replacement: String
    /// Whether to add `AS "<name>"` after a read reference that has no explicit alias, so column references
    /// qualified by the old name keep working. Never applied to targets, nor where two relations of one from list
    /// would end up with the same alias.
    public var addsAliasWhenMissing: Bool

    /// Creates a rewrite.
    /// - Parameters:
    ///   - replacement: SQL text for the name.
    ///   - addsAliasWhenMissing: whether to alias an unaliased read with the old name.
    public init(replacement: String, addsAliasWhenMissing: Bool = false) {
        self.replacement = replacement
        self.addsAliasWhenMissing = addsAliasWhenMissing
    }

    /// The rewrite that maps `schema.name` onto one identifier `"schema.name"` (for engines without schemas, such
    /// as one SQLite file), aliased with the old name. Three-part names keep their last two parts.
    /// - Parameters:
    ///   - reference: the reference to map.
    ///   - dialect: the dialect whose quoting to use.
    /// - Returns: the rewrite, or nil for an unqualified name.
    public static func flattenedSchema(_ reference: RelationReference, dialect: Dialect) -> RelationRewrite? {
        guard let schema = reference.schema else { return nil }
        let name = dialect.quote(schema.text + "." + reference.name.text)
        return RelationRewrite(replacement: name, addsAliasWhenMissing: true)
    }
}

/// Rewritten SQL text plus the edits made, to map positions in it back to the original.
public struct RewriteResult: Sendable {
    /// One replaced or inserted run of text.
    public struct Edit: Sendable, Hashable {
        /// The bytes replaced in the original (empty for an insertion).
        public var original: SourceSpan
        /// The bytes that took their place in the rewritten text.
        public var rewritten: SourceSpan
        /// The new text.
        public var text: String
    }

    /// The rewritten SQL.
    public var text: String
    /// Edits in text order.
    public var edits: [Edit]
    /// The diagnostics found while analysing the original text.
    public var diagnostics: [Diagnostic]

    /// The original offset of an offset in the rewritten text; offsets inside an edit map to the edit's start.
    /// - Parameter rewrittenOffset: a UTF-8 offset into `text`.
    /// - Returns: the UTF-8 offset in the original text.
    public func originalOffset(of rewrittenOffset: Int) -> Int {
        var delta = 0
        for edit in edits {
            if rewrittenOffset < edit.rewritten.start { break }
            if rewrittenOffset < edit.rewritten.end { return edit.original.start }
            delta = edit.rewritten.end - edit.original.end
        }
        return rewrittenOffset - delta
    }

    /// The original span of a span in the rewritten text.
    /// - Parameter rewrittenSpan: a span of `text`.
    /// - Returns: the span in the original text, widened to whole edits it touches.
    public func originalSpan(of rewrittenSpan: SourceSpan) -> SourceSpan {
        let start = originalOffset(of: rewrittenSpan.start)
        var end = originalOffset(of: rewrittenSpan.end)
        if let edit = edits.first(where: {
            $0.rewritten.start < rewrittenSpan.end && rewrittenSpan.end < $0.rewritten.end
        }) {
            end = edit.original.end
        }
        return SourceSpan(start: start, end: max(start, end))
    }

    /// A source map from the rewritten text to `original`: untouched text maps byte for byte, edits map to the
    /// name they replaced.
    /// - Parameter original: the file the rewritten text came from.
    /// - Returns: the map.
    public func sourceMap(for original: SourceFile) -> SourceMap {
        var map = SourceMap()
        var rewritten = 0
        var source = 0
        for edit in edits {
            map.appendVerbatim(
                outputStart: rewritten, length: edit.rewritten.start - rewritten, file: original, sourceStart: source)
            map.appendGenerated(
                outputStart: edit.rewritten.start, length: edit.rewritten.length, file: original, tag: edit.original)
            rewritten = edit.rewritten.end
            source = edit.original.end
        }
        map.appendVerbatim(
            outputStart: rewritten, length: text.utf8.count - rewritten, file: original, sourceStart: source)
        return map
    }
}
