/// A half-open range of UTF-8 offsets into a source text.
public struct SourceSpan: Sendable, Hashable, CustomStringConvertible {
    /// First byte of the span.
    public var start: Int
    /// One past the last byte of the span.
    public var end: Int

    /// Creates a span; `end` is raised to `start` if it lies before it.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// A zero-length span at one offset.
    public static func point(_ offset: Int) -> SourceSpan { SourceSpan(start: offset, end: offset) }

    /// Number of bytes covered.
    public var length: Int { end - start }

    /// The smallest span covering both spans.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }

    /// The span moved by a number of bytes.
    public func shifted(by delta: Int) -> SourceSpan { SourceSpan(start: start + delta, end: end + delta) }

    public var description: String { "\(start)..<\(end)" }
}

/// A 1-based line and column; columns count Unicode scalars.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}
