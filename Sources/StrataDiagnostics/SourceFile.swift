import Synchronization

/// A text file that diagnostics can point into: its display path, its text, and a lazily built table of where
/// each line starts, so locations are computed only when something is printed.
public final class SourceFile: Sendable, Hashable, CustomStringConvertible {
    /// The path shown to users, relative to the project root where possible.
    public let path: String
    /// The file's full text.
    public let text: String
    private let lineStartsCache = Mutex<[Int]?>(nil)

    /// Creates a source file.
    /// - Parameters:
    ///   - path: the path shown in diagnostics.
    ///   - text: the file's contents.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// UTF-8 offsets at which each line begins; the first entry is always 0.
    public var lineStarts: [Int] {
        lineStartsCache.withLock { cache in
            if let cache { return cache }
            var starts = [0]
            var offset = 0
            for byte in text.utf8 {
                offset += 1
                if byte == UInt8(ascii: "\n") { starts.append(offset) }
            }
            cache = starts
            return starts
        }
    }

    /// Number of lines in the file (a trailing newline does not open a new line).
    public var lineCount: Int {
        let starts = lineStarts
        if starts.count > 1, starts.last == text.utf8.count { return starts.count - 1 }
        return starts.count
    }

    /// The 1-based line and column of a UTF-8 offset; columns count Unicode scalars, as PostgreSQL's `position` does.
    /// - Parameter offset: a UTF-8 offset into `text`, clamped to the file's bounds.
    /// - Returns: the location of that offset.
    public func location(of offset: Int) -> SourceLocation {
        let utf8 = text.utf8
        let clamped = max(0, min(offset, utf8.count))
        let starts = lineStarts
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let lineStart = utf8.index(utf8.startIndex, offsetBy: starts[low])
        let target = utf8.index(utf8.startIndex, offsetBy: clamped)
        let scalars = text.unicodeScalars[lineStart..<target].count
        return SourceLocation(line: low + 1, column: scalars + 1)
    }

    /// The UTF-8 offset of a 1-based line and scalar column, the inverse of `location(of:)`.
    /// - Parameters:
    ///   - line: 1-based line number.
    ///   - column: 1-based column in Unicode scalars.
    /// - Returns: the offset, clamped to the end of that line.
    public func offset(line: Int, column: Int) -> Int {
        let starts = lineStarts
        let lineIndex = max(0, min(line - 1, starts.count - 1))
        let utf8 = text.utf8
        var index = utf8.index(utf8.startIndex, offsetBy: starts[lineIndex])
        var remaining = column - 1
        let scalars = text.unicodeScalars
        while remaining > 0, index < text.endIndex, scalars[index] != "\n" {
            index = scalars.index(after: index)
            remaining -= 1
        }
        return utf8.distance(from: utf8.startIndex, to: index)
    }

    /// The text of a 1-based line without its line terminator.
    /// - Parameter line: 1-based line number.
    /// - Returns: the line's text, or an empty string past the end of the file.
    public func lineText(_ line: Int) -> String {
        let starts = lineStarts
        guard line >= 1, line <= starts.count else { return "" }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: starts[line - 1])
        let end = line < starts.count ? utf8.index(utf8.startIndex, offsetBy: starts[line] - 1) : text.endIndex
        var slice = Substring(text[start..<max(start, end)])
        if slice.hasSuffix("\r") { slice.removeLast() }
        return String(slice)
    }

    public static func == (lhs: SourceFile, rhs: SourceFile) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
    public var description: String { path }
}
