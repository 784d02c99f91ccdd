import Foundation
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
        withUTF8Bytes { haystack in needle.withUTF8Bytes { ByteSearch.offset(of: $0, in: haystack) != nil } }
    }

    /// Runs `body` on the text's UTF-8 bytes: in place for a native string, where `withUTF8` would need a mutable
    /// copy (a reference count each way, for every string of a large manifest or project); on a contiguous copy
    /// otherwise.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var text = self
        return try text.withUTF8(body)
    }

    /// The text without leading and trailing whitespace and newlines, as `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` gives it. Foundation's goes through NSString and a character set, which cost a
    /// compile of 15,000 data tests a tenth of a second; ASCII ends are trimmed here, anything else is left to it.
    func trimmingWhitespace() -> String {
        let utf8 = self.utf8
        func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first >= 0x80 || last >= 0x80 { return trimmingCharacters(in: .whitespacesAndNewlines) }
        if !isASCIISpace(first), !isASCIISpace(last) { return self }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isASCIISpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isASCIISpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        // A non-ASCII character next to the trimmed ends may be whitespace too (U+00A0, U+2028…).
        if start < end, utf8[start] >= 0x80 || utf8[utf8.index(before: end)] >= 0x80 {
            return trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return String(self[start..<end])
    }
}
