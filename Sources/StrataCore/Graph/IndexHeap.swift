/// A binary min-heap of node indices ordered by a caller-supplied "comes first" relation.
///
/// Used for Kahn's algorithm (smallest id first) and for the scheduler's ready queue (longest critical path
/// first), so both stay deterministic at O(log n) per operation.
struct IndexHeap {
    private var storage: [Int] = []
    private let precedes: (Int, Int) -> Bool

    /// Creates an empty heap.
    /// - Parameter precedes: true when the first index must be popped before the second; a strict total order.
    init(precedes: @escaping (Int, Int) -> Bool) {
        self.precedes = precedes
    }

    var isEmpty: Bool { storage.isEmpty }
    var count: Int { storage.count }

    mutating func push(_ element: Int) {
        storage.append(element)
        siftUp(from: storage.count - 1)
    }

    mutating func pop() -> Int? {
        guard !storage.isEmpty else { return nil }
        storage.swapAt(0, storage.count - 1)
        let top = storage.removeLast()
        if !storage.isEmpty { siftDown(from: 0) }
        return top
    }

    /// Removes every element, returning them in pop order.
    mutating func drain() -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(storage.count)
        while let next = pop() { out.append(next) }
        return out
    }

    private mutating func siftUp(from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(storage[child], storage[parent]) else { return }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        let count = storage.count
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < count, precedes(storage[left], storage[first]) { first = left }
            if right < count, precedes(storage[right], storage[first]) { first = right }
            if first == parent { return }
            storage.swapAt(parent, first)
            parent = first
        }
    }
}
