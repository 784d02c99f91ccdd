public import Foundation

/// The time as the scheduler sees it; tests drive a manual one.
public protocol SchedulerClock: Sendable {
    func now() -> Date
    /// Returns at `date` (or at once when it has passed); throws when the task is cancelled.
    func sleep(until date: Date) async throws
}

/// The wall clock.
public struct SystemClock: SchedulerClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until date: Date) async throws {
        let seconds = date.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up)))) }
    }
}

/// Fires schedules at their cron times: one loop sleeps until the earliest next fire, hands every schedule due then
/// to `fire` and computes the next times from the fire time, so a slow `fire` never shifts the timetable. A fire
/// time missed while the machine was asleep fires once, late, rather than once per missed minute.
public struct Scheduler: Sendable {
    public let schedules: [ScheduleDefinition]
    public let clock: any SchedulerClock

    public init(schedules: [ScheduleDefinition], clock: any SchedulerClock = SystemClock()) {
        self.schedules = schedules
        self.clock = clock
    }

    /// The next fire time of each schedule after `date` (nil for one that never fires again).
    public func nextFires(after date: Date) -> [(schedule: ScheduleDefinition, at: Date?)] {
        schedules.map { ($0, $0.cron.nextFire(after: date, in: $0.timeZone)) }
    }

    /// Runs until the task is cancelled.
    /// - Parameter fire: called with each schedule and the time it was due; it should hand the work off quickly.
    public func run(fire: @Sendable (ScheduleDefinition, Date) async -> Void) async {
        var next = nextFires(after: clock.now())
        while !Task.isCancelled {
            guard let earliest = next.compactMap(\.at).min() else { return }
            do { try await clock.sleep(until: earliest) } catch { return }
            for index in next.indices where next[index].at == earliest {
                await fire(next[index].schedule, earliest)
                next[index].at = next[index].schedule.cron.nextFire(after: max(earliest, clock.now()), in: next[index].schedule.timeZone)
            }
        }
    }
}
