import Foundation
import StrataJinja

/// `datetime.date`.
struct DateObject: JinjaObject {
    let date: CivilDate

    var typeName: String { "datetime.date" }
    var renderedString: String { TimeFormat.isoDate(date) }
    var attributeNames: [String] {
        ["year", "month", "day", "weekday", "isoweekday", "isoformat", "strftime", "replace"]
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "year": return .int(date.year)
        case "month": return .int(date.month)
        case "day": return .int(date.day)
        default: return nil
        }
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        if let shared = try DateMethods.call(name, arguments, ClockFields(date: date)) { return shared }
        switch name {
        case "isoformat": return .string(renderedString)
        case "replace":
            let bound = try arguments.bind("replace", ["year", "month", "day"])
            return .object(
                DateObject(
                    date: try CivilDate(
                        year: try DateMethods.integer(bound[0], default: date.year),
                        month: try DateMethods.integer(bound[1], default: date.month),
                        day: try DateMethods.integer(bound[2], default: date.day))))
        default: return nil
        }
    }

    func isEqual(to other: any JinjaObject) -> Bool { (other as? DateObject)?.date == date }

    func compare(to other: Value) throws(TemplateError) -> Int? {
        switch other {
        case .object(let other as DateObject): return date == other.date ? 0 : (date < other.date ? -1 : 1)
        case .object(is DateTimeObject):
            throw TemplateError(.jinjaTypeError, "can't compare datetime.datetime to datetime.date")
        default: return nil
        }
    }

    /// `date ± timedelta` moves by whole days (the delta's `days`, as Python does); `date - date` is a timedelta.
    func arithmetic(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws(TemplateError) -> Value? {
        switch (op, other) {
        case (.add, .object(let delta as TimeDelta)):
            return .object(DateObject(date: try CivilDate(ordinal: date.ordinal + delta.days)))
        case (.sub, .object(let delta as TimeDelta)) where !reflected:
            return .object(DateObject(date: try CivilDate(ordinal: date.ordinal - delta.days)))
        case (.sub, .object(let other as DateObject)):
            let days = reflected ? other.date.ordinal - date.ordinal : date.ordinal - other.date.ordinal
            return .object(TimeDelta(microseconds: days * CivilDate.microsecondsPerDay))
        default: return nil
        }
    }
}

/// `datetime.datetime`: a wall-clock time to the microsecond, naive or with a fixed UTC offset.
struct DateTimeObject: JinjaObject {
    let date: CivilDate
    let microsecondOfDay: Int
    /// nil for a naive datetime.
    let zone: TimeZoneObject?

    /// The datetime `ticks` microseconds after 0001-01-01 00:00 on its own clock.
    /// - Throws: "date value out of range" outside years 1 to 9999.
    init(ticks: Int, zone: TimeZoneObject?) throws(TemplateError) {
        let ordinal = TimeDelta.floorDivide(ticks, CivilDate.microsecondsPerDay)
        date = try CivilDate(ordinal: ordinal)
        microsecondOfDay = ticks - ordinal * CivilDate.microsecondsPerDay
        self.zone = zone
    }

    init(fields: ClockFields) {
        date = fields.date
        microsecondOfDay = ((fields.hour * 60 + fields.minute) * 60 + fields.second) * 1_000_000 + fields.microsecond
        zone = fields.zone
    }

    /// A moment read on the clock of `zone` (or, naive, of `localOffset` seconds east of UTC).
    init(instant: Date, zone: TimeZoneObject?, localOffset: Int = 0) {
        let offset = zone?.offsetSeconds ?? localOffset
        let micros = Int((instant.timeIntervalSince1970 * 1_000_000).rounded(.toNearestOrEven)) + offset * 1_000_000
        // Foundation's dates stay within years 1 to 9999 for any clock a run reads.
        try! self.init(ticks: Self.unixEpochTicks + micros, zone: zone)
    }

    static let unixEpochTicks = 719_163 * CivilDate.microsecondsPerDay

    var ticks: Int { date.ordinal * CivilDate.microsecondsPerDay + microsecondOfDay }
    /// Ticks on the UTC clock, for comparing aware datetimes.
    private var utcTicks: Int { ticks - (zone?.offsetSeconds ?? 0) * 1_000_000 }

    var fields: ClockFields {
        let seconds = microsecondOfDay / 1_000_000
        return ClockFields(
            date: date, hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60,
            microsecond: microsecondOfDay % 1_000_000, zone: zone)
    }

    var typeName: String { "datetime.datetime" }
    var renderedString: String { (try? TimeFormat.isoDateTime(fields, separator: " ")) ?? "" }
    var attributeNames: [String] {
        [
            "year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "date", "isoformat",
            "strftime", "replace",
            "timestamp", "astimezone", "weekday",
        ]
    }

