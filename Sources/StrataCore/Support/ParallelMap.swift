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
        return inputs.withUnsafeBufferPointer { buffer in
            let base = UnsafeBufferPointerBox(buffer)
            return results(count: buffer.count, chunkSize: chunkSize) { transform(base.buffer[$0]) }
        }
    }

    /// Changes every element in place on all cores, returning what each change returned, in order. An element
    /// the array alone holds is changed without a copy: mapped instead, a copy-on-write element would be shared by
    /// the input array and the copy being changed, and its first change would copy every field.
    @discardableResult
    static func update<Element: Sendable, Output: Sendable>(
        _ elements: inout [Element], serialBelow: Int = 65, chunkSize: Int = 32,
        _ change: @Sendable (inout Element) -> Output
    ) -> [Output] {
        update(&elements, serialBelow: serialBelow, chunkSize: chunkSize) { _, element in change(&element) }
    }

    /// `update`, with each element's index.
    @discardableResult
    static func update<Element: Sendable, Output: Sendable>(
        _ elements: inout [Element], serialBelow: Int = 65, chunkSize: Int = 32,
        _ change: @Sendable (Int, inout Element) -> Output
    ) -> [Output] {
        guard elements.count >= serialBelow else { return elements.indices.map { change($0, &elements[$0]) } }
        return elements.withUnsafeMutableBufferPointer { buffer in
            let base = UnsafeMutableBufferPointerBox(buffer)
            return results(count: buffer.count, chunkSize: chunkSize) { change($0, &base.buffer[$0]) }  // one worker an index
        }
    }

    private static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// `work` for every index below `count`, chunk by chunk on all cores; its outputs in index order.
    private static func results<Output: Sendable>(
        count: Int, chunkSize: Int, _ work: @Sendable (Int) -> Output
    ) -> [Output] {
        let results = ResultSlots<Output>(count: count)
        // Workers take the next chunk as they finish one, so the last chunk taken may run alone at the end: a few
        // inputs of uneven weight (properties files, say) in chunks of 32 left one core idle for a fifth of the
        // work. Chunks are made small enough that every core takes several.
        let chunkSize = max(1, min(chunkSize, count / (8 * Self.cores)))
        DispatchQueue.concurrentPerform(iterations: (count + chunkSize - 1) / chunkSize) { chunk in
            let start = chunk * chunkSize
            for index in start..<min(start + chunkSize, count) { results.store(work(index), at: index) }
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

/// Lets workers change the elements of a buffer, each its own; it is only used while
/// `withUnsafeMutableBufferPointer` is active.
private struct UnsafeMutableBufferPointerBox<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
