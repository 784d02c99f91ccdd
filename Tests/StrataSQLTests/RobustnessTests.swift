import Foundation
import StrataDiagnostics
import StrataSQL
import StrataTestSupport
import Testing

/// The lexer, splitter, parser, scanner and rewriter never crash, and every diagnostic span lies inside the text:
/// every fixture cut at every offset, and random token soups.
@Suite struct RobustnessTests {
    static let fixtureTexts: [String] = {
        let folders = ["refs", "rewrite", "errors", "parser"]
        var texts = folders.flatMap { folder in
            FixtureFile.names(in: folder).compactMap { try? FixtureFile(folder: folder, name: $0).cases.map(\.sql) }
                .flatMap { $0 }
        }
        if let identity = try? String(
            contentsOf: FixtureFile.directory.appending(path: "identity.sql"), encoding: .utf8)
        {
            texts += identity.split(separator: ";").map(String.init)
        }
        return texts
    }()

    @Test(arguments: [Dialect.postgres, .sqlite])
    func everyPrefixOfEveryFixture(dialect: Dialect) {
        for text in Self.fixtureTexts {
            let bytes = Array(text.utf8)
            for cut in 0...bytes.count {
                Self.exercise(String(decoding: bytes[..<cut], as: UTF8.self), dialect)
            }
        }
    }

    @Test func randomTokenSoup() {
        var generator = SplitMix(seed: 42)
        let vocabulary = [
            "select", "from", "with", "as", "(", ")", ",", ";", "join", "on", "where", "a", "b.c", "'s'", "\"q\"",
            "$$", "$1", "/*", "*/", "--", "\n", "union", "all", "in", "exists", "lateral", "case", "when", "end",
            "::", "[", "]", "e'\\'", "`", "recursive", "insert", "into", "values", "create", "table", "view", "*",
            "is", "distinct", "not", "between", "and", "over", "partition", "by", "order", "é", "{", "\\", "?",
        ]
        for _ in 0..<3000 {
            let count = Int(generator.next() % 40)
            let text = (0..<count).map { _ in vocabulary[Int(generator.next() % UInt64(vocabulary.count))] }
                .joined(separator: generator.next() % 3 == 0 ? "" : " ")
            Self.exercise(text, .postgres)
            Self.exercise(text, .sqlite)
        }
    }

    static func exercise(_ text: String, _ dialect: Dialect) {
        let length = text.utf8.count
        func inside(_ diagnostics: [Diagnostic]) {
            for diagnostic in diagnostics {
                guard let span = diagnostic.primary?.span else { continue }
                #expect(span.start >= 0 && span.end <= length && span.start <= span.end, "\(diagnostic) in \(text)")
            }
        }
        let analysis = RelationReferences.extract(from: text, dialect: dialect, checksSyntax: true)
        inside(analysis.diagnostics)
        for reference in analysis.references + analysis.targets {
            #expect(reference.span.end <= length && !reference.parts.isEmpty)
        }
        inside(Parser.parse(text, dialect: dialect).diagnostics)
        for span in StatementSplitter.split(text, dialect: dialect) { #expect(span.end <= length) }
        let rewritten = RelationRewriter.rewrite(text, dialect: dialect) {
            RelationRewrite(replacement: "x_\($0.name.text)", addsAliasWhenMissing: true)
        }
        #expect(rewritten.originalOffset(of: rewritten.text.utf8.count) == length)
    }
}
