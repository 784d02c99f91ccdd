import StrataJinja

/// `datetime.timedelta`: a signed duration in whole microseconds, shown and taken apart as Python does
/// (`-1 day, 23:00:00`; `.days` floors, `.seconds` and `.microseconds` are never negative).
struct TimeDelta: JinjaObject, Hashable {
    let microseconds: Int

    var typeName: String { "datetime.timedelta" }

    /// Python's limit on `days`; Int64 microseconds reach only about 106 million days, so larger ones fail too.
    static let maxDays = 999_999_999

    init(microseconds: Int) {
        self.microseconds = microseconds
    }

    /// A checked duration.
    /// - Throws: Python's `OverflowError` message when the duration is out of range.
    static func checked(_ microseconds: (partialValue: Int, overflow: Bool)) throws(TemplateError) -> TimeDelta {
        guard !microseconds.overflow else { throw TemplateError(.jinjaArithmetic, "timedelta out of range") }
        let delta = TimeDelta(microseconds: microseconds.partialValue)
        guard abs(delta.days) <= maxDays else {
            throw TemplateError(.jinjaArithmetic, "days=\(delta.days); must have magnitude <= \(maxDays)")
        }
        return delta
    }

    /// `timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)`.
    static func make(_ arguments: Arguments) throws(TemplateError) -> TimeDelta {
        let names = ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"]
        let factors = [CivilDate.microsecondsPerDay, 1_000_000, 1, 1_000, 60_000_000, 3_600_000_000, 604_800_000_000]
        let bound = try arguments.bind("timedelta", names)
        var whole = (partialValue: 0, overflow: false)
        var fraction = 0.0
        for (index, value) in bound.enumerated() {
            switch value {
            case nil, .none?: continue
            case .int(let number)?:
                let product = number.multipliedReportingOverflow(by: factors[index])
                let sum = whole.partialValue.addingReportingOverflow(product.partialValue)
                whole = (sum.partialValue, whole.overflow || product.overflow || sum.overflow)
            case .bool(let flag)?:
                whole.partialValue += flag ? factors[index] : 0
            case .double(let number)?:
                fraction += number * Double(factors[index])
            case let other?:
                let target: TemplateError.Target =
                    index < arguments.positional.count ? .argument(index) : .keyword(names[index])
                throw TemplateError(
                    .jinjaTypeError, "unsupported type for timedelta \(names[index]) component: \(other.typeName)",
                    help: "give a number, such as timedelta(\(names[index])=1)", target: target)
            }
        }
        guard fraction.isFinite, abs(fraction) < 9e18 else {
            throw TemplateError(.jinjaArithmetic, "timedelta out of range")
        }
        let rounded = Int(fraction.rounded(.toNearestOrEven))
        let total = whole.partialValue.addingReportingOverflow(rounded)
        return try checked((total.partialValue, whole.overflow || total.overflow))
    }

    var days: Int { Self.floorDivide(microseconds, CivilDate.microsecondsPerDay) }
    private var withinDay: Int { microseconds - days * CivilDate.microsecondsPerDay }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "days": return .int(days)
        case "seconds": return .int(withinDay / 1_000_000)
        case "microseconds": return .int(withinDay % 1_000_000)
        default: return nil
        }
    }

    var attributeNames: [String] { ["days", "seconds", "microseconds", "total_seconds"] }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        guard name == "total_seconds" else { return nil }
        return .double(Double(microseconds) / 1_000_000)
    }

    /// `str(timedelta)`: `[D day[s], ]H:MM:SS[.ffffff]`.
    var renderedString: String {
        let seconds = withinDay / 1_000_000
        var text = "\(seconds / 3600):" + Self.pad(seconds / 60 % 60, 2) + ":" + Self.pad(seconds % 60, 2)
        if days != 0 { text = "\(days) day\(abs(days) == 1 ? "" : "s"), " + text }
        if withinDay % 1_000_000 != 0 { text += "." + Self.pad(withinDay % 1_000_000, 6) }
        return text
    }

    var isTruthy: Bool { microseconds != 0 }

    func isEqual(to other: any JinjaObject) -> Bool { (other as? TimeDelta)?.microseconds == microseconds }

    func compare(to other: Value) throws(TemplateError) -> Int? {
        guard case .object(let other as TimeDelta) = other else { return nil }
        return microseconds == other.microseconds ? 0 : (microseconds < other.microseconds ? -1 : 1)
    }

    func negated() throws(TemplateError) -> Value? {
        .object(try Self.checked((0).subtractingReportingOverflow(microseconds)))
    }

    func arithmetic(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws(TemplateError) -> Value? {
        switch (op, other) {
        case (.add, .object(let other as TimeDelta)):
            return .object(try Self.checked(microseconds.addingReportingOverflow(other.microseconds)))
        case (.sub, .object(let other as TimeDelta)):
            let difference =
                reflected
                ? other.microseconds.subtractingReportingOverflow(microseconds)
                : microseconds.subtractingReportingOverflow(other.microseconds)
            return .object(try Self.checked(difference))
        case (.mul, .int(let factor)):
            return .object(try Self.checked(microseconds.multipliedReportingOverflow(by: factor)))
        case (.mul, .double(let factor)):
            return .object(try Self.scaled(Double(microseconds) * factor))
        case (.div, .object(let other as TimeDelta)), (.floorDiv, .object(let other as TimeDelta)):
            let (numerator, denominator) =
                reflected ? (other.microseconds, microseconds) : (microseconds, other.microseconds)
            guard denominator != 0 else { throw TemplateError(.jinjaArithmetic, "division by zero") }
            if op == .div { return .double(Double(numerator) / Double(denominator)) }
            return .int(Self.floorDivide(numerator, denominator))
        case (.div, .int(let divisor)) where !reflected, (.floorDiv, .int(let divisor)) where !reflected:
            guard divisor != 0 else { throw TemplateError(.jinjaArithmetic, "division by zero") }
            // Python rounds true division half to even and floors `//`.
            if op == .floorDiv { return .object(TimeDelta(microseconds: Self.floorDivide(microseconds, divisor))) }
            return .object(try Self.scaled(Double(microseconds) / Double(divisor)))
        case (.div, .double(let divisor)) where !reflected:
            guard divisor != 0 else { throw TemplateError(.jinjaArithmetic, "division by zero") }
            return .object(try Self.scaled(Double(microseconds) / divisor))
        default:
            return nil
        }
    }

    private static func scaled(_ microseconds: Double) throws(TemplateError) -> TimeDelta {
        guard microseconds.isFinite, abs(microseconds) < 9e18 else {
            throw TemplateError(.jinjaArithmetic, "timedelta out of range")
        }
        return try checked((Int(microseconds.rounded(.toNearestOrEven)), false))
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
