/// A growable run of bytes for writing large documents (the manifest's nodes): appending is a capacity check and a
/// copy. Appending to a `[UInt8]` also checks that the array is not shared and goes through the generic
/// `append(contentsOf:)`, which cost about 70 instructions a call: several hundred thousand calls in a manifest.
///
/// A reference type, so a writer and the nested writers it opens append to one buffer without moving it around.
/// Used on one thread at a time: a finished buffer may be handed to another thread (the manifest's pieces go to the
/// thread writing the file) and is not touched again by the one that filled it.
final class ByteBuffer: @unchecked Sendable {
    // Read and written on every append; one thread at a time, never two accesses at once.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    convenience init(_ bytes: some Collection<UInt8>) {
        self.init(capacity: bytes.count)
        if bytes.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) == nil {
            for byte in bytes { append(byte) }
        }
    }

    deinit { base.deallocate() }

    /// The bytes written so far, valid until the next append.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always) func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always) func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if capacity - count < bytes.count { grow(toHold: count + bytes.count) }
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    /// `"key":`, after a comma unless it is an object's first: one capacity check for the five appends that are
    /// most of a manifest's.
    @inline(__always) func appendKey(_ key: StaticString, afterComma: Bool) {
        let length = key.utf8CodeUnitCount
        if capacity - count < length + 4 { grow(toHold: count + length + 4) }
        var next = base + count
        if afterComma {
            next.initialize(to: UInt8(ascii: ","))
            next += 1
        }
        next.initialize(to: UInt8(ascii: "\""))
        (next + 1).initialize(from: key.utf8Start, count: length)
        next += 1 + length
        next.initialize(to: UInt8(ascii: "\""))
        (next + 1).initialize(to: UInt8(ascii: ":"))
        count = next + 2 - base
    }

    /// Appends what `body` writes straight into the buffer: it is handed room for `maximumCount` bytes and
    /// returns how many it wrote. For writers that would otherwise check the capacity byte by byte.
    @inline(__always) func appendInPlace(maximumCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if capacity - count < maximumCount { grow(toHold: count + maximumCount) }
        count += body(base + count)
    }

    func append(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private func grow(toHold needed: Int) {
        let grown = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.initialize(from: base, count: count)
        base.deallocate()
        (base, capacity) = (moved, grown)
    }
}
