import Foundation
import StrataJinja

/// `modules.datetime` and `modules.re`, the parts of Python's modules dbt projects use.
enum Modules {
    static let value: Value = .dict([
        ("datetime", .object(DateTimeModule())),
        ("re", .object(RegexModule())),
    ])
}

/// `modules.datetime`: `datetime.now()`, `datetime.utcnow()`, `date.today()`, `timedelta(days=...)`.
struct DateTimeModule: JinjaObject {
    var typeName: String { "module 'datetime'" }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "datetime": return .object(DateTimeClass(isDate: false))
        case "date": return .object(DateTimeClass(isDate: true))
        case "timedelta": return .function("timedelta", TimeDelta.make)
        default: return nil
        }
    }

    var attributeNames: [String] { ["datetime", "date", "timedelta"] }
}

/// `datetime.datetime` and `datetime.date` as classes: constructors and `now`/`utcnow`/`today`/`strptime`.
struct DateTimeClass: JinjaObject {
    let isDate: Bool

    var typeName: String { isDate ? "date" : "datetime" }
    var isCallable: Bool { true }

    func call(_ arguments: Arguments, context: CallContext) throws -> Value {
        let bound = try arguments.bind(typeName, ["year", "month", "day", "hour", "minute", "second", "microsecond"], required: 3)
        var components = DateComponents()
        components.year = bound[0]?.intValue
        components.month = bound[1]?.intValue
        components.day = bound[2]?.intValue
        components.hour = bound[3]?.intValue ?? 0
        components.minute = bound[4]?.intValue ?? 0
        components.second = bound[5]?.intValue ?? 0
        components.nanosecond = (bound[6]?.intValue ?? 0) * 1000
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let date = calendar.date(from: components) else {
            throw TemplateError(.jinjaValueError, "\(typeName)() got an invalid date")
        }
        return .object(DateTimeObject(date: date, timeZone: .gmt, isDate: isDate))
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "now", "today": return .object(DateTimeObject(date: Date(), timeZone: .current, isDate: isDate))
        case "utcnow": return .object(DateTimeObject(date: Date(), timeZone: .gmt, isDate: isDate))
        default: return nil
        }
    }
}

/// A `datetime` or `date` value.
struct DateTimeObject: JinjaObject {
    let date: Date
    let timeZone: TimeZone
    let isDate: Bool

    var typeName: String { isDate ? "date" : "datetime" }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private var components: DateComponents {
        calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond, .weekday], from: date)
    }

    func attribute(_ name: String) -> Value? {
        let c = components
        switch name {
        case "year": return .int(c.year ?? 0)
        case "month": return .int(c.month ?? 0)
        case "day": return .int(c.day ?? 0)
        case "hour": return isDate ? nil : .int(c.hour ?? 0)
        case "minute": return isDate ? nil : .int(c.minute ?? 0)
        case "second": return isDate ? nil : .int(c.second ?? 0)
        case "microsecond": return isDate ? nil : .int((c.nanosecond ?? 0) / 1000)
        default: return nil
        }
    }

    var attributeNames: [String] { ["year", "month", "day", "hour", "minute", "second", "microsecond"] }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "strftime":
            return .string(strftime(arguments[0]?.renderedString ?? ""))
        case "isoformat":
            let separator = arguments[0]?.stringValue ?? "T"
            if isDate { return .string(strftime("%Y-%m-%d")) }
            let micro = (components.nanosecond ?? 0) / 1000
            return .string(strftime("%Y-%m-%d") + separator + strftime("%H:%M:%S") + (micro == 0 ? "" : strftime(".%f")))
        case "date":
            return .object(DateTimeObject(date: date, timeZone: timeZone, isDate: true))
        case "timestamp":
            return .double(date.timeIntervalSince1970)
        case "weekday":
            return .int(((components.weekday ?? 1) + 5) % 7)
        case "add", "plus":
            guard case .object(let delta as TimeDelta)? = arguments[0] else { return nil }
            return .object(DateTimeObject(date: date.addingTimeInterval(delta.seconds), timeZone: timeZone, isDate: isDate))
        default:
            return nil
        }
    }

    /// Python's `strftime` directives.
    func strftime(_ format: String) -> String {
        let c = components
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        var result = ""
        var iterator = format.makeIterator()
        while let character = iterator.next() {
            guard character == "%", let directive = iterator.next() else {
                result.append(character)
                continue
            }
            switch directive {
            case "Y": result += pad(c.year, 4)
            case "y": result += pad((c.year ?? 0) % 100, 2)
            case "m": result += pad(c.month, 2)
            case "d": result += pad(c.day, 2)
            case "H": result += pad(isDate ? 0 : c.hour, 2)
            case "I": result += pad(((isDate ? 0 : c.hour ?? 0) + 11) % 12 + 1, 2)
            case "p": result += (isDate ? 0 : c.hour ?? 0) < 12 ? "AM" : "PM"
            case "M": result += pad(isDate ? 0 : c.minute, 2)
            case "S": result += pad(isDate ? 0 : c.second, 2)
            case "f": result += pad(isDate ? 0 : (c.nanosecond ?? 0) / 1000, 6)
            case "j": result += pad(calendar.ordinality(of: .day, in: .year, for: date), 3)
            case "A": result += days[(c.weekday ?? 1) - 1]
            case "a": result += String(days[(c.weekday ?? 1) - 1].prefix(3))
            case "B": result += months[(c.month ?? 1) - 1]
            case "b": result += String(months[(c.month ?? 1) - 1].prefix(3))
            case "w": result += String((c.weekday ?? 1) - 1)
            case "Z": result += timeZone == .gmt ? "UTC" : (timeZone.abbreviation(for: date) ?? "")
            case "z":
                let offset = timeZone.secondsFromGMT(for: date)
                result += (offset < 0 ? "-" : "+") + pad(abs(offset) / 3600, 2) + pad(abs(offset) % 3600 / 60, 2)
            case "%": result += "%"
            default: result += "%" + String(directive)
            }
        }
        return result
    }

    var renderedString: String {
        if isDate { return strftime("%Y-%m-%d") }
        let micro = (components.nanosecond ?? 0) / 1000
        return strftime("%Y-%m-%d %H:%M:%S") + (micro == 0 ? "" : strftime(".%f"))
    }

    func isEqual(to other: any JinjaObject) -> Bool {
        guard let other = other as? DateTimeObject else { return false }
        return other.date == date && other.isDate == isDate
    }
}

