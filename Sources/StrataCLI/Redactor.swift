import Foundation
import Synchronization

/// Hides secrets (passwords from profiles, URLs and secret-looking environment variables) in everything printed,
/// as dbt's `scrub_secrets` does.
final class Redactor: Sendable {
    static let shared = Redactor()
    private let secrets = Mutex<Set<String>>([])

    private init() {
        for (key, value) in ProcessInfo.processInfo.environment where value.count >= 4 {
            let upper = key.uppercased()
            if upper.hasPrefix("DBT_ENV_SECRET") || upper.contains("PASSWORD") || upper.contains("SECRET") || upper.contains("TOKEN") {
                register(value)
            }
        }
    }

    /// Adds a value that must never be printed.
    func register(_ secret: String) {
        guard !secret.isEmpty else { return }
        secrets.withLock { _ = $0.insert(secret) }
    }

    /// Replaces every registered secret and any password in a URL with `*****`.
    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets.withLock({ $0 }) { result = result.replacingOccurrences(of: secret, with: "*****") }
        if let regex = try? NSRegularExpression(pattern: "(postgres(?:ql)?://[^:/@\\s]+:)([^@\\s]+)(@)") {
            result = regex.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result), withTemplate: "$1*****$3")
        }
        return result
    }
}
