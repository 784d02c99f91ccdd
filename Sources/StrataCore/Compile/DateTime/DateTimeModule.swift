import Foundation
import StrataJinja

/// `modules.datetime`: the classes `datetime`, `date`, `timedelta` and `timezone`, with Python's constructors,
/// arithmetic, comparisons and printing, so dbt projects' date logic renders the same text.
struct DateTimeModule: JinjaObject {
    var typeName: String { "module" }
    var renderedString: String { "<module 'datetime'>" }
    var attributeNames: [String] { ["datetime", "date", "timedelta", "timezone", "MINYEAR", "MAXYEAR"] }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "datetime": return .object(DateTimeClass())
        case "date": return .object(DateClass())
        case "timedelta": return .object(TimeDeltaClass())
        case "timezone": return .object(TimeZoneClass())
        case "MINYEAR": return .int(CivilDate.minYear)
        case "MAXYEAR": return .int(CivilDate.maxYear)
        default: return nil
        }
    }
}

/// `datetime.datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None)` and its class
/// methods `now`, `utcnow`, `today`, `strptime`, `fromisoformat`, `fromtimestamp`, `utcfromtimestamp`, `combine`.
struct DateTimeClass: JinjaObject {
    var typeName: String { "type" }
    var renderedString: String { "<class 'datetime.datetime'>" }
    var isCallable: Bool { true }
    var attributeNames: [String] {
        ["now", "utcnow", "today", "strptime", "fromisoformat", "fromtimestamp", "combine"]
    }

    func call(_ arguments: Arguments, context: CallContext) throws -> Value {
        let names = ["year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "fold"]
        let bound = try arguments.bind("datetime", names, required: 3)
        let date = try CivilDate(
            year: try DateMethods.integer(bound[0], default: 0), month: try DateMethods.integer(bound[1], default: 0),
            day: try DateMethods.integer(bound[2], default: 0))
        let clock = try DateMethods.clock(hour: bound[3], minute: bound[4], second: bound[5], microsecond: bound[6])
        let zone = try bound[7].flatMap { value throws(TemplateError) in try TimeZoneObject.from(value) }
        return .object(
            DateTimeObject(
                fields: ClockFields(
                    date: date, hour: clock.0, minute: clock.1, second: clock.2, microsecond: clock.3, zone: zone)))
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "now", "today":
            let zone = try arguments.bind(name, ["tz"])[0].flatMap { value throws(TemplateError) in
                try TimeZoneObject.from(value)
            }
            return .object(Self.reading(Date(), zone: zone))
        case "utcnow": return .object(DateTimeObject(instant: Date(), zone: nil))
        case "strptime":
            let bound = try arguments.bind("strptime", ["date_string", "format"], required: 2)
            guard case .string(let text) = bound[0]!, case .string(let format) = bound[1]! else {
                throw TemplateError(.jinjaTypeError, "strptime() argument 1 must be str, not \(bound[0]!.typeName)")
            }
            return .object(DateTimeObject(fields: try TimeParsing.strptime(text, format)))
        case "fromisoformat":
            let text = try Self.string(arguments, "fromisoformat")
            return .object(DateTimeObject(fields: try TimeParsing.fromISOFormat(text, dateOnly: false)))
        case "fromtimestamp", "utcfromtimestamp":
            let bound = try arguments.bind(name, ["timestamp", "tz"], required: 1)
            guard let seconds = bound[0]?.doubleValue else {
                throw TemplateError(.jinjaTypeError, "'\(bound[0]!.typeName)' object cannot be interpreted as a number")
            }
            let zone =
                name == "utcfromtimestamp"
                ? nil : try bound[1].flatMap { value throws(TemplateError) in try TimeZoneObject.from(value) }
            let instant = Date(timeIntervalSince1970: seconds)
            return .object(
                name == "utcfromtimestamp"
                    ? DateTimeObject(instant: instant, zone: nil) : Self.reading(instant, zone: zone))
        case "combine":
            let bound = try arguments.bind("combine", ["date", "time"], required: 1)
            guard case .object(let day as DateObject) = bound[0]! else {
                throw TemplateError(
                    .jinjaTypeError, "combine() argument 1 must be datetime.date, not \(bound[0]!.typeName)")
            }
            return .object(DateTimeObject(fields: ClockFields(date: day.date)))
        default: return nil
        }
    }

