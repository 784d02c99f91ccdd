import Testing

@testable import StrataCore

@Suite struct GlobTests {
    @Test(arguments: [
        ("stg_*", "stg_orders", true),
        ("stg_*", "stg_", true),
        ("stg_*", "int_stg_orders", false),
        ("*orders", "stg_orders", true),
        ("*_*_*", "a_b_c", true),
        ("*_*_*", "a_b", false),
        ("stg_?rders", "stg_orders", true),
        ("stg_?rders", "stg_rders", false),
        ("[sm]tg_*", "mtg_x", true),
        ("[!s]tg_*", "stg_x", false),
        ("[a-c]x", "bx", true),
        ("[a-c]x", "dx", false),
        ("[]]x", "]x", true),
        ("[oops", "[oops", true),
        ("*", "", true),
        ("core.*", "core.deals", true),
        ("a*b*c", "axxbyyc", true),
        ("a*b*c", "axxbyy", false),
        ("Orders", "orders", false),
        ("ré*", "résumé", true),
    ])
    func fnmatchSemantics(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected, "\(pattern) ~ \(text)")
    }

    @Test func wildcardDetection() {
        #expect(Glob("stg_*").hasWildcards)
        #expect(Glob("a?").hasWildcards)
        #expect(Glob("[ab]").hasWildcards)
        #expect(!Glob("shop.staging").hasWildcards)
    }

    @Test(arguments: [
        ("models/staging", "models/staging/stg_orders.sql", true),
        ("models/staging/", "models/staging/stg_orders.sql", true),
        ("./models/staging", "models/staging/stg_orders.sql", true),
        ("models", "models/staging/stg_orders.sql", true),
        ("models/staging/stg_orders.sql", "models/staging/stg_orders.sql", true),
        ("models/stag", "models/staging/stg_orders.sql", false),
        ("models/staging/stg_orders", "models/staging/stg_orders.sql", false),
        ("models/*/stg_orders.sql", "models/staging/stg_orders.sql", true),
        ("models/*.sql", "models/staging/stg_orders.sql", false),
        ("models/**/*.sql", "models/staging/deep/x.sql", true),
        ("models/**/*.sql", "models/x.sql", true),
        ("models/**", "models/staging/x.sql", true),
        ("models/stag*", "models/staging/x.sql", true),
        ("staging", "models/staging/x.sql", false),
        ("seeds", "", false),
    ])
    func pathSemantics(pattern: String, path: String, expected: Bool) {
        #expect(PathPattern(pattern).matches(path: path) == expected, "\(pattern) ~ \(path)")
    }
}
