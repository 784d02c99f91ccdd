import Foundation
@testable import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Testing

/// The byte reader must read every document it accepts exactly as Yams does — values, structure and the span of
/// every node — and hand everything else to Yams.
@Suite struct BlockYAMLReaderTests {
    /// Documents in the reader's subset, with the corners that differ between YAML readers.
    static let accepted: [String] = [
        "",
        "# only a comment\n\n   # another\n",
        "a: 1\n",
        "a: 1",
        "version: 2\n\nmodels:\n  - name: orders\n    description: \"Orders, one row each\"\n    columns:\n      - name: id\n        data_tests:\n          - unique\n          - not_null\n",
        "models:\n- name: a\n  columns:\n  - name: x\n  - name: y\n  description: after an indentless sequence\n- name: b\n",
        "key:\nother: ~\nthird:   # comment\nlast:\n",
        "- \n- a\n-\n  - nested\n- b: 1\n  c: 2\n",
        "k: value with # inside and  spaces   # a comment\n",
        "k: a:b\nurl: http://example.com/x?y=1#frag\n",
        "'quoted key': \"x\"\n\"with \\\"escapes\\\" \\t \\u00e9 \\x41 \\\\\": 'it''s'\n",
        "tags: [a, 'b c', \"d\", 1, 2.5, true, null]\nempty: []\nalso: {}\nconfig: {severity: warn, tags: [x, y], 'q': \"v\"}\n",
        "trailing: [a, b, ]\n",
        "n: 0x1F\no: 0o17\nu: 1_000\nf: -1.5e3\ninf: .inf\nnan: .NaN\nyes: yes\nOn: off\ns: 012\nd: 2024-01-01\n",
        "desc: |\n  line one\n    indented\n\n  after a blank\nnext: 1\n",
        "desc: |-\n  strip\n\n\nnext: >\n  folded\n  lines\n\n  paragraph\n",
        "keep: |+\n  kept\n\n\nnext: x\n",
        "seq:\n  - |\n    in a sequence\n  - >-\n    folded in a sequence\n",
        "clip: >\n  a\n  b\n",
        "unicode: héllo wörld ✓\n'ключ': значение\n",
        "top: 1\n# comment at column 0\n  # indented comment\nsecond: 2\n",
        "plain scalar at the top",
        "[a, b]",
        "a:\n  b:\n    c:\n      d: deep\n  e: back\nf: top\n",
        "- a\n- b\n",
        "a: {k: {n: 1}, l: [x, [y, z]]}\n",
        "x: -1\ny: -x\nz: '-'\n",
        "key with spaces: value\n",
        "k: v\n\n\n",
        "a: 'x' # c\nb: \"y\"   # c\nc: [1, 2] # c\n",
        "vars:\n  start_date: '2024-01-01'\n  flag: false\n  list: ['a','b']\n",
        "a: ''\nb: \"\"\nc: ''''\nd: 'ends with '''\ne: '''starts'\nf: \"\\\\lead\"\ng: \"trail\\\"\"\nh: \"a\\tb\\nc run after\"\n",
    ]

    /// Documents outside the subset (or invalid): the reader declines them.
    static let declined: [String] = [
        "a: &anchor 1\nb: *anchor\n",
        "a: !!str 1\n",
        "? complex\n: key\n",
        "a: multi\n  line plain\n",
        "a: 'multi\n  line quoted'\n",
        "a:\tb\n",
        "a: b\r\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: b: c\n",
        "a: [unclosed\n",
        "a: [x: 1]\n",
        "a: |2\n   explicit\n",
        "a: |\n\n  leading blank\n",
        "a: >\n  folded\n    more indented\n",
        "a: |\n  no final newline",
        "a: 1\n  b: 2\n",
        "- a\nb: 1\n",
        "a: @x\n",
        "a: `x`\n",
        "a: \"bad \\q escape\"\n",
        "- - nested inline\n",
        "a: 1\nb\n",
        "\u{FEFF}a: 1\n",
    ]