/// `timedelta(days=, hours=, minutes=, seconds=, weeks=)`.
struct TimeDelta: JinjaObject {
    let seconds: Double

    var typeName: String { "timedelta" }

    static func make(_ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("timedelta", ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"])
        let factors: [Double] = [86400, 1, 0.000001, 0.001, 60, 3600, 604800]
        var total = 0.0
        for (value, factor) in zip(bound, factors) { total += (value?.doubleValue ?? 0) * factor }
        return .object(TimeDelta(seconds: total))
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "days": return .int(Int((seconds / 86400).rounded(.down)))
        case "seconds": return .int(Int(seconds.truncatingRemainder(dividingBy: 86400)))
        default: return nil
        }
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        name == "total_seconds" ? .double(seconds) : nil
    }
}

/// `modules.re`: `match`, `search`, `sub`, `findall`, `split`, `compile`, with Python's syntax as far as
/// NSRegularExpression shares it.
struct RegexModule: JinjaObject {
    var typeName: String { "module 're'" }

    var attributeNames: [String] { ["match", "search", "fullmatch", "sub", "findall", "split", "compile", "escape", "IGNORECASE", "I"] }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "IGNORECASE", "I": return .int(2)
        case "MULTILINE", "M": return .int(8)
        case "DOTALL", "S": return .int(16)
        default: return nil
        }
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        if name == "escape" { return .string(NSRegularExpression.escapedPattern(for: arguments[0]?.renderedString ?? "")) }
        guard let pattern = arguments[0]?.stringValue else {
            throw TemplateError(.jinjaArguments, "re.\(name)() takes a pattern string first", target: .argument(0))
        }
        let rest = Arguments(Array(arguments.positional.dropFirst()), keywords: arguments.keywords)
        if name == "compile" {
            return .object(try RegexObject(pattern: pattern, flags: arguments[1]?.intValue ?? arguments[keyword: "flags"]?.intValue ?? 0))
        }
        let flagIndex = ["sub": 3, "split": 2][name] ?? 1
        let flags = rest[flagIndex + (name == "sub" ? 0 : 0)]?.intValue ?? rest[keyword: "flags"]?.intValue ?? 0
        return try RegexObject(pattern: pattern, flags: flags).callMethod(name, rest, context: context)
    }
}

/// A compiled pattern (`re.compile(...)`).
struct RegexObject: JinjaObject {
    let pattern: String
    let expression: NSRegularExpression

