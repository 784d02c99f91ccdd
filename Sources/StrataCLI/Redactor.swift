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
        return Self.maskingURLPasswords(result)
    }

    /// `postgres://user:secret@host` and `postgresql://…` with the password masked. A byte scan rather than a
    /// regular expression: compiling one loads ICU, which cost every run a few milliseconds before its first
    /// statement.
    static func maskingURLPasswords(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let scheme = Array("postgres".utf8)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index + scheme.count <= bytes.count {
            guard bytes[index] == scheme[0], bytes[index..<index + scheme.count].elementsEqual(scheme),
                let (passwordStart, passwordEnd) = passwordRange(in: bytes, afterScheme: index + scheme.count)
            else {
                index += 1
                continue
            }
            output += bytes[copied..<passwordStart]
            output += Array("*****".utf8)
            copied = passwordEnd
            index = passwordEnd
        }
        guard copied > 0 else { return text }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Where the password of `[ql]://user:password@` starts and ends, when the bytes after `postgres` spell that.
    private static func passwordRange(in bytes: [UInt8], afterScheme index: Int) -> (Int, Int)? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        func hasPrefix(_ prefix: String, at index: Int) -> Bool {
            let prefix = Array(prefix.utf8)
            return index + prefix.count <= bytes.count && bytes[index..<index + prefix.count].elementsEqual(prefix)
        }
        var i = index
        if hasPrefix("ql", at: i) { i += 2 }
        guard hasPrefix("://", at: i) else { return nil }
        i += 3
        let userStart = i
        while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ":"), bytes[i] != UInt8(ascii: "/"), bytes[i] != UInt8(ascii: "@") { i += 1 }
        guard i > userStart, i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        let passwordStart = i
        while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: "@") { i += 1 }
        guard i > passwordStart, i < bytes.count, bytes[i] == UInt8(ascii: "@") else { return nil }
        return (passwordStart, i)
    }
}
