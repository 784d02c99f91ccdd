import StrataDiagnostics

/// Finds the keyword spelled by a run of identifier bytes without building a string: the bytes, lowered, are packed
/// into two machine words and looked up in a small open-addressing table built once.
struct KeywordTable: @unchecked Sendable {
    private struct Entry {
        var low: UInt64
        var high: UInt64
        var keyword: Keyword
    }

    static let shared = KeywordTable()

    private static let bits = 10
    /// Allocated once and never freed, so lookups from many threads touch no reference count.
    private let entries: UnsafeMutableBufferPointer<Entry>

    private init() {
        entries = .allocate(capacity: 1 << Self.bits)
        entries.initialize(repeating: Entry(low: 0, high: 0, keyword: .notKeyword))
        for keyword in Keyword.allCases where keyword != .notKeyword {
            let bytes = Array(keyword.description.utf8)
            let packed = bytes.withUnsafeBufferPointer { Self.pack($0, 0, $0.count) }!
            var slot = Self.slot(packed.low, packed.high)
            while entries[slot].keyword != .notKeyword { slot = (slot + 1) & ((1 << Self.bits) - 1) }
            entries[slot] = Entry(low: packed.low, high: packed.high, keyword: keyword)
        }
    }

    /// The keyword spelled by `bytes[start..<end]` in any letter case, or `.notKeyword`.
    @inline(__always)
    func keyword(in bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Keyword {
        guard end - start >= 2, let packed = Self.pack(bytes, start, end) else { return .notKeyword }
        var slot = Self.slot(packed.low, packed.high)
        while true {
            let entry = entries[slot]
            if entry.keyword == .notKeyword { return .notKeyword }
            if entry.low == packed.low && entry.high == packed.high { return entry.keyword }
            slot = (slot + 1) & ((1 << Self.bits) - 1)
        }
    }

    /// Lower-case ASCII letters packed little-endian into 16 bytes; nil when too long or not all letters.
    @inline(__always)
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (
        low: UInt64, high: UInt64
    )? {
        guard end - start <= 16 else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        var index = start
        while index < end {
            var byte = bytes[index]
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            guard (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F else { return nil }
            let shift = UInt64(((index - start) & 7) * 8)
            if index - start < 8 { low |= UInt64(byte) << shift } else { high |= UInt64(byte) << shift }
            index += 1
        }
        return (low, high)
    }

    @inline(__always)
    private static func slot(_ low: UInt64, _ high: UInt64) -> Int {
        let mixed = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: mixed >> UInt64(64 - bits))
    }
}

/// A set of keywords as a 256-bit mask, so membership is two shifts and an `and`.
struct KeywordSet: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(_ keywords: [Keyword]) {
        for keyword in keywords { insert(keyword) }
    }

    mutating func insert(_ keyword: Keyword) {
        let bit = UInt64(1) << UInt64(keyword.rawValue & 63)
        switch keyword.rawValue >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    @inline(__always)
    func contains(_ keyword: Keyword) -> Bool {
        let bit = UInt64(1) << UInt64(keyword.rawValue & 63)
        switch keyword.rawValue >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }
}
