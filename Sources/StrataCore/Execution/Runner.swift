import Foundation
import StrataDiagnostics
import Synchronization

/// Options that shape one run; passed explicitly, never read from globals.
public struct RunOptions: Sendable {
    /// The command, as written to artifacts (`build`, `run`, `seed`).
    public var command: String
    /// Maximum nodes building at once.
    public var threads: Int
    /// Stop scheduling new nodes after the first failure.
    public var failFast: Bool
    /// Rebuild incremental models and reload seeds from scratch.
    public var fullRefresh: Bool
    /// Keep every data test's failing rows in the audit schema (`--store-failures`).
    public var storeFailures: Bool
    /// Where and how built objects are recorded in the warehouse state; nil records nothing.
    public var state: StateRecording?
    /// Environment variables script models get: the target's connection (`STRATA_TARGET_TYPE`,
    /// `STRATA_DATABASE_URL` or `STRATA_DATABASE_PATH`, and libpq's `PG*`).
    public var scriptEnvironment: [String: String] = [:]

    /// Creates options.
    public init(
        command: String, threads: Int, failFast: Bool = false, fullRefresh: Bool = false, storeFailures: Bool = false,
        state: StateRecording? = nil
    ) {
        self.command = command
        self.threads = max(1, threads)
        self.failFast = failFast
        self.fullRefresh = fullRefresh
        self.storeFailures = storeFailures
        self.state = state
    }
}

/// How a run records what it builds in the warehouse state.
public struct StateRecording: Sendable {
    /// The state tables.
    public var store: StateStore
    /// `""` for production, else the environment's name.
    public var environment: String
    /// The project's revision.
    public var git: GitRevision?
    /// The run's id (the invocation id).
    public var runID: String

    /// Creates a recording.
    public init(store: StateStore, environment: String, git: GitRevision?, runID: String) {
        self.store = store
        self.environment = environment
        self.git = git
        self.runID = runID
    }
}

/// Builds the selected nodes of a compiled project in dependency order, in parallel, reporting as it goes.
public struct Runner: Sendable {
    let compiled: CompiledProject
    let adapter: any DatabaseAdapter
    let reporter: any Reporter
    let artifacts: ArtifactWriter?

    /// Creates a runner.
    /// - Parameters:
    ///   - compiled: the compiled project.
    ///   - adapter: the warehouse.
    ///   - reporter: receives progress events.
    ///   - artifacts: where executed SQL is written (`target/run/`), if anywhere.
    public init(compiled: CompiledProject, adapter: any DatabaseAdapter, reporter: any Reporter, artifacts: ArtifactWriter? = nil) {
        self.compiled = compiled
        self.adapter = adapter
        self.reporter = reporter
        self.artifacts = artifacts
    }

