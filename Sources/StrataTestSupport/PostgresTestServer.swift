import Foundation
public import StrataCore
import Synchronization
import Testing

/// The PostgreSQL server tests run against: `STRATA_TEST_POSTGRES_URL`, set by `Scripts/with-postgres.sh`.
///
/// Without it the PostgreSQL tests skip, saying so; with `STRATA_REQUIRE_POSTGRES=1` (CI) its absence fails them.
public enum PostgresTestServer {
    /// The server's connection settings, or nil when no server was configured.
    public static var config: PostgresConnectionConfig? {
        guard let url = ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES_URL"], !url.isEmpty,
            let components = URLComponents(string: url)
        else { return nil }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        return PostgresConnectionConfig(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, user: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? "postgres" : database, sslMode: "disable")
    }

    /// The URL as `--target-url` takes it.
    public static var url: String? { ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES_URL"] }

    /// Whether PostgreSQL tests can run; records a failure instead when CI requires them.
    public static var isAvailable: Bool {
        if config != nil { return true }
        if ProcessInfo.processInfo.environment["STRATA_REQUIRE_POSTGRES"] == "1" {
            Issue.record("STRATA_REQUIRE_POSTGRES=1 but STRATA_TEST_POSTGRES_URL is not set: run the tests with Scripts/with-postgres.sh")
        } else {
            announceSkip()
        }
        return false
    }

    private static let announced = Mutex(false)

    private static func announceSkip() {
        let first = announced.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        if first {
            FileHandle.standardError.write(Data("note: no PostgreSQL configured (STRATA_TEST_POSTGRES_URL); PostgreSQL tests skip. Run Scripts/with-postgres.sh swift test to include them.\n".utf8))
        }
    }

    /// A schema name no other test uses, for tests that run in parallel on one server. Letters only after the
    /// prefix: a plain-layout folder ending in `_<digits>` would be read as a stage of another schema.
    public static func uniqueSchema(_ prefix: String) -> String {
        prefix + "_" + String((0..<10).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
    }
}
