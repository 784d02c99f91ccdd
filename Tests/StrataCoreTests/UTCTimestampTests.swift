import Foundation
@testable import StrataCore
import Testing

/// The hand-written timestamps read exactly as the Foundation formats they replaced.
@Suite struct UTCTimestampTests {
    static let dates: [Date] = {
        var generator = SystemRandomNumberGenerator()
        let fixed = [0, 1, 59.999_999, 951_782_400.5 /* 2000-02-29 */, 1_795_362_827.430_999, 4_102_444_799.999_999]
        return (fixed + (0..<500).map { _ in Double.random(in: 0..<4_102_444_800, using: &generator) }).map(Date.init(timeIntervalSince1970:))
    }()

    @Test func stateTimestampsReadAsISO8601WithMilliseconds() throws {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)
        for date in Self.dates {
            let text = StateStore.timestamp(date)
            #expect(text.count == 24, "\(text)")
            let parsed = try Date(text, strategy: style)
            // Truncated to the millisecond: never later than the date, less than a millisecond earlier.
            #expect(parsed <= date && date.timeIntervalSince(parsed) < 0.001, "\(text) for \(date.timeIntervalSince1970)")
        }
    }

    @Test func artifactTimestampsMatchTheirOldFormat() {
        for date in Self.dates {
            let seconds = date.timeIntervalSince1970
            let whole = floor(seconds)
            var time = time_t(whole)
            var parts = tm()
            gmtime_r(&time, &parts)
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                parts.tm_hour, parts.tm_min, parts.tm_sec, Int((seconds - whole) * 1_000_000))
            #expect(ArtifactDate.string(date) == expected)
        }
    }

    @Test(arguments: [0.0, 0.000_000_4, 0.000_000_6, 1.5, 12.345_678_9, 3599.999_999_7])
    func durationsPrintAsPercentPointSixF(duration: Double) {
        #expect(StateStore.seconds(duration) == String(format: "%.6f", duration))
    }
}
