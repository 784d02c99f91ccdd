import Testing

@testable import StrataCore

/// Plain scalars resolve as Yams's default resolver (YAML 1.1) resolves them. Only short scalars with one of a few
/// first bytes are compared with the special words, so near misses and long words must stay strings.
@Suite struct YAMLScalarTests {
    @Test(arguments: [
        ("", ConfigValue.null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
        ("true", .bool(true)), ("True", .bool(true)), ("yes", .bool(true)), ("YES", .bool(true)), ("on", .bool(true)),
        ("On", .bool(true)), ("false", .bool(false)), ("FALSE", .bool(false)), ("no", .bool(false)),
        ("No", .bool(false)), ("off", .bool(false)), ("OFF", .bool(false)),
        (".inf", .double(.infinity)), ("+.INF", .double(.infinity)), ("-.Inf", .double(-.infinity)),
        ("nul", .string("nul")), ("nulls", .string("nulls")), ("nullable", .string("nullable")),
        ("trueish", .string("trueish")), ("yess", .string("yess")), ("id", .string("id")), ("name", .string("name")),
        ("Off-by-one", .string("Off-by-one")), ("-", .string("-")), (".", .string(".")),
        ("42", .int(42)), ("-7", .int(-7)), ("0x1F", .int(31)), ("1_000", .int(1000)), ("1.5e3", .double(1500)),
    ])
    func resolvesAsYAML11(text: String, expected: ConfigValue) {
        #expect(YAMLScalar.resolve(text) == expected)
    }

    @Test(arguments: [".nan", ".NaN", ".NAN"])
    func notANumber(text: String) {
        guard case .double(let value) = YAMLScalar.resolve(text) else { Issue.record("\(text) is not a float"); return }
        #expect(value.isNaN)
    }
}
