/// A unit of a freshness threshold, as dbt spells it.
public enum FreshnessPeriod: String, Sendable, Hashable, CaseIterable {
    case minute, hour, day

    /// Seconds in one period.
    public var seconds: Double {
        switch self {
        case .minute: return 60
        case .hour: return 3_600
        case .day: return 86_400
        }
    }
}

/// One freshness threshold: `{count: 12, period: hour}`.
public struct FreshnessThreshold: Sendable, Hashable {
    /// How many periods; positive.
    public var count: Int
    /// The unit.
    public var period: FreshnessPeriod

    /// Creates a threshold.
    public init(count: Int, period: FreshnessPeriod) {
        self.count = count
        self.period = period
    }

    /// The threshold in seconds.
    public var seconds: Double { Double(count) * period.seconds }

    /// dbt's JSON shape: `{"count": 12, "period": "hour"}`.
    public var json: JSON { .object([("count", .int(count)), ("period", .string(period.rawValue))]) }

    /// `12 hours`, for messages.
    public var description: String { "\(count) \(period.rawValue)\(count == 1 ? "" : "s")" }
}

/// A source table's freshness rule: how old its newest row may be before `strata source freshness` warns or
/// fails, and which rows count (`filter`, a SQL condition).
public struct FreshnessRule: Sendable, Hashable {
    /// Age after which the table is reported as a warning.
    public var warnAfter: FreshnessThreshold?
    /// Age after which the table is an error.
    public var errorAfter: FreshnessThreshold?
    /// A SQL condition restricting the rows looked at.
    public var filter: String?

    /// Creates a rule.
    public init(warnAfter: FreshnessThreshold? = nil, errorAfter: FreshnessThreshold? = nil, filter: String? = nil) {
        self.warnAfter = warnAfter
        self.errorAfter = errorAfter
        self.filter = filter
    }

    /// Whether the rule sets any threshold (dbt checks only tables whose rule does).
    public var hasThreshold: Bool { warnAfter != nil || errorAfter != nil }

    /// The rule with every field `more` sets replacing this one's (dbt's table-over-source merge).
    /// - Parameter more: the more specific rule.
    /// - Returns: the merged rule.
    public func overridden(by more: FreshnessRule) -> FreshnessRule {
        FreshnessRule(
            warnAfter: more.warnAfter ?? warnAfter, errorAfter: more.errorAfter ?? errorAfter,
            filter: more.filter ?? filter)
    }

    /// The status of a table whose newest row is `age` seconds old, with dbt's rule: error past `error_after`,
    /// else warn past `warn_after`, else pass.
    /// - Parameter age: seconds between the newest row and the check.
    /// - Returns: `.pass`, `.warn` or `.error`.
    public func status(forAge age: Double) -> FreshnessStatus {
        if let errorAfter, age > errorAfter.seconds { return .error }
        if let warnAfter, age > warnAfter.seconds { return .warn }
        return .pass
    }

    /// dbt's JSON shape (`manifest.json` `freshness`, `sources.json` `criteria`): empty objects for unset
    /// thresholds.
    public var json: JSON {
        .object([
            ("warn_after", warnAfter?.json ?? .object([])), ("error_after", errorAfter?.json ?? .object([])),
            ("filter", .optional(filter)),
        ])
    }
}

/// The outcome of one freshness check, in `sources.json`'s vocabulary.
public enum FreshnessStatus: String, Sendable, Hashable {
    case pass, warn, error
    /// The query failed.
    case runtimeError = "runtime error"
}
