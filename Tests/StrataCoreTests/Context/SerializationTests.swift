import Foundation
@testable import StrataCore
import Testing

/// `fromjson`, `tojson`, `fromyaml` and `toyaml` keep types across the round trip.
@Suite struct SerializationContextTests {
    @Test func jsonRoundTripKeepsTypes() throws {
        let harness = try ContextHarness()
        let text = #"{% set v = fromjson('{"a": [1, 2.5, true, null, "x"], "b": {"c": 3}}') %}{{ v.a[0] + 1 }}|{{ v.a[1] }}|{{ v.a[2] }}|{{ v.a[3] is none }}|{{ v.b.c }}|{{ tojson(v.a) }}"#
        #expect(try harness.render(text) == #"2|2.5|True|True|3|[1,2.5,true,null,"x"]"#)
    }

    @Test func invalidJSONGivesTheDefault() throws {
        let harness = try ContextHarness()
        #expect(try harness.render("{{ fromjson('{not json', 'fallback') }}") == "fallback")
    }

    @Test func yamlIsParsedWithLocations() throws {
        let harness = try ContextHarness()
        #expect(try harness.render("{% set y = fromyaml('a: 1\\nb: [x, y]') %}{{ y.a + 1 }}-{{ y.b | join(',') }}") == "2-x,y")
    }
}
