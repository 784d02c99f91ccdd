import Foundation

/// MD5 (RFC 1321), so SQL written for PostgreSQL (`md5(...)`: dbt's snapshot ids and surrogate keys) runs on
/// SQLite, which has no hash function of its own. Not for security.
enum MD5 {
    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]
    private static let constants: [UInt32] = (0..<64).map { UInt32(truncatingIfNeeded: Int64(abs(sin(Double($0 + 1))) * 4_294_967_296)) }

    /// The lowercase hex digest of some bytes.
    static func hex(_ bytes: [UInt8]) -> String {
        var message = bytes
        let bitLength = UInt64(bytes.count) &* 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for index in 0..<8 { message.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(index)))) }
        var (a0, b0, c0, d0): (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)
        for chunk in stride(from: 0, to: message.count, by: 64) {
            var words = [UInt32](repeating: 0, count: 16)
            for index in 0..<16 {
                let base = chunk + index * 4
                words[index] = UInt32(message[base]) | UInt32(message[base + 1]) << 8 | UInt32(message[base + 2]) << 16 | UInt32(message[base + 3]) << 24
            }
            var (a, b, c, d) = (a0, b0, c0, d0)
            for step in 0..<64 {
                var f: UInt32
                let g: Int
                switch step {
                case 0..<16: (f, g) = ((b & c) | (~b & d), step)
                case 16..<32: (f, g) = ((d & b) | (~d & c), (5 * step + 1) % 16)
                case 32..<48: (f, g) = (b ^ c ^ d, (3 * step + 5) % 16)
                default: (f, g) = (c ^ (b | ~d), (7 * step) % 16)
                }
                f = f &+ a &+ constants[step] &+ words[g]
                a = d
                d = c
                c = b
                b = b &+ (f << shifts[step] | f >> (32 - shifts[step]))
            }
            a0 = a0 &+ a
            b0 = b0 &+ b
            c0 = c0 &+ c
            d0 = d0 &+ d
        }
        var digest = ""
        for word in [a0, b0, c0, d0] {
            for index in 0..<4 {
                let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt32(index)))
                digest += String(byte >> 4, radix: 16) + String(byte & 0xf, radix: 16)
            }
        }
        return digest
    }
}
