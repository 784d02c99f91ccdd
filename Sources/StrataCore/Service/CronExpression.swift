public import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`) evaluated in a time zone.
///
/// Fields take `*`, numbers, ranges (`1-5`), lists (`1,15`), steps (`*/15`, `0-30/10`) and names (`jan`, `mon`);
/// `@hourly`, `@daily`, `@weekly`, `@monthly` and `@yearly` stand for their usual expressions. As in Vixie cron,
/// when both day fields are restricted a day matching either one fires, and day-of-week 7 is Sunday.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let text: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    /// 0 = Sunday.
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    public var description: String { text }

    /// Why an expression was not accepted.
    public struct ParseError: Error, Sendable, Equatable {
        public let message: String
    }

    private static let shorthands = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]
    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public init(_ text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded = Self.shorthands[trimmed.lowercased()] ?? trimmed
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0).lowercased() }
        guard fields.count == 5 else {
            throw ParseError(message: "a cron expression has five fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        self.text = trimmed
        minutes = try Self.field(fields[0], name: "minute", range: 0...59, names: [])
        hours = try Self.field(fields[1], name: "hour", range: 0...23, names: [])
        daysOfMonth = try Self.field(fields[2], name: "day-of-month", range: 1...31, names: [])
        months = try Self.field(fields[3], name: "month", range: 1...12, names: Self.monthNames, nameBase: 1)
        let weekdays = try Self.field(fields[4], name: "day-of-week", range: 0...7, names: Self.dayNames)
        daysOfWeek = Set(weekdays.map { $0 == 7 ? 0 : $0 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    private static func field(
        _ text: String, name: String, range: ClosedRange<Int>, names: [String], nameBase: Int = 0
    ) throws(ParseError) -> Set<Int> {
        func number(_ part: Substring) throws(ParseError) -> Int {
            if let value = Int(part), range.contains(value) { return value }
            if let index = names.firstIndex(of: String(part)) { return index + nameBase }
            throw ParseError(message: "'\(part)' is not a valid \(name) (\(range.lowerBound)-\(range.upperBound)\(names.isEmpty ? "" : " or a name such as \(names[0])"))")
        }
        var values = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2, let base = stepParts.first, !base.isEmpty else {
                throw ParseError(message: "'\(item)' is not a valid \(name) field")
            }
            var step = 1
            if stepParts.count == 2 {
                guard let parsed = Int(stepParts[1]), parsed > 0 else {
                    throw ParseError(message: "'\(stepParts[1])' is not a valid step in the \(name) field")
                }
                step = parsed
            }
            let bounds: ClosedRange<Int>
            if base == "*" {
                bounds = range
            } else if let dash = base.firstIndex(of: "-") {
                let low = try number(base[..<dash])
                let high = try number(base[base.index(after: dash)...])
                guard low <= high else { throw ParseError(message: "'\(base)' is an empty \(name) range") }
                bounds = low...high
            } else {
                let value = try number(base)
                // `5/15` means from 5 to the end in steps of 15, as in most crons.
                bounds = stepParts.count == 2 ? value...range.upperBound : value...value
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    /// Whether the expression fires at the minute holding a date.
    public func matches(_ date: Date, in timeZone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: date)
        return minutes.contains(parts.minute!) && hours.contains(parts.hour!) && months.contains(parts.month!)
            && dayMatches(day: parts.day!, weekday: parts.weekday! - 1)
    }

    private func dayMatches(day: Int, weekday: Int) -> Bool {
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return daysOfMonth.contains(day) || daysOfWeek.contains(weekday)
        case (true, false): return daysOfMonth.contains(day)
        case (false, true): return daysOfWeek.contains(weekday)
        case (false, false): return true
        }
    }

    /// The first minute strictly after `date` at which the expression fires, or nil when it never does (`0 0 31 2 *`).
    ///
    /// Walks forward a day, an hour or a minute at a time, skipping whole days and hours that cannot match, so a
    /// yearly expression costs a few hundred steps. Local times that a daylight-saving change skips never fire;
    /// a repeated hour fires once per matching wall-clock minute on each pass, as `Calendar` resolves it.
    public func nextFire(after date: Date, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Start at the next whole minute.
        let seconds = date.timeIntervalSinceReferenceDate
        var candidate = Date(timeIntervalSinceReferenceDate: (seconds / 60).rounded(.down) * 60 + 60)
        // Five years covers every satisfiable expression (29 February with a weekday restriction included).
        let limit = candidate.addingTimeInterval(5 * 366 * 86_400)
        while candidate < limit {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: candidate)
            if !months.contains(parts.month!) || !dayMatches(day: parts.day!, weekday: parts.weekday! - 1) {
                guard let startOfDay = calendar.date(from: DateComponents(year: parts.year, month: parts.month, day: parts.day)),
                      let next = calendar.date(byAdding: .day, value: 1, to: startOfDay) else { return nil }
                candidate = next
                continue
            }
            if !hours.contains(parts.hour!) {
                guard let next = calendar.date(byAdding: .minute, value: 60 - parts.minute!, to: candidate) else { return nil }
                candidate = next
                continue
            }
            if !minutes.contains(parts.minute!) {
                candidate = candidate.addingTimeInterval(60)
                continue
            }
            return candidate
        }
        return nil
    }
}
