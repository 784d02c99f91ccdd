import Foundation
import StrataDiagnostics
import StrataJinja
import Testing

/// Random templates rendered by Python's jinja2 (`Fixtures/jinja2_differential.py`) must render the same here.
///
/// A small sample is committed under `Fixtures/differential/`; set `STRATA_DIFFERENTIAL` to a directory made by the
/// script (for example with `--count 5000`) to run a larger corpus. Where jinja2 raises, strata must raise too,
/// except for the documented leniencies (string filters such as `indent` accept any value).
@Suite struct DifferentialTests {
    struct Case: Decodable {
        struct Options: Decodable {
            var trim_blocks: Bool?
            var lstrip_blocks: Bool?
            var keep_trailing_newline: Bool?
        }
        let source: String
        let options: Options
        let expected: String?
    }

    static var directory: URL {
        ProcessInfo.processInfo.environment["STRATA_DIFFERENTIAL"].map { URL(fileURLWithPath: $0) }
            ?? Golden.fixtures.appendingPathComponent("differential")
    }

    static let context: [String: Value] = ["n": 7, "s": "abc", "xs": [3, 1, 2]]

    @Test(arguments: ["whitespace", "expressions", "statements"])
    func rendersLikeJinja2(_ corpus: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("\(corpus).json"))
        let cases = try JSONDecoder().decode([Case].self, from: data)
        var lenient = 0
        for item in cases {
            let options = ParseOptions(
                trimBlocks: item.options.trim_blocks ?? false, lstripBlocks: item.options.lstrip_blocks ?? false,
                keepTrailingNewline: item.options.keep_trailing_newline ?? false)
            let environment = Environment(options: Environment.Options(parse: options))
            var globals: [String: Value] = [:]
            if corpus == "expressions" {
                globals = Self.context
                globals["d"] = .dict(DictBox([("b", 2), ("a", 1)]))
            }
            let actual = try? environment.render(
                try environment.parse(SourceFile(path: "case.sql", text: item.source)), globals: globals
            ).text
            if item.expected == nil, actual != nil {
                lenient += 1
                continue
            }
            #expect(actual == item.expected, "\(item.source)")
        }
        #expect(lenient * 20 <= cases.count, "strata accepted \(lenient) of \(cases.count) templates jinja2 rejects")
    }
}
