public import StrataDiagnostics

/// A name as written in SQL: its value with quotes removed, whether it was quoted, and where it stands.
public struct Identifier: Sendable, Hashable, CustomStringConvertible {
    /// The value: for `"Core"` this is `Core`, for `deals` it is `deals` (spelled as written).
    public var text: String
    /// Whether the name was delimited (`"x"`, `` `x` ``, `[x]`).
    public var isQuoted: Bool
    /// The token's bytes, quotes included.
    public var span: SourceSpan

    /// Creates an identifier.
    public init(text: String, isQuoted: Bool, span: SourceSpan) {
        self.text = text
        self.isQuoted = isQuoted
        self.span = span
    }

    /// The value an engine compares: unquoted names lowered for PostgreSQL, every name lowered for SQLite.
    /// - Parameter dialect: the engine whose rules apply.
    /// - Returns: the key to compare names with.
    public func normalized(for dialect: Dialect) -> String { normalized(for: dialect.identifierCase) }

    func normalized(for identifierCase: Dialect.IdentifierCase) -> String {
        if isQuoted && identifierCase == .foldUnquotedToLower { return text }
        return text.asciiLowercased()
    }

    public var description: String { isQuoted ? "\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\"" : text }

    /// Decodes an identifier or quoted-identifier token.
    init(token: Token, bytes: UnsafeBufferPointer<UInt8>) {
        let start = token.span.start
        let end = token.span.end
        guard token.kind == .quotedIdentifier else {
            self.init(text: SQLText.string(bytes, start, end), isQuoted: false, span: token.span)
            return
        }
        var open = start
        if bytes[open] | 0x20 == UInt8(ascii: "u") { open += 2 }  // U&"…"
        let close = bytes[open] == UInt8(ascii: "[") ? UInt8(ascii: "]") : bytes[open]
        let closed = end - open >= 2 && bytes[end - 1] == close
        let inner = SQLText.string(bytes, open + 1, closed ? end - 1 : end)
        let quote = String(UnicodeScalar(close))
        let text = close == UInt8(ascii: "]") ? inner : inner.replacingOccurrences(of: quote + quote, with: quote)
        self.init(text: text, isQuoted: true, span: token.span)
    }
}

extension String {
    /// Replaces every occurrence of a substring, without Foundation: byte by byte over the UTF-8 text (as Foundation
    /// compares code units, not characters).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        withUTF8Bytes { text in
            target.withUTF8Bytes { pattern in
                guard !pattern.isEmpty, var found = ByteSearch.offset(of: pattern, in: text) else { return self }
                var result: [UInt8] = []
                result.reserveCapacity(text.count + replacement.utf8.count)
                var copied = 0
                while true {
                    result.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<found]))
                    result.append(contentsOf: replacement.utf8)
                    copied = found + pattern.count
                    let rest = UnsafeBufferPointer(rebasing: text[copied...])
                    guard let next = ByteSearch.offset(of: pattern, in: rest) else { break }
                    found = copied + next
                }
                result.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied...]))
                return String(decoding: result, as: UTF8.self)
            }
        }
    }
}
