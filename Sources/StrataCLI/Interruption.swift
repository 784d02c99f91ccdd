import Dispatch
import Foundation
import StrataCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the pipe the signal handler forwards signal numbers into. A handler may call nothing but
/// async-signal-safe functions, so it only writes one byte; everything else happens on a normal thread.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

private let forwardSignal: @convention(c) (Int32) -> Void = { signalNumber in
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: signalNumber)
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = savedErrno
}

/// Turns SIGINT and SIGTERM into a clean cancellation: the first signal stops scheduling, asks the warehouse to
/// cancel running statements (their transactions roll back) and lets the run report what finished; a second
/// SIGINT quits at once.
///
/// The handler is a plain `sigaction` feeding a pipe (the self-pipe pattern) that a thread of our own reads,
/// rather than a Dispatch signal source: Dispatch registers its source asynchronously, and a signal arriving before
/// that — while the disposition had to be SIG_IGN to keep the default action from killing us — was silently lost.
/// `sigaction` takes effect at once, and bytes written to the pipe wait until they are read.
final class Interruption {
    private final class Received: Sendable {
        let signal = Mutex<Int32?>(nil)
    }

    private static let handled: [Int32] = [SIGINT, SIGTERM]
    private let state = Received()
    private var writeEnd: Int32 = -1
    private var previousActions: [Int32: sigaction] = [:]

    /// The signal that interrupted the run, if any.
    var received: Int32? { state.signal.withLock { $0 } }

    static func install(reporter: any Reporter, cancel: @escaping @Sendable () async -> Void) -> Interruption {
        let interruption = Interruption()
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            reporter.report(.info("cannot watch for Ctrl-C (pipe: \(String(cString: strerror(errno)))); an interrupt will stop the run abruptly"))
            return interruption
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // A full pipe must not block the handler: one pending byte per signal is plenty.
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        signalPipeWriteEnd = ends[1]

        let state = interruption.state
        let readEnd = ends[0]
        let writeEnd = ends[1]
        // A thread of our own waits on the pipe, with the signals unblocked: Dispatch blocks them in its worker
        // threads and in the main thread once it parks there, so without it no thread might take a process-wide
        // signal at all (it would stay pending, and the run would go on as if nothing happened).
        let watcher = Thread {
            var handledSet = sigset_t()
            sigemptyset(&handledSet)
            for signalNumber in handled { sigaddset(&handledSet, signalNumber) }
            pthread_sigmask(SIG_UNBLOCK, &handledSet, nil)
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count < 0, errno == EINTR { continue }
                guard count == 1, byte != 0 else { break }
                let signalNumber = Int32(byte)
                let first = state.signal.withLock { received -> Bool in
                    defer { if received == nil { received = signalNumber } }
                    return received == nil
                }
                guard first else {
                    if signalNumber == SIGINT { exit(130) }
                    continue
                }
                let name = signalNumber == SIGINT ? "interrupted" : "terminated"
                reporter.report(.info("\(name): cancelling the run; running statements roll back (Ctrl-C again quits at once)"))
                Task { await cancel() }
            }
            close(readEnd)
        }
        watcher.name = "strata signals"
        watcher.start()
        interruption.writeEnd = writeEnd

        for signalNumber in handled {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = forwardSignal
            #else
            action.__sigaction_u.__sa_handler = forwardSignal
            #endif
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            var previous = sigaction()
            sigaction(signalNumber, &action, &previous)
            interruption.previousActions[signalNumber] = previous
        }
        return interruption
    }

    /// Restores the signal handling that was in place before `install`.
    func uninstall() {
        for (signalNumber, var previous) in previousActions { sigaction(signalNumber, &previous, nil) }
        previousActions = [:]
        signalPipeWriteEnd = -1
        guard writeEnd >= 0 else { return }
        // A zero byte tells the watcher thread to stop.
        var stop: UInt8 = 0
        _ = write(writeEnd, &stop, 1)
        close(writeEnd)
        writeEnd = -1
    }
}
