import Foundation

/// `2026-11-22T15:53:47.430Z`: UTC timestamps written digit by digit. `String(format:)` and Foundation's
/// ISO 8601 format style both cost a command its first milliseconds (variadic arguments cast at run time, time
/// zone and calendar set up), and every run writes a few of these before its first statement.
enum UTCTimestamp {
    /// The date with `fractionDigits` digits of the second, truncated (not rounded), and a `Z`.
    static func string(_ date: Date, fractionDigits: Int) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        var scale = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        let fraction = min(Int((seconds - whole) * Double(scale)), scale - 1)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(21 + fractionDigits)
        func append(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        append(Int(parts.tm_year) + 1900, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mon) + 1, digits: 2)
        bytes.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mday), digits: 2)
        bytes.append(UInt8(ascii: "T"))
        append(Int(parts.tm_hour), digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(Int(parts.tm_min), digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(Int(parts.tm_sec), digits: 2)
        if fractionDigits > 0 {
            bytes.append(UInt8(ascii: "."))
            append(fraction, digits: fractionDigits)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
