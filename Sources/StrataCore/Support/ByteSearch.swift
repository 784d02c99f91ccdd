#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-for-byte substring search: `memchr` to each candidate first byte, then `memcmp`. Foundation's `contains`
/// runs a locale-aware search that costs milliseconds across thousands of files, and its generic
/// `firstRange(of:)` compares element by element (a tenth of a second on a manifest's megabytes).
enum ByteSearch {
    /// Where `needle` first occurs in `haystack`.
    static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        haystack.withUnsafeBufferPointer { text in
            needle.withUnsafeBufferPointer { pattern in
                offset(of: pattern, in: text).map { $0..<($0 + pattern.count) }
            }
        }
    }

    /// The offset of the first occurrence of `pattern` in `text`.
    static func offset(of pattern: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = pattern.first else { return 0 }
        guard let base = text.baseAddress, text.count >= pattern.count else { return nil }
        let last = text.count - pattern.count
        var offset = 0
        while offset <= last {
            guard let found = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
            let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + position, pattern.baseAddress!, pattern.count) == 0 { return position }
            offset = position + 1
        }
        return nil
    }
}

extension String {
    /// Whether the text holds `needle` byte for byte.
    func containsBytes(_ needle: String) -> Bool {
        var text = self
        var needle = needle
        return text.withUTF8 { haystack in needle.withUTF8 { ByteSearch.offset(of: $0, in: haystack) != nil } }
    }
}
