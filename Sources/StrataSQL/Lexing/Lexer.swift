public import StrataDiagnostics

/// Splits SQL text into tokens on UTF-8 bytes. It never fails: text it cannot close (a string, a quoted identifier,
/// a comment, a dollar-quoted body) becomes one token running to the end, with a diagnostic. It also pairs
/// parentheses and brackets, reporting the ones left unmatched.
public struct Lexer: Sendable {
    /// The rules to lex by.
    public var dialect: Dialect
    /// Whether comments are returned as `.comment` tokens.
    public var keepsComments: Bool

    /// Creates a lexer.
    /// - Parameters:
    ///   - dialect: the rules to lex by.
    ///   - keepsComments: whether to return comments as tokens.
    public init(dialect: Dialect, keepsComments: Bool = false) {
        self.dialect = dialect
        self.keepsComments = keepsComments
    }

    /// Tokenizes a file.
    /// - Parameter file: the SQL text and the path diagnostics name.
    /// - Returns: the tokens, and errors for unterminated literals or comments and unbalanced brackets.
    public func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        let output = SQLText.withBytes(file.text) { Self.lex($0, dialect: dialect, keepsComments: keepsComments) }
        return (output.tokens, output.issues.map { $0.diagnostic(in: file) })
    }

    /// Tokenizes text, dropping diagnostics.
    /// - Parameter sql: the SQL text.
    /// - Returns: the tokens.
    public func tokenize(_ sql: String) -> [Token] {
        SQLText.withBytes(sql) { Self.lex($0, dialect: dialect, keepsComments: keepsComments) }.tokens
    }

    struct Output {
        var tokens: [Token]
        var issues: [Issue]
    }

    static func lex(_ bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect, keepsComments: Bool = false) -> Output {
        var state = LexerState(bytes: bytes, dialect: dialect, keepsComments: keepsComments)
        state.run()
        return Output(tokens: state.tokens, issues: state.issues)
    }
}

/// Access to a string's UTF-8 bytes without copying native strings.
enum SQLText {
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var text = text
        return text.withUTF8(body)
    }

    /// Decodes `bytes[start..<end]`.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}

/// Byte classes for the lexer's first dispatch.
enum ByteClass {
    static let space: UInt8 = 1
    static let identStart: UInt8 = 2
    static let digit: UInt8 = 3
    static let operatorChar: UInt8 = 4
    static let other: UInt8 = 0

    /// Allocated once and never freed, so threads share it without reference counting.
    nonisolated(unsafe) static let table: UnsafeBufferPointer<UInt8> = {
        let table = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: other)
        for byte in [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C] { table[byte] = space }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = identStart }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = identStart }
        for byte in 0x80...0xFF { table[byte] = identStart }
        table[Int(UInt8(ascii: "_"))] = identStart
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = digit }
        for character in "+-*/<>=~!@#%^&|`?" { table[Int(character.asciiValue!)] = operatorChar }
        return UnsafeBufferPointer(table)
    }()

    @inline(__always)
    static func isIdentifierPart(_ byte: UInt8, _ table: UnsafeBufferPointer<UInt8>) -> Bool {
        let kind = table[Int(byte)]
        return kind == identStart || kind == digit || byte == UInt8(ascii: "$")
    }
}
