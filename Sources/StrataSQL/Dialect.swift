import StrataDiagnostics

/// The lexical and naming rules of one SQL engine, as plain data: which quote characters delimit identifiers, how
/// string literals and comments are written, which parameter styles exist, how unquoted names are folded and which
/// words are reserved. Add a dialect by writing a value, not a subclass.
public struct Dialect: Sendable, Hashable, CustomStringConvertible {
    /// How an engine compares identifiers.
    public enum IdentifierCase: Sendable, Hashable {
        /// Unquoted names fold to lower case; quoted names keep their exact spelling (PostgreSQL).
        case foldUnquotedToLower
        /// Names compare case-insensitively (ASCII), quoted or not (SQLite).
        case insensitive
    }

    /// How operators made of symbol characters are split into tokens.
    public enum OperatorStyle: Sendable, Hashable {
        /// PostgreSQL: any run of `+ - * / < > = ~ ! @ # % ^ & | \` ?` is one operator, except that a run ending in
        /// `+` or `-` sheds that character unless it also holds one of `~ ! @ # % ^ & | \` ?`.
        case postgres
        /// A fixed set of operators (`||`, `->>`, `<=`, `<>`, …); everything else is one character.
        case fixed
    }

    /// Parameter placeholder styles, as a set.
    public struct ParameterStyles: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        /// Creates a set from its raw bits.
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// `$1`, `$2`, …
        public static let dollarNumber = ParameterStyles(rawValue: 1)
        /// `?` and `?NNN`.
        public static let questionMark = ParameterStyles(rawValue: 2)
        /// `:name`.
        public static let colonName = ParameterStyles(rawValue: 4)
        /// `@name` and `$name`.
        public static let atOrDollarName = ParameterStyles(rawValue: 8)
    }

    /// Short name used in messages, such as `postgres`.
    public var name: String
    /// Characters that open and close a quoted identifier, the preferred pair first.
    public var identifierQuotes: [QuotePair]
    /// Whether `/* /* */ */` nests.
    public var nestedBlockComments: Bool
    /// Whether `$$ … $$` and `$tag$ … $tag$` are string literals.
    public var dollarQuotedStrings: Bool
    /// Whether `E'…'` strings with backslash escapes exist.
    public var escapeStrings: Bool
    /// How operator characters are grouped.
    public var operatorStyle: OperatorStyle
    /// Which parameter placeholders exist.
    public var parameterStyles: ParameterStyles
    /// How identifiers compare.
    public var identifierCase: IdentifierCase
    /// Whether a common table expression always sees itself, with or without `RECURSIVE` (SQLite).
    public var implicitlyRecursiveCTEs: Bool
    /// Whether `x IN table` names a relation directly (SQLite).
    public var inTableReferences: Bool
    /// Whether `||`, `->` and `->>` bind tighter than `*` (SQLite) rather than looser than `+` (PostgreSQL).
    public var concatenationBindsTightly: Bool
    /// Words that must be quoted to be used as an identifier, lowercased.
    public var reservedWords: Set<String>

    public var description: String { name }

    /// A pair of identifier delimiters, such as `"`/`"` or `[`/`]`.
    public struct QuotePair: Sendable, Hashable {
        /// The opening byte.
        public var open: UInt8
        /// The closing byte; doubling it inside the identifier escapes it, except for `]`.
        public var close: UInt8
        /// Creates a pair.
        public init(open: Character, close: Character) {
            self.open = open.asciiValue ?? UInt8(ascii: "\"")
            self.close = close.asciiValue ?? UInt8(ascii: "\"")
        }
    }

    /// PostgreSQL: `"` identifiers, nested comments, dollar quoting, `E''` strings, `$1` parameters.
    public static let postgres = Dialect(
        name: "postgres",
        identifierQuotes: [QuotePair(open: "\"", close: "\"")],
        nestedBlockComments: true,
        dollarQuotedStrings: true,
        escapeStrings: true,
        operatorStyle: .postgres,
        parameterStyles: [.dollarNumber, .colonName],
        identifierCase: .foldUnquotedToLower,
        implicitlyRecursiveCTEs: false,
        inTableReferences: false,
        concatenationBindsTightly: false,
        reservedWords: ReservedWords.postgres
    )

    /// SQLite: `"`, `` ` `` and `[…]` identifiers, flat comments, `?`, `:name`, `@name` and `$name` parameters.
    public static let sqlite = Dialect(
        name: "sqlite",
        identifierQuotes: [
            QuotePair(open: "\"", close: "\""), QuotePair(open: "`", close: "`"), QuotePair(open: "[", close: "]"),
        ],
        nestedBlockComments: false,
        dollarQuotedStrings: false,
        escapeStrings: false,
        operatorStyle: .fixed,
        parameterStyles: [.questionMark, .colonName, .atOrDollarName],
        identifierCase: .insensitive,
        implicitlyRecursiveCTEs: true,
        inTableReferences: true,
        concatenationBindsTightly: true,
        reservedWords: ReservedWords.sqlite
    )

    /// A permissive mix for text of unknown origin: PostgreSQL rules plus backtick identifiers and `?` parameters.
    public static let generic: Dialect = {
        var dialect = Dialect.postgres
        dialect.name = "generic"
        dialect.identifierQuotes.append(QuotePair(open: "`", close: "`"))
        dialect.parameterStyles.insert(.questionMark)
        dialect.reservedWords.formUnion(ReservedWords.sqlite)
        return dialect
    }()

    /// Quotes an identifier unconditionally, doubling embedded quote characters.
    /// - Parameter identifier: the identifier's value, as stored in the catalog.
    /// - Returns: the identifier as SQL text, for example `"core.deals"` or `"say ""hi"""`.
    public func quote(_ identifier: String) -> String {
        let quote = Character(Unicode.Scalar(identifierQuotes.first?.open ?? UInt8(ascii: "\"")))
        var out = String(quote)
        for character in identifier {
            if character == quote { out.append(quote) }
            out.append(character)
        }
        out.append(quote)
        return out
    }

    /// Quotes an identifier only when it would not survive unquoted: it is reserved, has characters outside
    /// `[a-z0-9_$]`, starts with a digit or `$`, or has upper-case letters that this dialect would fold.
    /// - Parameter identifier: the identifier's value.
    /// - Returns: the identifier as SQL text.
    public func quoteIfNeeded(_ identifier: String) -> String {
        needsQuotes(identifier) ? quote(identifier) : identifier
    }

    private func needsQuotes(_ identifier: String) -> Bool {
        guard let first = identifier.utf8.first else { return true }
        if first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") || first == UInt8(ascii: "$") { return true }
        for byte in identifier.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"),
                UInt8(ascii: "$"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where identifierCase == .insensitive:
                continue
            default:
                return true
            }
        }
        return reservedWords.contains(identifier.asciiLowercased())
    }
}

extension String {
    /// The string with ASCII letters lowered and everything else untouched, as PostgreSQL and SQLite fold names.
    func asciiLowercased() -> String {
        guard utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return self }
        return String(
            decoding: utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
