import Synchronization

/// A render variable made only when a template first reads it, then kept: for a context value that is costly to
/// build and that most templates never read (dbt's `model`, a dictionary of the node's every field). One instance
/// passed to several renders (a model and its hooks) gives them all the same value.
public final class LazyValue: Sendable {
    private let make: @Sendable () -> Value
    private let made = Mutex<Value?>(nil)

    public init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    /// The value, made on first read.
    public var value: Value {
        made.withLock { made in
            if let made { return made }
            let value = make()
            made = value
            return value
        }
    }
}
