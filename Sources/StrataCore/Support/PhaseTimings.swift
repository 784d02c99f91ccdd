import Foundation

/// Wall time of the phases of a command, printed to standard error when `STRATA_PHASE_TIMES` is set: where a
/// slow `strata compile` spends its time, without a profiler. Off by default, so measuring costs one branch.
public final class PhaseTimings: Sendable {
    public static let shared = PhaseTimings(enabled: ProcessInfo.processInfo.environment["STRATA_PHASE_TIMES"] != nil)

    public let enabled: Bool
    private let start = DispatchTime.now().uptimeNanoseconds

    init(enabled: Bool) { self.enabled = enabled }

    /// Runs `body` and, when enabled, prints how long it took, the CPU time all threads spent in it (about the wall
    /// time: the phase ran on one core; twice it: on two) and the process's peak memory so far.
    @discardableResult
    public func measure<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let began = DispatchTime.now().uptimeNanoseconds
        let cpuBefore = Self.usage().cpuSeconds
        let result = try body()
        let ended = DispatchTime.now().uptimeNanoseconds
        let after = Self.usage()
        let padded = phase.count < 34 ? phase + String(repeating: " ", count: 34 - phase.count) : phase
        let line = String(
            format: "[phase] %@ %8.1f ms, CPU %8.1f ms  (at %7.1f ms, peak RSS %4d MB)\n", padded,
            Double(ended - began) / 1e6, (after.cpuSeconds - cpuBefore) * 1e3, Double(ended - start) / 1e6,
            after.peakMegabytes)
        FileHandle.standardError.write(Data(line.utf8))
        return result
    }

    private static func usage() -> (cpuSeconds: Double, peakMegabytes: Int) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss / 1024)
    }
}
