import Dispatch
import Foundation
import StrataCore
import Synchronization

/// Turns SIGINT and SIGTERM into a clean cancellation: the first signal stops scheduling, asks the warehouse to
/// cancel running statements (their transactions roll back) and lets the run report what finished; a second
/// SIGINT quits at once.
final class Interruption {
    private final class Received: Sendable {
        let signal = Mutex<Int32?>(nil)
    }

    private var sources: [any DispatchSourceSignal] = []
    private let state = Received()

    /// The signal that interrupted the run, if any.
    var received: Int32? { state.signal.withLock { $0 } }

    static func install(reporter: any Reporter, cancel: @escaping @Sendable () async -> Void) -> Interruption {
        let interruption = Interruption()
        let state = interruption.state
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                let first = state.signal.withLock { received -> Bool in
                    defer { if received == nil { received = signalNumber } }
                    return received == nil
                }
                guard first else {
                    if signalNumber == SIGINT { exit(130) }
                    return
                }
                let name = signalNumber == SIGINT ? "interrupted" : "terminated"
                reporter.report(.info("\(name): cancelling the run; running statements roll back (Ctrl-C again quits at once)"))
                Task { await cancel() }
            }
            source.resume()
            interruption.sources.append(source)
        }
        return interruption
    }

    /// Restores the default signal handling.
    func uninstall() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
