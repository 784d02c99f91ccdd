import StrataJinja

/// The fields of a `date` or `datetime` that formatting reads.
struct ClockFields {
    var date: CivilDate
    var hour = 0
    var minute = 0
    var second = 0
    var microsecond = 0
    var zone: TimeZoneObject?
}

/// Python's `strftime` (glibc's directives in the C locale, plus Python's own `%f`, `%z` and `%Z`) and
/// `isoformat`.
enum TimeFormat {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func strftime(_ format: String, _ f: ClockFields) -> String {
        var result = ""
        var characters = format.makeIterator()
        while let character = characters.next() {
            guard character == "%", var directive = characters.next() else {
                result.append(character)
                continue
            }
            // glibc's flags: `%-d` without padding, `%_d` padded with spaces.
            var flag: Character?
            if directive == "-" || directive == "_", let next = characters.next() {
                flag = directive
                directive = next
            }
            if let text = field(directive, f, unpadded: flag == "-") {
                result += flag == "_" ? spacePadded(text) : text
            } else {
                result += "%" + (flag.map(String.init) ?? "") + String(directive)
            }
        }
        return result
    }

    /// Leading zeros as spaces, keeping the last digit (`00` is ` 0`).
    private static func spacePadded(_ text: String) -> String {
        let zeros = min(text.prefix { $0 == "0" }.count, max(0, text.count - 1))
        return String(repeating: " ", count: zeros) + text.dropFirst(zeros)
    }

    private static func field(_ directive: Character, _ f: ClockFields, unpadded: Bool) -> String? {
        func number(_ value: Int, _ width: Int) -> String { unpadded ? String(value) : TimeDelta.pad(value, width) }
        let weekday = f.date.weekday
        let dayOfYear = f.date.dayOfYear - 1
        switch directive {
        case "Y": return unpadded ? String(f.date.year) : TimeDelta.pad(f.date.year, 4)
        case "y": return number(f.date.year % 100, 2)
        case "C": return number(f.date.year / 100, 2)
        case "m": return number(f.date.month, 2)
        case "d": return number(f.date.day, 2)
        case "e": return unpadded ? String(f.date.day) : (f.date.day < 10 ? " " : "") + String(f.date.day)
        case "j": return number(dayOfYear + 1, 3)
        case "H": return number(f.hour, 2)
        case "I": return number((f.hour + 11) % 12 + 1, 2)
        case "M": return number(f.minute, 2)
        case "S": return number(f.second, 2)
        case "f": return TimeDelta.pad(f.microsecond, 6)
        case "p": return f.hour < 12 ? "AM" : "PM"
        case "A": return weekdays[weekday]
        case "a": return String(weekdays[weekday].prefix(3))
        case "B": return months[f.date.month - 1]
        case "b", "h": return String(months[f.date.month - 1].prefix(3))
        case "w": return String((weekday + 1) % 7)
        case "u": return String(weekday + 1)
        case "U": return number((dayOfYear + 7 - (weekday + 1) % 7) / 7, 2)
        case "W": return number((dayOfYear + 7 - weekday) / 7, 2)
        case "G": return TimeDelta.pad(f.date.isoCalendar.year, 4)
        case "g": return number(f.date.isoCalendar.year % 100, 2)
        case "V": return number(f.date.isoCalendar.week, 2)
        case "z": return f.zone.map { offset($0.offsetSeconds, separator: "") } ?? ""
        case "Z": return f.zone?.renderedString ?? ""
        case "c": return strftime("%a %b %e %H:%M:%S %Y", f)
        case "x", "D": return strftime("%m/%d/%y", f)
        case "X", "T": return strftime("%H:%M:%S", f)
        case "F": return strftime("%Y-%m-%d", f)
        case "R": return strftime("%H:%M", f)
        case "r": return strftime("%I:%M:%S %p", f)
        case "n": return "\n"
        case "t": return "\t"
        case "%": return "%"
        default: return nil
        }
    }

    /// `+HH:MM` (or `+HHMM` for `%z`), with seconds only when the offset has them.
    static func offset(_ seconds: Int, separator: String = ":") -> String {
        let magnitude = abs(seconds)
        var text =
            (seconds < 0 ? "-" : "+") + TimeDelta.pad(magnitude / 3600, 2) + separator
            + TimeDelta.pad(magnitude / 60 % 60, 2)
        if magnitude % 60 != 0 { text += separator + TimeDelta.pad(magnitude % 60, 2) }
        return text
    }

    static func isoDate(_ date: CivilDate) -> String {
        TimeDelta.pad(date.year, 4) + "-" + TimeDelta.pad(date.month, 2) + "-" + TimeDelta.pad(date.day, 2)
    }

    /// `datetime.isoformat(sep, timespec)`; `str(datetime)` is this with a space.
    /// - Throws: Python's `ValueError` for an unknown `timespec`.
    static func isoDateTime(_ f: ClockFields, separator: String = "T", timespec: String = "auto") throws(TemplateError)
        -> String
    {
        let clock = [TimeDelta.pad(f.hour, 2), TimeDelta.pad(f.minute, 2), TimeDelta.pad(f.second, 2)]
        let time: String
        switch timespec {
        case "auto":
            time = clock.joined(separator: ":") + (f.microsecond == 0 ? "" : "." + TimeDelta.pad(f.microsecond, 6))
        case "hours": time = clock[0]
        case "minutes": time = clock[0...1].joined(separator: ":")
        case "seconds": time = clock.joined(separator: ":")
        case "milliseconds": time = clock.joined(separator: ":") + "." + TimeDelta.pad(f.microsecond / 1000, 3)
        case "microseconds": time = clock.joined(separator: ":") + "." + TimeDelta.pad(f.microsecond, 6)
        default:
            throw TemplateError(
                .jinjaValueError, "Unknown timespec value",
                help: "use auto, hours, minutes, seconds, milliseconds or microseconds")
        }
        return isoDate(f.date) + separator + time + (f.zone.map { offset($0.offsetSeconds) } ?? "")
    }
}
