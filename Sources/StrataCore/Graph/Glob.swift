/// A Unix shell-style wildcard pattern with the semantics of Python's `fnmatch`, which dbt uses for selectors.
///
/// `*` matches any run of characters (including `/` and `.`), `?` one character, `[abc]`, `[a-z]` and `[!abc]`
/// one character of a set. Matching is case-sensitive and works on Unicode scalars.
struct Glob: Sendable, Hashable, CustomStringConvertible {
    private enum Token: Sendable, Hashable {
        case literal(Unicode.Scalar)
        case anyOne
        case anyRun
        case set(ranges: [ClosedRange<UInt32>], negated: Bool)
    }

    /// The pattern as written.
    let pattern: String
    private let tokens: [Token]
    /// Whether the pattern has no wildcard at all, so matching is plain comparison.
    private let isLiteral: Bool

    /// Compiles a pattern; a `[` without a closing `]` is a literal bracket, as in `fnmatch`.
    /// - Parameter pattern: the pattern text.
    init(_ pattern: String) {
        self.pattern = pattern
        self.tokens = Glob.tokenize(Array(pattern.unicodeScalars))
        self.isLiteral = tokens.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// Whether the pattern contains any wildcard (`*`, `?` or `[`).
    var hasWildcards: Bool { Glob.hasWildcards(pattern) }

    /// Whether a text contains any wildcard character (`*`, `?` or `[`).
    static func hasWildcards(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    var description: String { pattern }

    /// Whether the whole text matches the pattern.
    /// - Parameter text: the text to test.
    /// - Returns: true on a full match.
    func matches(_ text: some StringProtocol) -> Bool {
        let scalars = text.unicodeScalars
        if isLiteral { return scalars.elementsEqual(pattern.unicodeScalars) }
        var tokenIndex = 0
        var textIndex = scalars.startIndex
        var starToken: Int?
        var starText = textIndex
        while textIndex != scalars.endIndex {
            if tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun {
                starToken = tokenIndex
                starText = textIndex
                tokenIndex += 1
            } else if tokenIndex < tokens.count, Glob.matchesOne(tokens[tokenIndex], scalars[textIndex]) {
                tokenIndex += 1
                textIndex = scalars.index(after: textIndex)
            } else if let star = starToken {
                tokenIndex = star + 1
                starText = scalars.index(after: starText)
                textIndex = starText
            } else {
                return false
            }
        }
        while tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun { tokenIndex += 1 }
        return tokenIndex == tokens.count
    }

    private static func matchesOne(_ token: Token, _ scalar: Unicode.Scalar) -> Bool {
        switch token {
        case .literal(let literal): return literal == scalar
        case .anyOne: return true
        case .anyRun: return false
        case .set(let ranges, let negated): return ranges.contains { $0.contains(scalar.value) } != negated
        }
    }

    private static func tokenize(_ scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "*": if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?": tokens.append(.anyOne)
            case "[":
                if let (set, next) = parseSet(scalars, from: index) {
                    tokens.append(set)
                    index = next
                } else {
                    tokens.append(.literal("["))
                }
            default: tokens.append(.literal(scalar))
            }
        }
        return tokens
    }

    /// Parses a bracket set whose body starts at `start` (just after `[`); nil when it is never closed.
    private static func parseSet(_ scalars: [Unicode.Scalar], from start: Int) -> (Token, Int)? {
        var index = start
        var negated = false
        if index < scalars.count, scalars[index] == "!" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "]", !first { return (.set(ranges: ranges, negated: negated), index + 1) }
            first = false
            if index + 2 < scalars.count, scalars[index + 1] == "-", scalars[index + 2] != "]" {
                let low = scalar.value
                let high = scalars[index + 2].value
                if low <= high { ranges.append(low...high) }
                index += 3
            } else {
                ranges.append(scalar.value...scalar.value)
                index += 1
            }
        }
        return nil
    }
}
