import StrataDiagnostics
import StrataSQL
import Testing

/// Token kinds, spans and lexical edge cases per dialect.
@Suite struct LexerTests {
    func kinds(_ sql: String, _ dialect: Dialect = .postgres) -> [String] {
        let bytes = Array(sql.utf8)
        return Lexer(dialect: dialect).tokenize(sql).map { token in
            "\(token.kind):" + String(decoding: bytes[token.span.start..<token.span.end], as: UTF8.self)
        }
    }

    @Test func wordsKeywordsAndPunctuation() {
        let tokens = Lexer(dialect: .postgres).tokenize("SELECT a.b, \"C\" FROM t;")
        #expect(
            tokens.map(\.keyword) == [
                .select, .notKeyword, .notKeyword, .notKeyword, .notKeyword, .notKeyword, .from, .notKeyword,
                .notKeyword,
            ])
        #expect(
            kinds("select a.b, \"C\" from t;") == [
                "identifier:select", "identifier:a", "dot:.", "identifier:b", "comma:,", "quotedIdentifier:\"C\"",
                "identifier:from", "identifier:t", "semicolon:;",
            ])
    }

    @Test func postgresOperatorsShedTrailingSigns() {
        #expect(
            kinds("a<-1 b*-2 c||-3 d->>'k' e::int f@>g h!=i") == [
                "identifier:a", "operator:<", "operator:-", "number:1", "identifier:b", "operator:*", "operator:-",
                "number:2", "identifier:c", "operator:||-", "number:3", "identifier:d", "operator:->>", "string:'k'",
                "identifier:e", "operator:::", "identifier:int", "identifier:f", "operator:@>", "identifier:g",
                "identifier:h", "operator:!=", "identifier:i",
            ])
    }

    @Test func sqliteOperatorsAreFixed() {
        #expect(
            kinds("a||-3 b->>'k' c==d", .sqlite) == [
                "identifier:a", "operator:||", "operator:-", "number:3", "identifier:b", "operator:->>", "string:'k'",
                "identifier:c", "operator:==", "identifier:d",
            ])
    }

    @Test func stringsAndDollarQuotes() {
        #expect(
            kinds("'it''s' E'a\\'b' $$x$$ $t$ $$ $t$ $1 B'01' X'ff'") == [
                "string:'it''s'", "string:E'a\\'b'", "string:$$x$$", "string:$t$ $$ $t$", "parameter:$1",
                "string:B'01'",
                "string:X'ff'",
            ])
    }

    @Test func sqliteQuotesAndParameters() {
        #expect(
            kinds("`a``b` [c d] ? ?2 :n @m $v", .sqlite) == [
                "quotedIdentifier:`a``b`", "quotedIdentifier:[c d]", "parameter:?", "parameter:?2", "parameter::n",
                "parameter:@m", "parameter:$v",
            ])
    }

    @Test func postgresSlicesAreNotParameters() {
        #expect(
            kinds("a[1:n] :p") == [
                "identifier:a", "leftBracket:[", "number:1", "operator::", "identifier:n", "rightBracket:]",
                "parameter::p",
            ])
    }

    @Test func numbers() {
        #expect(
            kinds("1 1.5 .5 1e10 1.5E-3 0x1F 1_000 1..2") == [
                "number:1", "number:1.5", "number:.5", "number:1e10", "number:1.5E-3", "number:0x1F", "number:1_000",
                "number:1", "dot:.", "number:.2",
            ])
    }

    @Test func commentsAreSkippedOrKept() {
        #expect(kinds("a -- x\n/* /* */ */ b") == ["identifier:a", "identifier:b"])
        #expect(kinds("a /* /* */ b */", .sqlite) == ["identifier:a", "identifier:b", "operator:*", "operator:/"])
        let kept = Lexer(dialect: .postgres, keepsComments: true).tokenize("a -- x\nb")
        #expect(kept.map(\.kind) == [.identifier, .comment, .identifier])
    }

    @Test func bracketsArePairedAndUnbalancedOnesReported() {
        let file = SourceFile(path: "m.sql", text: "select (a, (b) ; select c)")
        let (_, diagnostics) = Lexer(dialect: .postgres).tokenize(file)
        #expect(diagnostics.map(\.code) == [.sqlUnclosedOpen, .sqlUnmatchedClose])
    }
}

/// Quoting, name normalization and statement splitting.
@Suite struct DialectTests {
    @Test func quoteAlwaysQuotesAndDoublesQuotes() {
        #expect(Dialect.postgres.quote("core.deals") == "\"core.deals\"")
        #expect(Dialect.sqlite.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }

    @Test func quoteIfNeeded() {
        #expect(Dialect.postgres.quoteIfNeeded("deals") == "deals")
        #expect(Dialect.postgres.quoteIfNeeded("Deals") == "\"Deals\"")
        #expect(Dialect.sqlite.quoteIfNeeded("Deals") == "Deals")
        #expect(Dialect.postgres.quoteIfNeeded("select") == "\"select\"")
        #expect(Dialect.postgres.quoteIfNeeded("1st") == "\"1st\"")
        #expect(Dialect.postgres.quoteIfNeeded("core.deals") == "\"core.deals\"")
        #expect(Dialect.sqlite.quoteIfNeeded("index") == "\"index\"")
    }

    @Test func normalizedNames() {
        let quoted = Identifier(text: "Deals", isQuoted: true, span: .point(0))
        let plain = Identifier(text: "Deals", isQuoted: false, span: .point(0))
        #expect(quoted.normalized(for: .postgres) == "Deals")
        #expect(plain.normalized(for: .postgres) == "deals")
        #expect(quoted.normalized(for: .sqlite) == "deals")
    }

    @Test func splitRespectsStringsCommentsDollarQuotesAndTriggerBodies() {
        let sql = """
            select ';' as a; -- ; comment
            create function f() returns int as $$ select 1; $$ language sql;
            create trigger t after insert on x begin update y set n = case when 1 then 2 end; delete from z; end;
            ;
            /* only a comment */
            """
        let spans = StatementSplitter.split(sql, dialect: .postgres)
        let bytes = Array(sql.utf8)
        let texts = spans.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        #expect(
            texts == [
                "select ';' as a",
                "create function f() returns int as $$ select 1; $$ language sql",
                "create trigger t after insert on x begin update y set n = case when 1 then 2 end; delete from z; end",
            ])
    }

    @Test func singleQueryAndStatementKinds() {
        #expect(
            RelationReferences.extract(from: "with a as (select 1) select * from a", dialect: .postgres).isSingleQuery)
        let two = RelationReferences.extract(from: "select 1; select 2", dialect: .postgres)
        #expect(!two.isSingleQuery && two.statements.count == 2)
        #expect(!RelationReferences.extract(from: "insert into t select 1", dialect: .postgres).isSingleQuery)
    }
}
