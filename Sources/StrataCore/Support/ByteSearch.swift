#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether the text holds `needle` byte for byte (`memchr` to each candidate first byte, then `memcmp`), where
    /// Foundation's `contains` runs a locale-aware search that costs milliseconds across thousands of files.
    func containsBytes(_ needle: String) -> Bool {
        var text = self
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in
                guard !pattern.isEmpty else { return true }
                guard let base = haystack.baseAddress, let first = pattern.first, haystack.count >= pattern.count else { return false }
                let last = haystack.count - pattern.count
                var offset = 0
                while offset <= last {
                    guard let found = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                    let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + position, pattern.baseAddress!, pattern.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }
}

enum ByteSearch {
    /// Where `needle` first occurs in `haystack` (`memchr` to each candidate first byte, then `memcmp`; Foundation's
    /// generic `firstRange(of:)` compares element by element and took a tenth of a second on a manifest's megabytes).
    static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard let first = needle.first else { return 0..<0 }
        guard haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { text in
            needle.withUnsafeBufferPointer { pattern in
                let base = text.baseAddress!
                let last = text.count - pattern.count
                var offset = 0
                while offset <= last {
                    guard let found = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
                    let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + position, pattern.baseAddress!, pattern.count) == 0 { return position..<(position + pattern.count) }
                    offset = position + 1
                }
                return nil
            }
        }
    }
}
