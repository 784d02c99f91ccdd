import StrataJinja

/// A day of the proleptic Gregorian calendar, years 1 to 9999, as Python's `datetime.date` counts them (day 1 is
/// 0001-01-01); integer arithmetic only, so results match Python to the microsecond.
struct CivilDate: Hashable, Comparable {
    let year: Int
    let month: Int
    let day: Int

    static let minYear = 1
    static let maxYear = 9999
    static let microsecondsPerDay = 86_400_000_000

    /// A checked date.
    /// - Throws: Python's `ValueError` messages (`day is out of range for month`).
    init(year: Int, month: Int, day: Int) throws(TemplateError) {
        guard (Self.minYear...Self.maxYear).contains(year) else {
            throw TemplateError(.jinjaValueError, "year \(year) is out of range")
        }
        guard (1...12).contains(month) else { throw TemplateError(.jinjaValueError, "month must be in 1..12") }
        guard (1...Self.daysInMonth(year, month)).contains(day) else {
            throw TemplateError(.jinjaValueError, "day is out of range for month")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of a day number (Python's `date.fromordinal`).
    /// - Throws: `OverflowError`'s "date value out of range" outside years 1 to 9999.
    init(ordinal: Int) throws(TemplateError) {
        guard ordinal >= 1, ordinal <= Self.maxOrdinal else { throw Self.outOfRange }
        // CPython's _ord2ymd: whole 400-, 100-, 4- and 1-year cycles, then the month.
        var n = ordinal - 1
        let n400 = n / 146_097
        n %= 146_097
        let n100 = n / 36_524
        n %= 36_524
        let n4 = n / 1_461
        n %= 1_461
        let n1 = n / 365
        n %= 365
        var year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1
        if n1 == 4 || n100 == 4 {
            year -= 1
            self.year = year
            self.month = 12
            self.day = 31
            return
        }
        var month = (n + 50) >> 5
        var preceding = Self.daysBeforeMonth(year, month)
        if preceding > n {
            month -= 1
            preceding -= Self.daysInMonth(year, month)
        }
        self.year = year
        self.month = month
        self.day = n - preceding + 1
    }

    static let outOfRange = TemplateError(.jinjaArithmetic, "date value out of range")
    static let maxOrdinal = 3_652_059

    /// Days since 0000-12-31 (Python's `toordinal()`).
    var ordinal: Int {
        let y = year - 1
        return y * 365 + y / 4 - y / 100 + y / 400 + Self.daysBeforeMonth(year, month) + day
    }

    /// Monday is 0, Sunday 6.
    var weekday: Int { (ordinal + 6) % 7 }

    /// Day of the year, 1 to 366.
    var dayOfYear: Int { Self.daysBeforeMonth(year, month) + day }

    /// ISO 8601 year, week (1 to 53) and weekday (Monday 1), as Python's `isocalendar()`.
    var isoCalendar: (year: Int, week: Int, weekday: Int) {
        var isoYear = year
        var firstMonday = Self.isoWeek1Monday(isoYear)
        var week = (ordinal - firstMonday) / 7
        if ordinal < firstMonday {
            isoYear -= 1
            firstMonday = Self.isoWeek1Monday(isoYear)
            week = (ordinal - firstMonday) / 7
        } else if week >= 52, ordinal >= Self.isoWeek1Monday(isoYear + 1) {
            isoYear += 1
            week = 0
        }
        return (isoYear, week + 1, weekday + 1)
    }

    static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        month == 2 ? (isLeap(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    private static func daysBeforeMonth(_ year: Int, _ month: Int) -> Int {
        let before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][month - 1]
        return before + (month > 2 && isLeap(year) ? 1 : 0)
    }

    private static func isoWeek1Monday(_ year: Int) -> Int {
        let y = year - 1
        let firstDay = y * 365 + y / 4 - y / 100 + y / 400 + 1
        let firstWeekday = (firstDay + 6) % 7
        var monday = firstDay - firstWeekday
        if firstWeekday > 3 { monday += 7 }
        return monday
    }
}
