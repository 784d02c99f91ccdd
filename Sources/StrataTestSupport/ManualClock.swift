public import Foundation
public import StrataCore
import Synchronization

/// A scheduler clock that moves only when a test moves it: sleepers wake when `advance(to:)` passes their time.
public final class ManualClock: SchedulerClock {
    private struct State {
        var now: Date
        var sleepers: [(id: UUID, until: Date, wake: CheckedContinuation<Void, any Error>)] = []
    }

    private let state: Mutex<State>

    public init(now: Date) { state = Mutex(State(now: now)) }

    public func now() -> Date { state.withLock { $0.now } }

    public func sleep(until date: Date) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { state -> Bool in
                    if date <= state.now || Task.isCancelled { return true }
                    state.sleepers.append((id, date, continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index).wake
            }
            sleeper?.resume(throwing: CancellationError())
        }
    }

    /// How many tasks are asleep on the clock.
    public var sleeping: Int { state.withLock { $0.sleepers.count } }

    /// Moves the time forward and wakes every sleeper whose time has come.
    public func advance(to date: Date) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.now = max(state.now, date)
            let due = state.sleepers.filter { $0.until <= state.now }
            state.sleepers.removeAll { $0.until <= state.now }
            return due.map(\.wake)
        }
        for continuation in woken { continuation.resume() }
    }
}
