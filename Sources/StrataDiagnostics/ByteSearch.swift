#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-for-byte substring search: `memchr` to each candidate first byte, then `memcmp`. Foundation's `contains`
/// runs a locale-aware search that costs milliseconds across thousands of files, and the standard library's
/// `contains` and `firstRange(of:)` on strings are generic over characters (thousands of instructions a call, even
/// with nothing to find). Here, below both the SQL layer and the core, so each uses the one search.
@usableFromInline package enum ByteSearch {
    /// Where `needle` first occurs in `haystack`.
    package static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        haystack.withUnsafeBufferPointer { text in
            needle.withUnsafeBufferPointer { pattern in
                offset(of: pattern, in: text).map { $0..<($0 + pattern.count) }
            }
        }
    }

    /// The offset of the first occurrence of `pattern` in `text`.
    @usableFromInline package static func offset(of pattern: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Int? {
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
    @inlinable package func containsBytes(_ needle: String) -> Bool {
        withUTF8Bytes { haystack in needle.withUTF8Bytes { ByteSearch.offset(of: $0, in: haystack) != nil } }
    }

    /// Runs `body` on the text's UTF-8 bytes: in place for a native string, where `withUTF8` would need a mutable
    /// copy (a reference count each way, for every string of a large manifest or project); on a contiguous copy
    /// otherwise. Inlinable: it is called for every string a manifest writes, and as a generic call across modules
    /// it cost a 1k parse 5% more instructions.
    @inlinable package func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var text = self
        return try text.withUTF8(body)
    }
}
