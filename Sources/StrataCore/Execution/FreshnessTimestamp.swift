public import Foundation

/// Reads the load times a freshness query returns.
///
/// PostgreSQL's `timestamp`/`timestamptz` text, and on SQLite, where timestamps are text, ISO-8601 forms
/// `YYYY-MM-DD[ T]HH:MM[:SS[.fff]][Z|±HH[:MM]]` (or a bare date), and numbers as Unix seconds. Times without an
/// offset are UTC, as dbt assumes.
public enum FreshnessTimestamp {
    /// Parses one value of a freshness query.
    /// - Parameter value: the value as the adapter returned it.
    /// - Returns: the instant, or nil when the value is NULL or not a timestamp.
    public static func parse(_ value: QueryValue) -> Date? {
        switch value {
        case .integer(let seconds): return Date(timeIntervalSince1970: Double(seconds))
        case .double(let seconds): return Date(timeIntervalSince1970: seconds)
        case .text(let text), .decimal(let text): return parse(text)
        case .null, .bool, .blob: return nil
        }
    }

    /// Parses ISO-8601 text.
    /// - Parameter text: e.g. `2026-03-01 12:30:00.5+01:00`.
    /// - Returns: the instant, or nil when the text is not such a timestamp.
    public static func parse(_ text: String) -> Date? {
        var scanner = DigitScanner(Array(text.trimmingCharacters(in: .whitespaces).utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if scanner.skip("T") || scanner.skip(" ") {
            guard let hour = scanner.number(2), scanner.skip(":"), let minute = scanner.number(2), hour < 24,
                minute < 60
            else { return nil }
            seconds += Double(hour * 3_600 + minute * 60)
            if scanner.skip(":") {
                guard let second = scanner.number(2), second < 61 else { return nil }
                seconds += Double(second)
                if scanner.skip(".") {
                    guard let fraction = scanner.fraction() else { return nil }
                    seconds += fraction
                }
            }
            scanner.skip(" ")
            guard let offset = scanner.offset() else { return nil }
            seconds -= Double(offset)
        }
        return scanner.atEnd ? Date(timeIntervalSince1970: seconds) : nil
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Walks ASCII digits and separators of a timestamp.
private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    @discardableResult
    mutating func skip(_ character: Character) -> Bool {
        guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
        index += 1
        return true
    }

    /// Exactly `width` digits.
    mutating func number(_ width: Int) -> Int? {
        guard index + width <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + width] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += width
        return value
    }

    /// One or more digits after a decimal point, as a fraction of a second.
    mutating func fraction() -> Double? {
        var digits = ""
        while index < bytes.count, (48...57).contains(bytes[index]) {
            digits.append(Character(UnicodeScalar(bytes[index])))
            index += 1
        }
        return digits.isEmpty ? nil : Double("0." + digits)
    }

    /// `Z`, `±HH`, `±HH:MM` or `±HHMM` in seconds east of UTC; 0 when absent; nil when malformed.
    mutating func offset() -> Int? {
        if atEnd { return 0 }
        if skip("Z") || skip("z") { return 0 }
        let sign: Int
        if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
        guard let hours = number(2) else { return nil }
        skip(":")
        let minutes = atEnd ? 0 : number(2)
        guard let minutes else { return nil }
        return sign * (hours * 3_600 + minutes * 60)
    }
}
