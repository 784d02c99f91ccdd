import StrataJinja

/// Python's `datetime.strptime` (the regular expressions of `_strptime`, tried in their order, with their
/// defaults: 1900-01-01, `%y` 69–99 in the 1900s) and `fromisoformat` (Python 3.11's common forms).
enum TimeParsing {
    static func strptime(_ text: String, _ format: String) throws(TemplateError) -> ClockFields {
        let tokens = try tokenize(format)
        let input = Array(text.unicodeScalars)
        var found = Found()
        guard let end = match(tokens[...], input, 0, &found) else {
            throw TemplateError(
                .jinjaValueError,
                "time data \(Value.string(text).repr) does not match format \(Value.string(format).repr)")
        }
        guard end == input.count else {
            var rest = String.UnicodeScalarView()
            rest.append(contentsOf: input[end...])
            throw TemplateError(.jinjaValueError, "unconverted data remains: \(String(rest))")
        }
        return try found.fields()
    }

    /// `datetime.fromisoformat`: `YYYY-MM-DD` or `YYYYMMDD`, then optionally any one separator and `HH[:MM[:SS[.f…]]]`
    /// and `Z` or `±HH[:MM]`.
    static func fromISOFormat(_ text: String, dateOnly: Bool) throws(TemplateError) -> ClockFields {
        let invalid = TemplateError(.jinjaValueError, "Invalid isoformat string: \(Value.string(text).repr)")
        let s = Array(text.utf8)
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= s.count, s[i..<(i + count)].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            defer { i += count }
            return s[i..<(i + count)].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        func skip(_ byte: Character) -> Bool {
            guard i < s.count, s[i] == byte.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = digits(4) else { throw invalid }
        let extended = skip("-")
        guard let month = digits(2), !extended || skip("-"), let day = digits(2) else { throw invalid }
        var fields = ClockFields(date: try CivilDate(year: year, month: month, day: day))
        guard i < s.count else { return fields }
        guard !dateOnly else { throw invalid }
        i += 1
        guard let hour = digits(2) else { throw invalid }
        fields.hour = hour
        if skip(":") || (i < s.count && s[i] >= 48 && s[i] <= 57) {
            guard let minute = digits(2) else { throw invalid }
            fields.minute = minute
            if skip(":") || (i < s.count && s[i] >= 48 && s[i] <= 57) {
                guard let second = digits(2) else { throw invalid }
                fields.second = second
                if skip(".") || skip(",") {
                    let start = i
                    while i < s.count, s[i] >= 48, s[i] <= 57 { i += 1 }
                    guard i > start else { throw invalid }
                    let written = s[start..<min(i, start + 6)].reduce(0) { $0 * 10 + Int($1 - 48) }
                    fields.microsecond = written * [100_000, 10_000, 1_000, 100, 10, 1][min(i, start + 6) - start - 1]
                }
            }
        }
        if skip("Z") {
            fields.zone = .utc
        } else if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            let negative = s[i] == UInt8(ascii: "-")
            i += 1
            guard let hours = digits(2) else { throw invalid }
            _ = skip(":")
            let minutes = digits(2) ?? 0
            fields.zone = TimeZoneObject(offsetSeconds: (negative ? -1 : 1) * (hours * 3600 + minutes * 60))
        }
        guard i == s.count, fields.hour < 24, fields.minute < 60, fields.second < 60 else { throw invalid }
        return fields
    }

    private enum Token {
        case literal(Unicode.Scalar)
        case whitespace
        case directive(Character)
    }