    @Test(arguments: accepted)
    func acceptedDocumentsReadAsYamsReadsThem(_ text: String) throws {
        let file = SourceFile(path: "t.yml", text: text)
        guard case .document(let fast) = BlockYAMLReader.read(text) else {
            Issue.record("declined: \(text.debugDescription)")
            return
        }
        let yams = try YAMLParser.parseWithYams(file)
        #expect(Self.describe(fast) == Self.describe(yams), "\(text.debugDescription)")
    }

    @Test(arguments: declined)
    func otherDocumentsAreLeftToYams(_ text: String) {
        if case .document = BlockYAMLReader.read(text) { Issue.record("read: \(text.debugDescription)") }
    }

    /// Every YAML file of the fixtures and examples (and of the folder in `STRATA_YAML_CORPUS`, e.g. a generated
    /// benchmark project): read by the byte reader, and as Yams reads it.
    @Test func projectFilesReadAsYamsReadsThem() throws {
        let root = RepositoryPaths.root()
        var folders = [root + "/Tests/Fixtures", root + "/Examples"]
        if let corpus = ProcessInfo.processInfo.environment["STRATA_YAML_CORPUS"] { folders.append(corpus) }
        var (read, declined) = (0, 0)
        for folder in folders {
            guard let files = FileManager.default.enumerator(atPath: folder) else { continue }
            for case let path as String in files where path.hasSuffix(".yml") || path.hasSuffix(".yaml") {
                // target/compiled/ has folders named after properties files.
                guard !path.hasPrefix("target/"), let text = try? String(contentsOfFile: folder + "/" + path, encoding: .utf8) else { continue }
                guard case .document(let fast) = BlockYAMLReader.read(text) else {
                    declined += 1
                    continue
                }
                read += 1
                let yams = try? YAMLParser.parseWithYams(SourceFile(path: path, text: text))
                #expect(Self.describe(fast) == Self.describe(yams), "\(folder)/\(path)")
            }
        }
        #expect(read >= 15)
        print("BlockYAMLReader: \(read) files read, \(declined) left to Yams")
    }

    /// YAML inside a file (a model's header) keeps its spans in the file's coordinates.
    @Test func spansAreShiftedByTheBaseOffset() throws {
        let text = "/*---\ndescription: x\ntags: [a]\n---*/ select 1"
        let file = SourceFile(path: "m.sql", text: text)
        let yaml = "\ndescription: x\ntags: [a]\n"
        guard case .document(let fast) = BlockYAMLReader.read(yaml, baseOffset: 5) else {
            Issue.record("declined")
            return
        }
        #expect(Self.describe(fast) == Self.describe(try YAMLParser.parseWithYams(file, text: yaml, baseOffset: 5)))
        #expect(fast?["description"]?.span == SourceSpan(start: 19, end: 20))
    }

    /// Errors still come from Yams, located.
    @Test func invalidYAMLIsReportedByYams() {
        let file = SourceFile(path: "bad.yml", text: "models:\n  - name: a\n   description: b\n")
        #expect(throws: Diagnostic.self) { try YAMLParser.parse(file) }
    }

    /// A canonical rendering of a node: kind, value and span of everything in it.
    static func describe(_ node: YAMLNode?) -> String {
        guard let node else { return "nil" }
        let span = "@\(node.span.start)-\(node.span.end)"
        switch node.kind {
        case .scalar(let value):
            if case .double(let d) = value, d.isNaN { return "nan" + span }
            return "\(value)" + "<\(type(of: value))." + "\(Mirror(reflecting: value).children.first?.label ?? "null")>" + span
        case .sequence(let items):
            return "[" + items.map(describe).joined(separator: ", ") + "]" + span
        case .mapping(let pairs):
            return "{" + pairs.map { describe($0.key) + ": " + describe($0.value) }.joined(separator: ", ") + "}" + span
        }
    }
}
