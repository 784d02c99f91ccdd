/// Held while a run changes the warehouse, so two runs never interleave their DDL on one warehouse.
public protocol RunLock: Sendable {
    /// Lets the next run in.
    func release() async
}

/// Who holds a run lock, as the waiting run tells its user.
public struct RunLockHolder: Sendable, Hashable, CustomStringConvertible {
    /// E.g. `strata build (pid 4242 on ci-runner-3, user deploy)`.
    public var application: String
    /// Since when, as the engine reports it.
    public var since: String?

    /// Creates a description.
    public init(application: String, since: String?) {
        self.application = application
        self.since = since
    }

    public var description: String { application + (since.map { " since \($0)" } ?? "") }
}

/// What to do when another run holds the lock.
public enum RunLockPolicy: Sendable {
    /// Wait for it, calling `waiting` once with the holder.
    case wait(waiting: @Sendable (RunLockHolder?) -> Void)
    /// Fail at once with `RunLockBusy`.
    case failImmediately
}

/// Another run holds the warehouse's run lock (and `--no-wait` was given).
public struct RunLockBusy: Error, Sendable, CustomStringConvertible {
    /// The lock's name.
    public var name: String
    /// Who holds it, when the engine can tell.
    public var holder: RunLockHolder?

    /// Creates the error.
    public init(name: String, holder: RunLockHolder?) {
        self.name = name
        self.holder = holder
    }

    public var description: String {
        "another run holds the lock on \(name)" + (holder.map { ": \($0)" } ?? "")
    }
}