    private static func tokenize(_ format: String) throws(TemplateError) -> [Token] {
        var tokens: [Token] = []
        var scalars = format.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar.properties.isWhitespace {
                if case .whitespace? = tokens.last { continue }
                tokens.append(.whitespace)
            } else if scalar == "%" {
                guard let directive = scalars.next(), "YymdHIMSfjbBaApzZ%".unicodeScalars.contains(directive) else {
                    throw TemplateError(
                        .jinjaValueError,
                        "stray % or a directive strptime does not know in format \(Value.string(format).repr)",
                        help: "strptime understands %Y %y %m %d %H %I %M %S %f %j %b %B %a %A %p %z %Z and %%")
                }
                tokens.append(directive == "%" ? .literal("%") : .directive(Character(directive)))
            } else {
                tokens.append(.literal(scalar))
            }
        }
        return tokens
    }

    /// What the directives matched so far.
    private struct Found {
        var values: [Character: Int] = [:]
        var pm: Bool?
        var zone: TimeZoneObject?

        func fields() throws(TemplateError) -> ClockFields {
            var year = values["Y"] ?? 1900
            if let short = values["y"] { year = short <= 68 ? 2000 + short : 1900 + short }
            var date = try CivilDate(year: year, month: values["m"] ?? 1, day: values["d"] ?? 1)
            if let dayOfYear = values["j"] {
                date = try CivilDate(ordinal: try CivilDate(year: year, month: 1, day: 1).ordinal + dayOfYear - 1)
            }
            var hour = values["H"] ?? 0
            if let twelve = values["I"] { hour = twelve % 12 + (pm == true ? 12 : 0) }
            return ClockFields(
                date: date, hour: hour, minute: values["M"] ?? 0, second: values["S"] ?? 0,
                microsecond: values["f"] ?? 0, zone: zone)
        }
    }

    /// Matches `tokens` at `position`, trying each directive's alternatives in the order the regular expressions
    /// of `_strptime` try them; returns where the match ended.
    private static func match(
        _ tokens: ArraySlice<Token>, _ input: [Unicode.Scalar], _ position: Int, _ found: inout Found
    ) -> Int? {
        guard let token = tokens.first else { return position }
        let rest = tokens.dropFirst()
        switch token {
        case .literal(let scalar):
            guard position < input.count, String(input[position]).lowercased() == String(scalar).lowercased() else {
                return nil
            }
            return match(rest, input, position + 1, &found)
        case .whitespace:
            var end = position
            while end < input.count, input[end].properties.isWhitespace { end += 1 }
            return end > position ? match(rest, input, end, &found) : nil
        case .directive(let directive):
            for (length, apply) in alternatives(directive, input, position) {
                var attempt = found
                apply(&attempt)
                if let end = match(rest, input, position + length, &attempt) {
                    found = attempt
                    return end
                }
            }
            return nil
        }
    }

    private typealias Alternative = (length: Int, apply: (inout Found) -> Void)

    private static func alternatives(_ directive: Character, _ input: [Unicode.Scalar], _ position: Int)
        -> [Alternative]
    {
        func number(_ lengths: [Int], _ range: ClosedRange<Int>) -> [Alternative] {
            lengths.compactMap { length in
                guard position + length <= input.count else { return nil }
                let digits = input[position..<(position + length)]
                guard digits.allSatisfy({ $0.value >= 48 && $0.value <= 57 }) else { return nil }
                let value = digits.reduce(0) { $0 * 10 + Int($1.value - 48) }
                guard range.contains(value) else { return nil }
                return (length, { $0.values[directive] = value })
            }
        }
        func words(_ names: [String], apply: @escaping (Int, inout Found) -> Void) -> [Alternative] {
            names.enumerated().sorted { $0.element.count > $1.element.count }.compactMap { index, name in
                let scalars = Array(name.lowercased().unicodeScalars)
                guard position + scalars.count <= input.count,
                    String(String.UnicodeScalarView(input[position..<(position + scalars.count)])).lowercased()
                        == name.lowercased()
                else { return nil }
                return (scalars.count, { apply(index, &$0) })
            }
        }
        switch directive {
        case "Y": return number([4], 0...9999)
        case "y": return number([2], 0...99)
        case "m": return number([2, 1], 1...12)
        case "d": return number([2, 1], 1...31) + spacedDay(input, position)
        case "H": return number([2, 1], 0...23)
        case "I": return number([2, 1], 1...12)
        case "M": return number([2, 1], 0...59)
        case "S": return number([2, 1], 0...61)
        case "j": return number([3, 2, 1], 1...366)
        case "f":
            return (1...6).reversed().compactMap { length in
                guard let digits = number([length], 0...999_999).first else { return nil }
                let scale = [100_000, 10_000, 1_000, 100, 10, 1][length - 1]
                return (
                    length,
                    { found in
                        digits.apply(&found); found.values["f"] = (found.values["f"] ?? 0) * scale
                    }
                )
            }
        case "b": return words(TimeFormat.months.map { String($0.prefix(3)) }) { $1.values["m"] = $0 + 1 }
        case "B": return words(TimeFormat.months) { $1.values["m"] = $0 + 1 }
        case "a": return words(TimeFormat.weekdays.map { String($0.prefix(3)) }) { _, _ in }
        case "A": return words(TimeFormat.weekdays) { _, _ in }
        case "p": return words(["AM", "PM"]) { $1.pm = $0 == 1 }
        case "Z": return words(["UTC", "GMT"]) { _, _ in }
        case "z": return zoneOffset(input, position)
        default: return []
        }
    }

    /// `%d`'s last alternative: a space and one digit.
    private static func spacedDay(_ input: [Unicode.Scalar], _ position: Int) -> [Alternative] {
        guard position + 1 < input.count, input[position] == " ", let digit = Int(String(input[position + 1])),
            digit >= 1
        else { return [] }
        return [(2, { $0.values["d"] = digit })]
    }

    /// `%z`: `Z`, or `±HH[:]MM[[:]SS]`.
    private static func zoneOffset(_ input: [Unicode.Scalar], _ position: Int) -> [Alternative] {
        guard position < input.count else { return [] }
        if input[position] == "Z" { return [(1, { $0.zone = .utc })] }
        guard input[position] == "+" || input[position] == "-" else { return [] }
        var i = position + 1
        func two() -> Int? {
            guard i + 2 <= input.count, let value = Int(String(String.UnicodeScalarView(input[i..<(i + 2)]))) else {
                return nil
            }
            i += 2
            return value
        }
        guard let hours = two() else { return [] }
        if i < input.count, input[i] == ":" { i += 1 }
        guard let minutes = two(), minutes < 60 else { return [] }
        var seconds = 0
        let beforeSeconds = i
        if i < input.count, input[i] == ":" { i += 1 }
        if let value = two(), value < 60 { seconds = value } else { i = beforeSeconds }
        let sign = input[position] == "-" ? -1 : 1
        let offset = sign * (hours * 3600 + minutes * 60 + seconds)
        return [(i - position, { $0.zone = TimeZoneObject(offsetSeconds: offset) })]
    }
}
