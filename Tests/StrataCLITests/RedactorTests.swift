@testable import StrataCLI
import Testing

/// Passwords in connection URLs are masked in everything printed and recorded, as the regular expression
/// `(postgres(?:ql)?://[^:/@\s]+:)([^@\s]+)(@)` that the byte scan replaced would mask them.
@Suite struct RedactorTests {
    @Test(arguments: [
        ("--target-url postgres://bob:s3cret@db.internal/shop", "--target-url postgres://bob:*****@db.internal/shop"),
        ("postgresql://bob:pa:ss@h/db", "postgresql://bob:*****@h/db"),
        ("a postgres://a:b@h and postgresql://c:d@e/x", "a postgres://a:*****@h and postgresql://c:*****@e/x"),
        ("postgres://bob@host/db", "postgres://bob@host/db"),
        ("postgres://host:5432/db", "postgres://host:5432/db"),
        ("postgres://:pw@host", "postgres://:pw@host"),
        ("postgres://u:p w@h", "postgres://u:p w@h"),
        ("postgresq://u:p@h", "postgresq://u:p@h"),
        ("postgres://ünï:çødé@høst", "postgres://ünï:*****@høst"),
        ("no url here", "no url here"),
        ("postgres", "postgres"),
    ])
    func passwordsInURLsAreMasked(text: String, expected: String) {
        #expect(Redactor.maskingURLPasswords(text) == expected)
    }
}