    func attribute(_ name: String) -> Value? {
        let f = fields
        switch name {
        case "year": return .int(f.date.year)
        case "month": return .int(f.date.month)
        case "day": return .int(f.date.day)
        case "hour": return .int(f.hour)
        case "minute": return .int(f.minute)
        case "second": return .int(f.second)
        case "microsecond": return .int(f.microsecond)
        case "tzinfo": return zone.map { .object($0) } ?? Value.none
        case "fold": return .int(0)
        default: return nil
        }
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        if let shared = try DateMethods.call(name, arguments, fields) { return shared }
        switch name {
        case "date": return .object(DateObject(date: date))
        case "isoformat":
            let bound = try arguments.bind("isoformat", ["sep", "timespec"])
            return .string(
                try TimeFormat.isoDateTime(
                    fields, separator: bound[0]?.stringValue ?? "T", timespec: bound[1]?.stringValue ?? "auto"))
        case "timestamp":
            let utc = zone == nil ? ticks - Self.localOffset(ticks: ticks) * 1_000_000 : utcTicks
            return .double(Double(utc - Self.unixEpochTicks) / 1_000_000)
        case "utcoffset":
            return zone.map { .object(TimeDelta(microseconds: $0.offsetSeconds * 1_000_000)) } ?? Value.none
        case "tzname": return zone.map { .string($0.renderedString) } ?? Value.none
        case "astimezone": return .object(try astimezone(try arguments.bind("astimezone", ["tz"])[0]))
        case "replace": return .object(try replace(arguments))
        default: return nil
        }
    }

    private func astimezone(_ target: Value?) throws(TemplateError) -> DateTimeObject {
        let utc = zone == nil ? ticks - Self.localOffset(ticks: ticks) * 1_000_000 : utcTicks
        switch target {
        case nil, .none?:
            let instant = Date(timeIntervalSince1970: Double(utc - Self.unixEpochTicks) / 1_000_000)
            let local = TimeZone.current
            let zone = TimeZoneObject(
                offsetSeconds: local.secondsFromGMT(for: instant), name: local.abbreviation(for: instant))
            return try DateTimeObject(ticks: utc + zone.offsetSeconds * 1_000_000, zone: zone)
        case .object(let zone as TimeZoneObject)?:
            return try DateTimeObject(ticks: utc + zone.offsetSeconds * 1_000_000, zone: zone)
        case let other?:
            throw TemplateError(
                .jinjaTypeError, "tzinfo argument must be None or of a tzinfo subclass, not type '\(other.typeName)'")
        }
    }

    private func replace(_ arguments: Arguments) throws(TemplateError) -> DateTimeObject {
        let names = ["year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "fold"]
        let bound = try arguments.bind("replace", names)
        var f = fields
        let date = try CivilDate(
            year: try DateMethods.integer(bound[0], default: f.date.year),
            month: try DateMethods.integer(bound[1], default: f.date.month),
            day: try DateMethods.integer(bound[2], default: f.date.day))
        let values = try DateMethods.clock(
            hour: bound[3], minute: bound[4], second: bound[5], microsecond: bound[6],
            defaults: (f.hour, f.minute, f.second, f.microsecond))
        f = ClockFields(
            date: date, hour: values.0, minute: values.1, second: values.2, microsecond: values.3, zone: f.zone)
        if let tzinfo = bound[7] { f.zone = try TimeZoneObject.from(tzinfo) }
        return DateTimeObject(fields: f)
    }

    /// The local clock's offset at a naive time, as Python's `mktime` finds it.
    static func localOffset(ticks: Int) -> Int {
        TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ticks - unixEpochTicks) / 1_000_000))
    }

    func isEqual(to other: any JinjaObject) -> Bool {
        guard let other = other as? DateTimeObject, (zone == nil) == (other.zone == nil) else { return false }
        return utcTicks == other.utcTicks
    }

    func compare(to other: Value) throws(TemplateError) -> Int? {
        switch other {
        case .object(let other as DateTimeObject):
            guard (zone == nil) == (other.zone == nil) else {
                throw TemplateError(.jinjaTypeError, "can't compare offset-naive and offset-aware datetimes")
            }
            return utcTicks == other.utcTicks ? 0 : (utcTicks < other.utcTicks ? -1 : 1)
        case .object(is DateObject):
            throw TemplateError(.jinjaTypeError, "can't compare datetime.datetime to datetime.date")
        default: return nil
        }
    }

    /// `datetime ± timedelta` keeps the offset; `datetime - datetime` is a timedelta between the two moments.
    func arithmetic(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws(TemplateError) -> Value? {
        switch (op, other) {
        case (.add, .object(let delta as TimeDelta)):
            return .object(
                try DateTimeObject(
                    ticks: try Self.checked(ticks.addingReportingOverflow(delta.microseconds)), zone: zone))
        case (.sub, .object(let delta as TimeDelta)) where !reflected:
            return .object(
                try DateTimeObject(
                    ticks: try Self.checked(ticks.subtractingReportingOverflow(delta.microseconds)), zone: zone))
        case (.sub, .object(let other as DateTimeObject)):
            guard (zone == nil) == (other.zone == nil) else {
                throw TemplateError(.jinjaTypeError, "can't subtract offset-naive and offset-aware datetimes")
            }
            return .object(TimeDelta(microseconds: reflected ? other.utcTicks - utcTicks : utcTicks - other.utcTicks))
        default: return nil
        }
    }

    private static func checked(_ result: (partialValue: Int, overflow: Bool)) throws(TemplateError) -> Int {
        guard !result.overflow else { throw CivilDate.outOfRange }
        return result.partialValue
    }
}

