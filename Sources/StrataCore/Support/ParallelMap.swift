import Dispatch
import Foundation

/// Maps an array on all cores. Compilation work (rendering, SQL analysis) is pure and per node, so it splits
/// into independent chunks; results keep the input order.
enum ParallelMap {
    /// - Parameters:
    ///   - serialBelow: inputs this few are mapped on the calling thread (the work is too small to share).
    ///   - chunkSize: inputs a worker takes at a time.
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], serialBelow: Int = 65, chunkSize: Int = 32, _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        guard inputs.count >= serialBelow else { return inputs.map(transform) }
        let results = ResultSlots<Output>(count: inputs.count)
        let chunks = (inputs.count + chunkSize - 1) / chunkSize
        inputs.withUnsafeBufferPointer { buffer in
            let base = UnsafeBufferPointerBox(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * chunkSize
                for index in start..<min(start + chunkSize, inputs.count) {
                    results.store(transform(base.buffer[index]), at: index)
                }
            }
        }
        return results.takeValues()
    }
}

/// Output slots written by exactly one worker each; reading happens after `concurrentPerform` returned,
/// which orders every write before it.
private final class ResultSlots<Output>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Output?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    private var taken = false

    deinit {
        if !taken { slots.deinitialize(count: count) }
        slots.deallocate()
    }

    func store(_ value: Output, at index: Int) { slots[index] = value }

    /// The outputs, moved out rather than copied (a copy retains every reference in them, and the slots' release
    /// again): read once.
    func takeValues() -> [Output] {
        precondition(!taken, "the outputs were already taken")
        taken = true
        return (0..<count).map { (slots + $0).move()! }
    }
}

/// Lets workers read the input buffer; it is only read while `withUnsafeBufferPointer` is active.
private struct UnsafeBufferPointerBox<Element>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>
    init(_ buffer: UnsafeBufferPointer<Element>) { self.buffer = buffer }
}

/// Work started on another thread now and collected later, for a result needed only after other work the calling
/// thread does meanwhile (the manifest's parent map while its child map is made).
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
/// thousands of objects, one by one) does not hold up the caller, which goes on with its next step.
func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
    let box = ReleasedValue(value)
    Thread { box.value = nil }.start()
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
