public import StrataCore
public import StrataDiagnostics
import Synchronization

/// Collects run events in memory.
public final class RecordingReporter: Reporter {
    private let storage = Mutex<[RunEvent]>([])

    /// Creates an empty recorder.
    public init() {}

    public func report(_ event: RunEvent) { storage.withLock { $0.append(event) } }

    /// Every event so far.
    public var events: [RunEvent] { storage.withLock { $0 } }

    /// Results of finished nodes by display name.
    public var results: [String: NodeResult] {
        var byName: [String: NodeResult] = [:]
        for case .nodeFinished(_, _, let result) in events { byName[result.name] = result }
        return byName
    }
}

/// Loads and compiles a project folder the way the CLI does, for tests that drive Core directly.
public struct ProjectHarness {
    /// The compiled project.
    public let compiled: CompiledProject
    /// Everything reported while loading and compiling.
    public let diagnostics: [Diagnostic]

    /// Loads and compiles a project for a target.
    /// - Parameters:
    ///   - directory: the project folder.
    ///   - target: the target templates see.
    ///   - traits: the engine's traits.
    /// - Throws: the diagnostics when there are errors.
    public init(directory: String, target: TargetInfo, traits: EngineTraits) throws(HarnessError) {
        let collector = DiagnosticCollector()
        guard let project = ProjectLoader(diagnostics: collector).load(directory: directory),
            let compiled = Compiler(project: project, target: target, traits: traits, diagnostics: collector).compile(),
            !collector.hasErrors
        else { throw HarnessError(diagnostics: collector.diagnostics) }
        self.compiled = compiled
        self.diagnostics = collector.diagnostics
    }

    /// Ids of every node of the given types.
    public func ids(_ types: Set<ResourceType>) -> Set<String> {
        Set(compiled.nodes.values.filter { types.contains($0.graphNode.resourceType) }.map(\.id))
    }

    /// Runs nodes against an adapter.
    public func run(_ ids: Set<String>, on adapter: any DatabaseAdapter, reporter: RecordingReporter = RecordingReporter(), threads: Int = 4, failFast: Bool = false) async -> RunSummary {
        let runner = Runner(compiled: compiled, adapter: adapter, reporter: reporter)
        return await runner.run(selected: ids, options: RunOptions(command: "build", threads: threads, failFast: failFast))
    }

    /// The loader or compiler reported errors.
    public struct HarnessError: Error, CustomStringConvertible {
        /// Every diagnostic recorded.
        public let diagnostics: [Diagnostic]
        public var description: String { DiagnosticRenderer().render(diagnostics) }
    }
}
