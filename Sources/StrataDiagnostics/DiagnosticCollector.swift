import Synchronization

/// A thread-safe bag of diagnostics: loading and compiling record every problem here and execution starts only if
/// no error was recorded.
public final class DiagnosticCollector: Sendable {
    private let storage = Mutex<[Diagnostic]>([])

    /// Creates an empty collector.
    public init() {}

    /// Records one diagnostic.
    public func emit(_ diagnostic: Diagnostic) {
        storage.withLock { $0.append(diagnostic) }
    }

    /// Records several diagnostics.
    public func emit(contentsOf diagnostics: some Sequence<Diagnostic>) {
        let list = Array(diagnostics)
        guard !list.isEmpty else { return }
        storage.withLock { $0.append(contentsOf: list) }
    }

    /// Everything recorded, errors first, then in file and line order so output is stable whatever the thread timing.
    public var diagnostics: [Diagnostic] {
        storage.withLock { $0 }.sorted(by: Self.displayOrder)
    }

    /// Whether any error was recorded.
    public var hasErrors: Bool { storage.withLock { $0.contains { $0.severity == .error } } }

    /// Number of recorded errors.
    public var errorCount: Int { storage.withLock { $0.count(where: { $0.severity == .error }) } }

    /// The stable order in which diagnostics are printed.
    public static func displayOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        let leftPath = lhs.primary?.file.path ?? lhs.path ?? ""
        let rightPath = rhs.primary?.file.path ?? rhs.path ?? ""
        if leftPath != rightPath { return leftPath < rightPath }
        let leftStart = lhs.primary?.span.start ?? 0
        let rightStart = rhs.primary?.span.start ?? 0
        if leftStart != rightStart { return leftStart < rightStart }
        return lhs.message < rhs.message
    }
}