    /// Runs the selected nodes.
    /// - Parameters:
    ///   - selected: unique ids to run; ephemeral models among them are resolved but not executed.
    ///   - options: run options.
    /// - Returns: every executed node's result.
    public func run(selected: Set<String>, options: RunOptions) async -> RunSummary {
        let started = Date()
        let executable = selected.filter { compiled.nodes[$0]?.isExecutable == true }
        reporter.report(.started(command: options.command, total: executable.count))
        do {
            let schemas = Set(executable.compactMap { compiled.nodes[$0]?.relation?.schema })
            try await adapter.createSchemas(schemas)
            let federated = federatedSources(readBy: executable)
            for line in try await adapter.prepareFederatedSources(federated, refresh: false) { reporter.report(.info(line)) }
        } catch {
            let diagnostic = DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil)
            reporter.report(.diagnostic(diagnostic))
            let summary = RunSummary(results: [failureResult(message: diagnostic.message, started: started)], elapsed: Date().timeIntervalSince(started))
            reporter.report(.finished(summary))
            return summary
        }
        if let failure = await runProjectHooks(compiled.onRunStartSQL, kind: "on-run-start", started: started) { return failure }
        let fingerprints = options.state == nil ? [:] : NodeFingerprint.all(compiled)
        let progress = ProgressCounter(total: executable.count)
        let rebuilt = Set(executable.compactMap { compiled.nodes[$0]?.relation })
        let collected = Mutex<[NodeResult]>([])
        // Ephemeral models stay in the schedule as instant no-ops so a failure upstream of one still skips
        // the models that read it.
        let scheduled = selected.filter { compiled.nodes[$0].map { $0.isExecutable || $0.materialization == "ephemeral" } ?? false }
        let scheduler = DAGScheduler(
            graph: compiled.graph, selected: scheduled,
            options: SchedulerOptions(concurrency: options.threads, failFast: options.failFast))
        let outcomes = await scheduler.run(
            { graphNode in
                guard let node = compiled.nodes[graphNode.id], node.isExecutable else { return .success }
                let index = progress.start()
                reporter.report(.nodeStarted(index: index, total: executable.count, nodeID: node.id, description: startDescription(node)))
                let result = await build(node, options: options, rebuilt: rebuilt, fingerprints: fingerprints)
                collected.withLock { $0.append(result) }
                reporter.report(.nodeFinished(index: index, total: executable.count, result: result))
                if let diagnostic = result.diagnostic { reporter.report(.diagnostic(diagnostic)) }
                return result.status == .error || result.status == .fail ? .failure(message: result.message) : .success
            },
            onFinish: { _, _ in })
        var results = collected.withLock { $0 }
        for (id, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
            guard case .skipped(let reason) = outcome, let node = compiled.nodes[id], node.isExecutable else { continue }
            let now = Date()
            let result = NodeResult(
                nodeID: id, name: node.graphNode.name, resourceType: node.graphNode.resourceType, status: .skipped,
                message: "skipped: \(reason)", subject: subject(node), startedAt: now, completedAt: now, relation: node.relation)
            results.append(result)
            reporter.report(.nodeFinished(index: progress.start(), total: executable.count, result: result))
        }
        if let failure = await runProjectHooks(compiled.onRunEndSQL, kind: "on-run-end", started: started) {
            results += failure.results
        }
        let summary = RunSummary(results: results, elapsed: Date().timeIntervalSince(started))
        reporter.report(.finished(summary))
        return summary
    }

    /// The federated sources that the given nodes read (directly), which must be imported before they run.
    func federatedSources(readBy ids: Set<String>) -> [FederatedSource] {
        let declared = compiled.project.federatedSources
        guard !declared.isEmpty else { return [] }
        let sourceNames = Dictionary(compiled.project.sources.map { ($0.id, $0.sourceName) }, uniquingKeysWith: { first, _ in first })
        var names: Set<String> = []
        for id in ids {
            for parent in compiled.graph.parents(of: id) {
                if let name = sourceNames[parent] { names.insert(name) }
            }
        }
        return declared.filter { names.contains($0.sourceName) }
    }

    private func startDescription(_ node: CompiledNode) -> String { subject(node) }

    /// `view core.deals`, `seed file raw.members`: what a progress line says is being built.
    func subject(_ node: CompiledNode) -> String {
        let name = node.relation?.description ?? node.graphNode.name
        switch node.graphNode.resourceType {
        case .seed: return "seed file \(name)"
        case .source: return "file source \(name)"
        default: return "\(node.materialization) \(name)"
        }
    }

    /// Statements that record a node in the warehouse state, for the adapter to run when it commits the object.
    private func stateStatements(
        for node: CompiledNode, options: RunOptions, started: Date, fingerprints: [String: String], rowCount: Int? = nil
    ) -> @Sendable () -> [String] {
        guard let recording = options.state, let relation = node.relation, let checksum = fingerprints[node.id] else { return { [] } }
        let parents = NodeFingerprint.parents(of: node.id, in: compiled, fingerprints: fingerprints)
        let sql = node.compiledCode ?? ""
        let (id, materialization) = (node.id, node.materialization)
        return {
            let now = Date()
            let state = NodeState(
                environment: recording.environment, nodeID: id, relation: Relation(schema: relation.schema, identifier: relation.identifier),
                materialization: materialization, checksum: checksum, parentChecksums: parents, compiledSQL: sql,
                gitCommit: recording.git?.commit, gitDirty: recording.git?.dirty ?? false, builtAt: now,
                duration: now.timeIntervalSince(started), rowCount: rowCount, runID: recording.runID)
            return recording.store.recordStatements(for: state)
        }
    }

    private func build(_ node: CompiledNode, options: RunOptions, rebuilt: Set<Relation>, fingerprints: [String: String]) async -> NodeResult {
        if node.graphNode.resourceType == .test { return await runTest(node, options: options) }
        if node.graphNode.resourceType == .unitTest { return await runUnitTest(node) }
        let started = Date()
        do {
            let response: AdapterResponse
            let verb: String
            switch node.graphNode.resourceType {
            case .model where node.language == .script:
                guard let relation = node.relation else { throw DatabaseError(message: "model \(node.id) has no relation") }
                let (table, stderr) = try await ScriptRun(node: node, environment: options.scriptEnvironment).table()
                if let artifacts { artifacts.write(stderr, to: artifacts.runPath(for: node) + ".stderr") }
                response = try await adapter.loadSeed(
                    relation, table: table, physical: try PhysicalConfig(node: node),
                    stateStatements: stateStatements(for: node, options: options, started: started, fingerprints: fingerprints, rowCount: table.rowCount))
                verb = "loaded \(table.rowCount) rows from script into"
            case .source:
                guard let relation = node.relation else { throw DatabaseError(message: "source \(node.id) has no relation") }
                if try await isLoaded(node, relation: relation, options: options, fingerprints: fingerprints) {
                    return NodeResult(
                        nodeID: node.id, name: node.graphNode.name, resourceType: .source, status: .success,
                        message: "files unchanged, kept \(relation)", subject: subject(node), startedAt: started,
                        completedAt: Date(), relation: relation)
                }
                let table = try FileSourceTable.table(for: node)
                response = try await adapter.loadSeed(
                    relation, table: table, physical: .none,
                    stateStatements: stateStatements(for: node, options: options, started: started, fingerprints: fingerprints, rowCount: table.rowCount))
                verb = "loaded \(node.fileSource?.files.count ?? 0) files into"
            case .seed:
                guard let relation = node.relation else { throw DatabaseError(message: "seed \(node.id) has no relation") }
                let table = try SeedFile.table(for: node)
                response = try await adapter.loadSeed(
                    relation, table: table, physical: try PhysicalConfig(node: node),
                    stateStatements: stateStatements(for: node, options: options, started: started, fingerprints: fingerprints, rowCount: table.rowCount))
                verb = "loaded seed file"
            default:
                guard let relation = node.relation, let sql = node.compiledCode else {
                    throw DatabaseError(message: "node \(node.id) was not compiled")
                }
                let recordState = stateStatements(for: node, options: options, started: started, fingerprints: fingerprints)
                let physical = try PhysicalConfig(node: node)
                try await runHooks(node.preHookSQL, node: node)
                if node.materialization == "incremental" {
                    (response, verb) = try await buildIncremental(
                        node, relation: relation, options: options, rebuilt: rebuilt, physical: physical, stateStatements: recordState)
                } else if node.materialization == "snapshot" {
                    (response, verb) = try await buildSnapshot(node, relation: relation, stateStatements: recordState)
                    try await adapter.applyPhysicalConfig(physical, to: relation, kind: .table)
                } else {
                    let runSQL = try await runTimeSQL(for: node) ?? sql
                    artifacts?.writeRunSQL(node, sql: runSQL)
                    response = try await adapter.materialize(
                        MaterializationRequest(
                            relation: relation, kind: RelationKind(building: node.materialization), sql: runSQL, nodeID: node.id,
                            rebuiltLater: rebuilt, physical: physical, stateStatements: recordState))
                    verb = "created \(node.materialization)"
                }
                if node.config["history"]?.boolValue == true, node.materialization != "snapshot" {
                    try await recordHistory(of: node, relation: relation)
                }
                try await runHooks(node.postHookSQL, node: node)
            }
            return NodeResult(
                nodeID: node.id, name: node.graphNode.name, resourceType: node.graphNode.resourceType, status: .success,
                message: "\(verb) \(node.relation?.description ?? node.graphNode.name)", subject: subject(node), adapterResponse: response,
                startedAt: started, completedAt: Date(), relation: node.relation, compiledCode: node.compiledCode)
        } catch {
            let diagnostic = diagnostic(for: error, building: node)
            return NodeResult(
                nodeID: node.id, name: node.graphNode.name, resourceType: node.graphNode.resourceType, status: .error,
                message: diagnostic.message, subject: subject(node), startedAt: started, completedAt: Date(), relation: node.relation,
                diagnostic: diagnostic, compiledCode: node.compiledCode)
        }
    }

    /// Whether a file source's table holds its files as they are now: the state recorded the same fingerprint
    /// and the table exists. (`--full-refresh` reloads anyway.)
    private func isLoaded(
        _ node: CompiledNode, relation: Relation, options: RunOptions, fingerprints: [String: String]
    ) async throws -> Bool {
        guard !options.fullRefresh, let recording = options.state, let fingerprint = fingerprints[node.id] else { return false }
        let recorded = try await recording.store.node(node.id, environment: recording.environment)
        guard recorded?.checksum == fingerprint else { return false }
        return try await adapter.relationKind(relation) != nil
    }

    /// The diagnostic of a node that failed to build, pointing at its SQL (or, for a seed, its CSV file: a seed has
    /// no compiled SQL to point at).
    func diagnostic(for error: any Error, building node: CompiledNode) -> Diagnostic {
        let runPath = node.graphNode.resourceType == .seed ? nil : artifacts?.displayRunPath(for: node)
        return DatabaseDiagnostics.diagnostic(for: error, node: node, artifactPath: runPath)
    }

    func failureResult(message: String, started: Date) -> NodeResult {
        NodeResult(nodeID: "run", name: "run", resourceType: .operation, status: .error, message: message, startedAt: started, completedAt: Date())
    }
}

/// Hands out 1-based progress indexes in start order.
final class ProgressCounter: Sendable {
    private let next = Mutex(0)
    let total: Int

    init(total: Int) { self.total = total }

    func start() -> Int { next.withLock { $0 += 1; return $0 } }
}
