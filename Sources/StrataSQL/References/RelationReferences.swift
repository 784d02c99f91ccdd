public import StrataDiagnostics

/// Finds the relations SQL text reads and writes, aware of common table expressions and their scopes.
public enum RelationReferences {
    /// Extracts relation references from SQL text.
    ///
    /// ```swift
    /// let sql = "with x as (select * from raw.a) select * from x"
    /// let analysis = RelationReferences.extract(from: sql, dialect: .postgres)
    /// analysis.references.map(\.description)  // ["raw.a"]
    /// ```
    /// - Parameters:
    ///   - sql: one or more statements.
    ///   - dialect: the rules to lex and resolve names by.
    ///   - path: the path diagnostics name.
    ///   - checksSyntax: also run the full `Parser` and add its diagnostics (syntax errors the structural scan
    ///     cannot see, and warnings where the parser fell back to opaque nodes); several times slower.
    /// - Returns: references, targets, CTE names, statements and diagnostics, with spans into `sql`.
    public static func extract(
        from sql: String, dialect: Dialect, path: String = "<sql>", checksSyntax: Bool = false
    ) -> ReferenceAnalysis {
        extract(from: SourceFile(path: path, text: sql), dialect: dialect, checksSyntax: checksSyntax)
    }

    /// Extracts relation references from a file.
    /// - Parameters:
    ///   - file: the SQL text and the path diagnostics name.
    ///   - dialect: the rules to lex and resolve names by.
    ///   - checksSyntax: also run the full `Parser` and add the diagnostics it finds beyond the scan's.
    /// - Returns: references, targets, CTE names, statements and diagnostics, with spans into the file's text.
    public static func extract(from file: SourceFile, dialect: Dialect, checksSyntax: Bool = false) -> ReferenceAnalysis
    {
        let output = scan(file.text, dialect: dialect)
        var diagnostics = output.issues.map { $0.diagnostic(in: file) }
        if checksSyntax {
            let seen = Set(diagnostics.map { "\($0.code) \($0.primary?.span.start ?? -1)" })
            let parsed = Parser.parse(file, dialect: dialect).diagnostics
            diagnostics += parsed.filter { !seen.contains("\($0.code) \($0.primary?.span.start ?? -1)") }
            diagnostics.sort { ($0.primary?.span.start ?? 0) < ($1.primary?.span.start ?? 0) }
        }
        return ReferenceAnalysis(
            references: output.references,
            targets: output.targets,
            cteNames: output.cteNames,
            statements: output.statements,
            diagnostics: diagnostics)
    }

    /// Lexes and scans text; lexer and scanner issues come back sorted by position.
    static func scan(_ sql: String, dialect: Dialect) -> ScanOutput {
        SQLText.withBytes(sql) { bytes in
            let lexed = Lexer.lex(bytes, dialect: dialect)
            var output = lexed.tokens.withUnsafeBufferPointer { tokens in
                var scanner = ReferenceScanner(tokens: tokens, bytes: bytes, dialect: dialect)
                scanner.scanScript()
                return scanner.output
            }
            if !lexed.issues.isEmpty {
                output.issues = (lexed.issues + output.issues).sorted { $0.span.start < $1.span.start }
            }
            return output
        }
    }
}