/// `datetime.timezone`: a fixed offset from UTC, named `UTC` or `UTC+02:00` unless given a name.
struct TimeZoneObject: JinjaObject, Hashable {
    let offsetSeconds: Int
    var name: String?

    static let utc = TimeZoneObject(offsetSeconds: 0, name: "UTC")

    init(offsetSeconds: Int, name: String? = nil) {
        self.offsetSeconds = offsetSeconds
        self.name = name
    }

    /// A `tzinfo` argument: a timezone, or None for naive.
    static func from(_ value: Value) throws(TemplateError) -> TimeZoneObject? {
        switch value {
        case .none: return nil
        case .object(let zone as TimeZoneObject): return zone
        default:
            throw TemplateError(
                .jinjaTypeError, "tzinfo argument must be None or of a tzinfo subclass, not type '\(value.typeName)'")
        }
    }

    var typeName: String { "datetime.timezone" }
    var renderedString: String { name ?? (offsetSeconds == 0 ? "UTC" : "UTC" + TimeFormat.offset(offsetSeconds)) }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "utcoffset": return .object(TimeDelta(microseconds: offsetSeconds * 1_000_000))
        case "tzname": return .string(renderedString)
        default: return nil
        }
    }

    func isEqual(to other: any JinjaObject) -> Bool { (other as? TimeZoneObject)?.offsetSeconds == offsetSeconds }
}

/// What `date` and `datetime` share: `strftime`, `weekday`, `isoweekday`, `toordinal`, `isocalendar`, and
/// Python's argument checks.
enum DateMethods {
    static func call(_ name: String, _ arguments: Arguments, _ fields: ClockFields) throws(TemplateError) -> Value? {
        switch name {
        case "strftime":
            let format = try arguments.bind("strftime", ["format"], required: 1)[0]!
            guard case .string(let text) = format else {
                throw TemplateError(
                    .jinjaTypeError, "strftime() argument 1 must be str, not \(format.typeName)", target: .argument(0))
            }
            return .string(TimeFormat.strftime(text, fields))
        case "weekday": return .int(fields.date.weekday)
        case "isoweekday": return .int(fields.date.weekday + 1)
        case "toordinal": return .int(fields.date.ordinal)
        case "isocalendar":
            let iso = fields.date.isoCalendar
            return .tuple([.int(iso.year), .int(iso.week), .int(iso.weekday)])
        default: return nil
        }
    }

    /// An integer argument; booleans count, as in Python, and anything else is a `TypeError`.
    static func integer(_ value: Value?, default fallback: Int) throws(TemplateError) -> Int {
        switch value {
        case nil: return fallback
        case .int(let number)?: return number
        case .bool(let flag)?: return flag ? 1 : 0
        case let other?:
            throw TemplateError(.jinjaTypeError, "'\(other.typeName)' object cannot be interpreted as an integer")
        }
    }

    /// Hour, minute, second and microsecond, checked with Python's messages.
    static func clock(
        hour: Value?, minute: Value?, second: Value?, microsecond: Value?, defaults: (Int, Int, Int, Int) = (0, 0, 0, 0)
    ) throws(TemplateError) -> (Int, Int, Int, Int) {
        let values = (
            try integer(hour, default: defaults.0), try integer(minute, default: defaults.1),
            try integer(second, default: defaults.2), try integer(microsecond, default: defaults.3)
        )
        for (value, name, upper) in [
            (values.0, "hour", 23), (values.1, "minute", 59), (values.2, "second", 59),
            (values.3, "microsecond", 999_999),
        ]
        where !(0...upper).contains(value) {
            throw TemplateError(.jinjaValueError, "\(name) must be in 0..\(upper)")
        }
        return values
    }
}