    init(pattern: String, flags: Int) throws {
        var options: NSRegularExpression.Options = []
        if flags & 2 != 0 { options.insert(.caseInsensitive) }
        if flags & 8 != 0 { options.insert(.anchorsMatchLines) }
        if flags & 16 != 0 { options.insert(.dotMatchesLineSeparators) }
        do {
            expression = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            throw TemplateError(.jinjaValueError, "invalid regular expression '\(pattern)'", target: .argument(0))
        }
        self.pattern = pattern
    }

    var typeName: String { "re.Pattern" }

    func attribute(_ name: String) -> Value? { name == "pattern" ? .string(pattern) : nil }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        let text = arguments[0]?.renderedString ?? ""
        let whole = NSRange(text.startIndex..., in: text)
        switch name {
        case "match", "search", "fullmatch":
            let options: NSRegularExpression.MatchingOptions = name == "search" ? [] : [.anchored]
            guard let match = expression.firstMatch(in: text, options: options, range: whole) else { return Value.none }
            if name == "fullmatch", match.range.length != whole.length { return Value.none }
            return .object(MatchObject(text: text, match: match))
        case "findall":
            return .list(expression.matches(in: text, range: whole).map { match in
                let groups = (1..<max(1, match.numberOfRanges)).map { MatchObject(text: text, match: match).group($0) }
                if match.numberOfRanges == 1 { return MatchObject(text: text, match: match).group(0) }
                return groups.count == 1 ? groups[0] : .tuple(groups)
            })
        case "sub":
            let replacement = (arguments[0]?.renderedString ?? "")
            let subject = arguments[1]?.renderedString ?? ""
            let count = arguments[2]?.intValue ?? arguments[keyword: "count"]?.intValue ?? 0
            // Python writes group references as \1; NSRegularExpression as $1.
            let template = NSRegularExpression.escapedTemplate(for: replacement)
                .replacingOccurrences(of: #"\\\\(\d)"#, with: "\\$$1", options: .regularExpression)
            let range = NSRange(subject.startIndex..., in: subject)
            if count <= 0 {
                return .string(expression.stringByReplacingMatches(in: subject, range: range, withTemplate: template))
            }
            var result = subject
            for _ in 0..<count {
                let current = NSRange(result.startIndex..., in: result)
                guard let match = expression.firstMatch(in: result, range: current) else { break }
                let piece = expression.replacementString(for: match, in: result, offset: 0, template: template)
                result = (result as NSString).replacingCharacters(in: match.range, with: piece)
            }
            return .string(result)
        case "split":
            var pieces: [Value] = []
            var last = text.startIndex
            for match in expression.matches(in: text, range: whole) {
                guard let range = Range(match.range, in: text) else { continue }
                pieces.append(.string(String(text[last..<range.lowerBound])))
                last = range.upperBound
            }
            pieces.append(.string(String(text[last...])))
            return .list(pieces)
        default:
            return nil
        }
    }
}

/// A match: `group()`, `groups()`, `start()`, `end()`, `span()`.
struct MatchObject: JinjaObject {
    let text: String
    /// The whole match, then each group (NSNotFound location for a group that did not take part).
    let ranges: [NSRange]

    init(text: String, match: NSTextCheckingResult) {
        self.text = text
        self.ranges = (0..<match.numberOfRanges).map { match.range(at: $0) }
    }

    var typeName: String { "re.Match" }

    func group(_ index: Int) -> Value {
        guard index < ranges.count, let range = Range(ranges[index], in: text) else { return .none }
        return .string(String(text[range]))
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "group":
            if arguments.positional.count > 1 { return .tuple(arguments.positional.map { group($0.intValue ?? 0) }) }
            return group(arguments[0]?.intValue ?? 0)
        case "groups": return .tuple((1..<max(1, ranges.count)).map(group))
        case "start": return .int(ranges[min(arguments[0]?.intValue ?? 0, ranges.count - 1)].location)
        case "end": return .int(NSMaxRange(ranges[min(arguments[0]?.intValue ?? 0, ranges.count - 1)]))
        case "span":
            let range = ranges[min(arguments[0]?.intValue ?? 0, ranges.count - 1)]
            return .tuple([.int(range.location), .int(NSMaxRange(range))])
        default: return nil
        }
    }

    func item(_ key: Value) -> Value? { key.intValue.map(group) }

    var renderedString: String { "<re.Match object; match='\(group(0).renderedString)'>" }
}