    /// The moment on the clock of `zone`, or on the local clock, naive, as Python's `now()` without a zone.
    static func reading(_ instant: Date, zone: TimeZoneObject?) -> DateTimeObject {
        DateTimeObject(instant: instant, zone: zone, localOffset: TimeZone.current.secondsFromGMT(for: instant))
    }

    static func string(_ arguments: Arguments, _ function: String) throws(TemplateError) -> String {
        let value = try arguments.bind(function, ["date_string"], required: 1)[0]!
        guard case .string(let text) = value else {
            throw TemplateError(.jinjaTypeError, "\(function): argument must be str", target: .argument(0))
        }
        return text
    }
}

/// `datetime.date(year, month, day)` and `today`, `fromisoformat`, `fromordinal`, `fromtimestamp`.
struct DateClass: JinjaObject {
    var typeName: String { "type" }
    var renderedString: String { "<class 'datetime.date'>" }
    var isCallable: Bool { true }
    var attributeNames: [String] { ["today", "fromisoformat", "fromordinal", "fromtimestamp"] }

    func call(_ arguments: Arguments, context: CallContext) throws -> Value {
        let bound = try arguments.bind("date", ["year", "month", "day"], required: 3)
        return .object(
            DateObject(
                date: try CivilDate(
                    year: try DateMethods.integer(bound[0], default: 0),
                    month: try DateMethods.integer(bound[1], default: 0),
                    day: try DateMethods.integer(bound[2], default: 0))))
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "today": return .object(DateObject(date: DateTimeClass.reading(Date(), zone: nil).date))
        case "fromisoformat":
            let text = try DateTimeClass.string(arguments, "fromisoformat")
            return .object(DateObject(date: try TimeParsing.fromISOFormat(text, dateOnly: true).date))
        case "fromordinal":
            let ordinal = try DateMethods.integer(
                try arguments.bind("fromordinal", ["ordinal"], required: 1)[0], default: 0)
            guard ordinal >= 1, ordinal <= CivilDate.maxOrdinal else {
                throw TemplateError(.jinjaValueError, "ordinal must be >= 1 and <= \(CivilDate.maxOrdinal)")
            }
            return .object(DateObject(date: try CivilDate(ordinal: ordinal)))
        case "fromtimestamp":
            guard let seconds = try arguments.bind("fromtimestamp", ["timestamp"], required: 1)[0]?.doubleValue else {
                throw TemplateError(.jinjaTypeError, "fromtimestamp() takes a number of seconds")
            }
            return .object(
                DateObject(date: DateTimeClass.reading(Date(timeIntervalSince1970: seconds), zone: nil).date))
        default: return nil
        }
    }
}

/// `datetime.timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)`.
struct TimeDeltaClass: JinjaObject {
    var typeName: String { "type" }
    var renderedString: String { "<class 'datetime.timedelta'>" }
    var isCallable: Bool { true }

    func call(_ arguments: Arguments, context: CallContext) throws -> Value { .object(try TimeDelta.make(arguments)) }
}

/// `datetime.timezone(offset, name=None)` and `timezone.utc`.
struct TimeZoneClass: JinjaObject {
    var typeName: String { "type" }
    var renderedString: String { "<class 'datetime.timezone'>" }
    var isCallable: Bool { true }
    var attributeNames: [String] { ["utc"] }

    func attribute(_ name: String) -> Value? { name == "utc" ? .object(TimeZoneObject.utc) : nil }

    func call(_ arguments: Arguments, context: CallContext) throws -> Value {
        let bound = try arguments.bind("timezone", ["offset", "name"], required: 1)
        guard case .object(let offset as TimeDelta) = bound[0]! else {
            throw TemplateError(
                .jinjaTypeError, "timezone() argument 1 must be datetime.timedelta, not \(bound[0]!.typeName)",
                target: .argument(0))
        }
        guard offset.microseconds % 1_000_000 == 0, abs(offset.microseconds) < CivilDate.microsecondsPerDay else {
            throw TemplateError(
                .jinjaValueError,
                "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)",
                target: .argument(0))
        }
        return .object(TimeZoneObject(offsetSeconds: offset.microseconds / 1_000_000, name: bound[1]?.stringValue))
    }
}
