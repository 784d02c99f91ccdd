import Foundation
import StrataCore
import Testing

@Suite struct CronExpressionTests {
    static let utc = TimeZone(identifier: "UTC")!

    static func date(_ text: String, _ zone: TimeZone = utc) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.date(from: text)!
    }

    @Test(arguments: [
        ("*/15 * * * *", "2026-03-01 10:07:30", "2026-03-01 10:15:00"),
        ("0 3 * * *", "2026-03-01 03:00:00", "2026-03-02 03:00:00"),
        ("30 9 * * mon-fri", "2026-03-06 10:00:00", "2026-03-09 09:30:00"),  // Friday after 9:30 -> Monday
        ("0 0 1 */3 *", "2026-02-10 00:00:00", "2026-04-01 00:00:00"),
        ("0 12 13 * 5", "2026-03-01 00:00:00", "2026-03-06 12:00:00"),  // 13th OR Friday: Friday 6 March comes first
        ("@hourly", "2026-03-01 10:59:59", "2026-03-01 11:00:00"),
        ("0 0 29 2 *", "2026-03-01 00:00:00", "2028-02-29 00:00:00"),
        ("5,35 8-9 * jan,mar 0,7", "2026-03-01 08:06:00", "2026-03-01 08:35:00"),  // 1 March 2026 is a Sunday
    ])
    func nextFire(expression: String, after: String, expected: String) throws {
        let cron = try CronExpression(expression)
        #expect(cron.nextFire(after: Self.date(after), in: Self.utc) == Self.date(expected))
    }

    @Test func timeZoneAndDaylightSaving() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let cron = try CronExpression("30 2 * * *")
        // 29 March 2026: Berlin skips from 02:00 to 03:00, so 02:30 does not exist that day.
        let next = cron.nextFire(after: Self.date("2026-03-28 03:00:00", berlin), in: berlin)
        #expect(next == Self.date("2026-03-30 02:30:00", berlin))
        let daily = try CronExpression("0 3 * * *")
        #expect(daily.nextFire(after: Self.date("2026-03-01 00:00:00"), in: berlin) == Self.date("2026-03-01 02:00:00"))
    }

    @Test func neverFiring() throws {
        #expect(try CronExpression("0 0 31 2 *").nextFire(after: Self.date("2026-01-01 00:00:00"), in: Self.utc) == nil)
    }

    @Test(arguments: [
        ("* * * *", "five fields"), ("60 * * * *", "'60' is not a valid minute"), ("* * * foo *", "'foo' is not a valid month"),
        ("*/0 * * * *", "'0' is not a valid step"), ("5-1 * * * *", "empty minute range"),
    ])
    func rejects(expression: String, message: String) {
        #expect(throws: CronExpression.ParseError.self) { try CronExpression(expression) }
        do {
            _ = try CronExpression(expression)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
