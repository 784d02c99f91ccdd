import Dispatch
import Foundation
import Synchronization

/// Work started on another thread now and collected later, for a result needed only after other work the calling
/// thread does meanwhile: the manifest's parent and child maps while its nodes are written, a large graph's ranks
/// while its edges are linked, the models' graph while the data tests compile.
///
/// The work gets a thread of its own rather than a global dispatch queue: the caller is usually a worker of
/// dispatch's pool itself (Swift concurrency's executor), and a pool with one worker per core adds another only
/// when its monitor notices the blocked one, which on a one-core machine took up to a second.
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    // Written once by the worker before it signals; read only by the caller after waiting, which orders the two.
    private var result: Value?
    private var collected = false

    public init(_ work: @escaping @Sendable () -> Value) {
        Thread {
            self.result = work()
            self.finished.signal()
        }.start()
    }

    /// The result, waiting for the work if it is still running. Call from one thread.
    public var value: Value {
        if !collected {
            finished.wait()
            collected = true
        }
        return result!
    }
}

/// Lets the last reference to `value` go on another thread, so that freeing a large structure (tens of
/// thousands of objects, one by one) does not hold up the caller, which goes on with its next step; or, in a
/// command that exits once its work is done, keeps it until then (`ReleasePolicy`).
func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
    if ReleasePolicy.keepsUntilExit.load(ordering: .relaxed) { return ReleasePolicy.keep(value) }
    let box = ReleasedValue(value)
    Thread { box.value = nil }.start()
}

/// How large intermediate structures are let go. A command that exits once its work is done keeps them until it
/// exits, when the system takes the whole heap back at once: freeing tens of thousands of objects one by one is
/// CPU time the command's own work wants (clang's `-disable-free`). A long-running process (`strata serve`)
/// frees them, on a thread of their own.
public enum ReleasePolicy {
    /// From now on, values handed to `releaseInBackground` are kept until the process exits.
    public static func keepUntilExit() { keepsUntilExit.store(true, ordering: .relaxed) }

    /// Keeps `value` until the process exits.
    public static func keep(_ value: some Sendable) { kept.withLock { $0.append(value) } }

    static let keepsUntilExit = Atomic<Bool>(false)
    private static let kept = Mutex<[any Sendable]>([])
}

private final class ReleasedValue<Value: Sendable>: @unchecked Sendable {
    // Set once by the initializer and cleared once by the releasing thread; nothing else reads it.
    var value: Value?
    init(_ value: consuming Value) { self.value = value }
}

/// A thread of its own that runs closures in the order they were given, for work the caller hands off and waits
/// for later (see `BackgroundWork` for why not a dispatch queue). The thread ends once `finish()` was called and
/// the work given before it has run.
final class SerialThread: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [@Sendable () -> Void] = []
    private var finishing = false
    private let ended = DispatchSemaphore(value: 0)

    init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Runs `work` after everything given before it.
    func async(_ work: @escaping @Sendable () -> Void) {
        condition.withLock {
            precondition(!finishing, "work given to a finished SerialThread")
            pending.append(work)
            condition.signal()
        }
    }

    /// Lets the thread end after the work given so far; `async` may not be called afterwards.
    func finish() {
        condition.withLock {
            finishing = true
            condition.signal()
        }
    }

    /// Waits until the thread ended, after `finish()`. Not from the thread's own work.
    func waitUntilFinished() {
        ended.wait()
        ended.signal()  // for a later wait
    }

    private func run() {
        while true {
            let batch: [@Sendable () -> Void]
            condition.lock()
            while pending.isEmpty && !finishing { condition.wait() }
            (batch, pending) = (pending, [])
            let last = finishing
            condition.unlock()
            for work in batch { work() }
            if last && batch.isEmpty { break }
        }
        ended.signal()
    }
}
