import StrataCore
import StrataDiagnostics
import Testing

@Suite struct UnmatchedSelectionTests {
    let selector = NodeSelector(graph: ShopGraph.graph, rootPackage: "shop")

    private func warnings(_ text: String, option: String = "--select") throws -> [Diagnostic] {
        selector.unmatchedDiagnostics(try SelectorParser.parse([text]), option: option)
    }

    @Test func reportsCriteriaThatMatchNothing() throws {
        let spec = try SelectorParser.parse(["stg_orderz tag:nightly +ghost+,tag:staging"])
        #expect(selector.unmatched(spec) == ["stg_orderz", "+ghost+"])
    }

    @Test func reportsEmptyIntersectionsOfMatchingParts() throws {
        let spec = try SelectorParser.parse(["tag:nightly,resource_type:seed stg_orders"])
        #expect(selector.unmatched(spec) == ["tag:nightly,resource_type:seed"])
        #expect(try warnings("tag:nightly,resource_type:seed").map(\.help) == [nil])
    }

    @Test func everythingMatchedMeansNoWarnings() throws {
        #expect(try warnings("stg_orders+ tag:nightly,config.materialized:table source:raw").isEmpty)
    }

    @Test func warningSuggestsTheNearestName() throws {
        let warning = try #require(try warnings("+stg_orderz+").first)
        #expect(warning.severity == .warning)
        #expect(warning.code == "G4104")
        #expect(warning.message == "--select '+stg_orderz+' matched nothing")
        #expect(warning.help == "did you mean '+stg_orders+'?")
        #expect(
            DiagnosticRenderer().render(warning) == """
                warning: --select '+stg_orderz+' matched nothing [G4104]
                   = help: did you mean '+stg_orders+'?

                """)
    }

    @Test func suggestionsUseTheMethodsOwnValues() throws {
        #expect(try warnings("tag:nigthly").first?.help == "did you mean 'tag:nightly'?")
        #expect(try warnings("models/stagng").first?.help == "did you mean 'models/staging'?")
        #expect(try warnings("source:rw.payments").first?.help == "did you mean 'source:raw.payments'?")
        #expect(
            try warnings("package:strip", option: "--exclude").first?.message
                == "--exclude 'package:strip' matched nothing")
        #expect(try warnings("package:strip").first?.help == "did you mean 'package:stripe'?")
        #expect(try warnings("xyzzy_quux").first?.help == nil)
    }
}
