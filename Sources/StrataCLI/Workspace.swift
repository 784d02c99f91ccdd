import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics
import StrataPostgres
import StrataSQLite
import Synchronization

/// A warehouse connection started early (see `Workspace.load(_:connectingForRun:)`), handed to the first caller
/// that claims it.
final class WarehouseOpening: Sendable {
    private let connecting: Task<Result<any DatabaseAdapter, any Error>, Never>
    private let claimed = Mutex(false)

    init(_ target: ResolvedTarget, forRun: Bool) {
        connecting = Task {
            do { return .success(try await Workspace.connect(target, forRun: forRun)) } catch { return .failure(error) }
        }
    }

    /// The wait for the connection, once; nil when it was claimed before.
    func claim() -> (@Sendable () async throws -> any DatabaseAdapter)? {
        guard claimed.withLock({ claimed in defer { claimed = true }; return !claimed }) else { return nil }
        return { [connecting] in try await connecting.value.get() }
    }
}

/// Everything a command needs after the project was loaded and compiled: the one place that names concrete
/// adapters.
struct Workspace {
    let options: ProjectOptions
    let reporter: any Reporter
    let compiled: CompiledProject
    let target: ResolvedTarget
    let artifacts: ArtifactWriter
    /// The warehouse connecting while the project compiled, when the command asked for it.
    var opening: WarehouseOpening? = nil

    /// Loads and compiles the project; prints every diagnostic and exits with code 2 when any is an error.
    /// - Parameter connectingForRun: the command builds next: a PostgreSQL warehouse starts connecting (with the
    ///   run lock's connection) as soon as the target is known, while the project compiles, since the two take
    ///   about as long for a small project. A connection failure is reported only when `run` opens the warehouse,
    ///   after any error in the project.
    /// - Parameter exitsAfterwards: the command exits once its work is done: what compiling sets aside, and the
    ///   compiled project itself, are kept until it exits instead of being freed object by object (`ReleasePolicy`).
    static func load(_ options: ProjectOptions, connectingForRun: Bool = false, exitsAfterwards: Bool = false) throws -> Workspace {
        if exitsAfterwards { ReleasePolicy.keepUntilExit() }
        let reporter = makeReporter(options)
        let diagnostics = DiagnosticCollector()
        let phases = PhaseTimings.shared
        let (project, target) = try phases.measure("load project files, target") {
            try loadProjectAndTarget(options, reporter: reporter, diagnostics: diagnostics)
        }
        // Only PostgreSQL: opening SQLite would create the database file of a project that may not compile.
        var opening: WarehouseOpening? = nil
        if connectingForRun, case .postgres = target.connection { opening = WarehouseOpening(target, forRun: true) }
        let cliVars = try parseVars(options.vars, diagnostics: diagnostics)
        let compiler = Compiler(project: project, target: target.info, traits: traits(for: target), cliVars: cliVars, diagnostics: diagnostics)
        let compiled = phases.measure("compile (all)") { compiler.compile() }
        guard let compiled, !diagnostics.hasErrors else { try fail(diagnostics, reporter) }
        for warning in diagnostics.diagnostics { reporter.report(.diagnostic(warning)) }
        let artifacts = ArtifactWriter(
            targetPath: project.targetDirectory, displayTargetPath: project.settings.targetPath, invocationID: invocationID)
        // In a large project the compiled project is hundreds of thousands of objects: freeing them one by one as a
        // one-shot command returns costs a tenth of a second for nothing.
        if exitsAfterwards { ReleasePolicy.keep(compiled) }
        return Workspace(options: options, reporter: reporter, compiled: compiled, target: target, artifacts: artifacts, opening: opening)
    }

    /// Reads the project files and resolves the target, without compiling (what `strata debug` checks first).
    static func loadProjectAndTarget(
        _ options: ProjectOptions, reporter: any Reporter, diagnostics: DiagnosticCollector
    ) throws -> (Project, ResolvedTarget) {
        let loader = ProjectLoader(diagnostics: diagnostics)
        guard let project = loader.load(directory: options.projectDir) else {
            try fail(diagnostics, reporter)
        }
        do {
            let target = try TargetResolver(renderText: ProfileRenderer.render).resolve(
                project: project, targetName: options.target, targetURL: options.targetURL,
                profilesDir: options.profilesDir, threads: options.threads)
            if case .postgres(let config) = target.connection, let password = config.password { Redactor.shared.register(password) }
            for source in project.federatedSources {
                if let password = source.remote.password, !password.isEmpty { Redactor.shared.register(password) }
            }
            return (project, target)
        } catch {
            diagnostics.emit(error)
            try fail(diagnostics, reporter)
        }
    }

    /// The run's id: `strata serve` names the runs it starts (`STRATA_INVOCATION_ID`) to find them in the state.
    static var invocationID: String {
        if let given = ProcessInfo.processInfo.environment["STRATA_INVOCATION_ID"], !given.isEmpty, given.count <= 64,
           given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            return given
        }
        return UUID().uuidString.lowercased()
    }

    /// Who started the run, for the run history: a run started by `strata serve` says which schedule or token.
    var invokedBy: String {
        guard let via = ProcessInfo.processInfo.environment["STRATA_INVOKED_BY"], !via.isEmpty else { return applicationName }
        return "\(via): \(applicationName)"
    }

    /// What `pg_stat_activity` shows for our sessions: the command and who runs it from where.
    var applicationName: String { Self.applicationName }

    static var applicationName: String {
        let command = CommandLine.arguments.dropFirst().first ?? "strata"
        let user = ProcessInfo.processInfo.environment["USER"] ?? getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "?"
        return "strata \(command) (pid \(getpid()) on \(ProcessInfo.processInfo.hostName), user \(user))"
    }

    /// Opens the warehouse.
    /// - Parameter forRun: the caller takes the run lock next; its connection is opened alongside.
    func openAdapter(forRun: Bool = false) async throws -> any DatabaseAdapter {
        let early = forRun ? opening?.claim() : nil
        return try await Self.reportingFailure(reporter) {
            if let early { return try await early() }
            return try await Self.connect(target, forRun: forRun)
        }
    }

    /// Opens a target's warehouse; reports a failure and exits with code 2.
    static func openAdapter(_ target: ResolvedTarget, reporter: any Reporter, forRun: Bool = false) async throws -> any DatabaseAdapter {
        try await reportingFailure(reporter) { try await connect(target, forRun: forRun) }
    }

    /// The warehouse `connecting` opens; a failure is reported (what failed and what to check) and exits with code 2.
    private static func reportingFailure(
        _ reporter: any Reporter, _ connecting: () async throws -> any DatabaseAdapter
    ) async throws -> any DatabaseAdapter {
        do {
            return try await connecting()
        } catch {
            reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "connection")))
            throw ExitCode(2)
        }
    }

    /// What script models are told about the warehouse: its type, where it is, and libpq's variables, so
    /// `psql`, psycopg or sqlite3 connect with no arguments.
    var scriptEnvironment: [String: String] {
        var variables = ["STRATA_TARGET_TYPE": target.info.type, "STRATA_TARGET_NAME": target.info.name]
        switch target.connection {
        case .sqlite(let path):
            variables["STRATA_DATABASE_PATH"] = path
        case .postgres(let config):
            variables["STRATA_DATABASE_URL"] = config.description
            variables["PGHOST"] = config.host
            variables["PGPORT"] = String(config.port)
            variables["PGUSER"] = config.user
            variables["PGDATABASE"] = config.database
            variables["PGSSLMODE"] = config.sslMode
            if let password = config.password { variables["PGPASSWORD"] = password }
        }
        return variables
    }

    /// Opens a target's warehouse, leaving failures to the caller.
    static func connect(_ target: ResolvedTarget, forRun: Bool = false) async throws -> any DatabaseAdapter {
        switch target.connection {
        case .sqlite(let path):
            return try await SQLiteAdapter.open(path: path)
        case .postgres(let config):
            // One connection per thread, plus one for the queries templates run while a model renders.
            return try await PostgresAdapter.open(
                config, connections: target.info.threads + 1, applicationName: applicationName, reservingLockConnection: forRun)
        }
    }

    /// The nodes a command acts on.
    func select(_ selection: SelectionOptions, resourceTypes: Set<ResourceType>) throws -> Set<String> {
        do {
            let include = selection.select.isEmpty ? nil : try SelectorParser.parse(selection.select)
            let exclude = selection.exclude.isEmpty ? nil : try SelectorParser.parse(selection.exclude)
            let selector = try self.selector(for: selection, include: include, exclude: exclude)
            if let include {
                for warning in selector.unmatchedDiagnostics(include) { reporter.report(.diagnostic(warning)) }
            }
            var selected = selector.select(include, exclude: exclude)
            if let changed = try changedSince(selection) { selected.formIntersection(changed) }
            return selected.filter { id in compiled.graph.node(id).map { resourceTypes.contains($0.resourceType) } ?? false }
        } catch {
            reporter.report(.diagnostic(error))
            throw ExitCode(2)
        }
    }

    /// Writes compiled SQL for the selected nodes and the manifest.
    func writeCompiledArtifacts(for ids: Set<String>) {
        let phases = PhaseTimings.shared
        // Writing thousands of small files is mostly the kernel's work and the manifest mostly ours: side by side.
        let compiledSQL = ids.compactMap { compiled.nodes[$0] }
        let writtenSQL = BackgroundWork { [artifacts] in
            phases.measure("write target/compiled/") { artifacts.writeCompiledSQL(compiledSQL) }
        }
        writeManifest()
        _ = writtenSQL.value
    }

    /// Writes `target/manifest.json`; a failure is a warning (P1060), since the command's work does not need it.
    /// - Parameter compiledCode: whether nodes carry their compiled SQL (not after `parse`).
    func writeManifest(compiledCode: Bool = true) {
        do {
            try PhaseTimings.shared.measure("write target/manifest.json") { try artifacts.writeManifest(compiled, compiledCode: compiledCode) }
        } catch {
            reporter.report(
                .diagnostic(
                    Diagnostic(
                        .warning, code: "P1060", message: "cannot write manifest.json: \(error)",
                        help: "the build goes on without it; free space or fix the target folder's permissions")))
        }
    }

    /// Builds the selected nodes, writes run results and exits 1 if anything failed (130 or 143 when interrupted
    /// by SIGINT or SIGTERM, 75 when another run holds the warehouse and `--no-wait` was given).
    ///
    /// Every object built is recorded in the warehouse state in the transaction that builds it, and the run in
    /// `strata.runs`. With an environment, only what differs from production is built, into the environment's
    /// schemas. `narrow` (for `sync`) may narrow the nodes once the warehouse is open.
    func run(
        _ ids: Set<String>, command: String, execution: ExecutionOptions, environment: String? = nil,
        narrow: ((RunRequest, any DatabaseAdapter) async throws -> RunRequest)? = nil
    ) async throws {
        try checkEnvironmentName(environment)
        // Exports write to production destinations: never from an environment's or a dry run's objects.
        let exports = environment == nil && !execution.dryRun ? try afterBuildExports() : []
        // git runs while the warehouse connects: the run record needs the commit only once the run starts.
        let rootPath = compiled.project.rootPath
        let gitRevision = Task.detached { GitChanges.revision(of: rootPath) }
        writeCompiledArtifacts(for: ids)
        let adapter = try await openAdapter(forRun: true)
        let lock = try await acquireRunLock(adapter, noWait: execution.noWait)
        // Signals are handled from here on: an interrupt while the state is read still cancels cleanly.
        let started = Mutex<Task<RunSummary, Never>?>(nil)
        let interruption = Interruption.install(reporter: reporter) {
            started.withLock { $0 }?.cancel()
            let cancelled = await adapter.cancelRunning()
            if cancelled > 0 { reporter.report(.info("asked the warehouse to cancel \(cancelled) running statement\(cancelled == 1 ? "" : "s")")) }
        }
        let store = StateStore(adapter: adapter)
        let request: RunRequest
        do {
            if !execution.dryRun { try await store.migrate() }
            var prepared = RunRequest(compiled: compiled, ids: ids, environment: environment ?? "")
            if let environment { prepared = try await environmentRequest(ids, environment: environment, adapter: adapter, store: store) }
            if let narrow { prepared = try await narrow(prepared, adapter) }
            request = prepared
        } catch {
            reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "state")))
            interruption.uninstall()
            await lock.release()
            await adapter.close()
            throw ExitCode(2)
        }
        let runID = artifacts.invocationID
        let recording = execution.dryRun ? nil : StateRecording(store: store, environment: request.environment, git: await gitRevision.value, runID: runID)
        let options = {
            var options = RunOptions(
                command: command, threads: target.info.threads, failFast: execution.failFast,
                fullRefresh: execution.fullRefresh, storeFailures: execution.storeFailures, state: recording)
            options.scriptEnvironment = scriptEnvironment
            return options
        }()
        var scheduled = request.compiled
        if command == "build" || command == "sync" { scheduled.graph = scheduled.buildGraph(selected: request.ids) }
        var record = RunRecord(
            runID: runID, environment: request.environment, command: command,
            selection: Redactor.shared.redact(CommandLine.arguments.dropFirst().joined(separator: " ")),
            invokedBy: invokedBy, git: recording?.git, startedAt: Date())
        if recording != nil { try? await store.record(record) }
        let runner = Runner(compiled: scheduled, adapter: adapter, reporter: reporter, artifacts: artifacts)
        let dryRun = execution.dryRun
        let runIDs = request.ids
        let runTask = Task { dryRun ? await runner.dryRun(selected: runIDs, options: options) : await runner.run(selected: runIDs, options: options) }
        started.withLock { $0 = runTask }
        if interruption.received != nil { runTask.cancel() }
        var summary = await runTask.value
        interruption.uninstall()
        if !request.orphans.isEmpty, !summary.hasFailures, interruption.received == nil {
            summary.results += await prune(request.orphans, environment: request.environment, adapter: adapter, store: store)
        }
        if recording != nil {
            record.finish(summary, interrupted: interruption.received != nil)
            try? await store.record(record)
        }
        let exported = interruption.received == nil ? await runExports(exports, after: summary, adapter: adapter) : true
        async let released: Void = lock.release()
        await adapter.close()
        await released
        if !dryRun {
            try? artifacts.writeRunResults(summary, arguments: ["which": .string(command), "threads": .int(options.threads), "target": .string(target.info.name)])
        }
        if let signal = interruption.received { throw ExitCode(128 + signal) }
        if summary.hasFailures || !exported { throw ExitCode(1) }
    }

    /// Takes the warehouse's run lock for this project and target, telling the user whom it waits for.
    func acquireRunLock(_ adapter: any DatabaseAdapter, noWait: Bool) async throws -> any RunLock {
        let name = "\(compiled.project.name) on \(target.info.database)/\(target.info.schema)"
        let reporter = self.reporter
        let policy: RunLockPolicy = noWait ? .failImmediately : .wait { holder in
            reporter.report(.info("waiting for the run lock on \(name), held by \(holder?.description ?? "another run") (--no-wait fails instead)"))
        }
        do {
            return try await adapter.acquireRunLock(name: name, application: applicationName, policy: policy)
        } catch let busy as RunLockBusy {
            reporter.report(.diagnostic(Diagnostic(code: "D3010", message: busy.description, help: "wait for it to finish, or run without --no-wait to queue behind it")))
            await adapter.close()
            throw ExitCode(75)
        } catch {
            reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil)))
            await adapter.close()
            throw ExitCode(2)
        }
    }

    static func makeReporter(_ options: ProjectOptions) -> any Reporter {
        switch options.logFormat {
        case .json: return JSONReporter()
        case .text: return TerminalReporter(colored: options.color.enabled(for: STDERR_FILENO))
        }
    }

    private static func fail(_ diagnostics: DiagnosticCollector, _ reporter: any Reporter) throws -> Never {
        let all = diagnostics.diagnostics
        for diagnostic in all { reporter.report(.diagnostic(diagnostic)) }
        let errors = all.count(where: { $0.severity == .error })
        reporter.report(.info("\(errors) error\(errors == 1 ? "" : "s") found; nothing was run"))
        throw ExitCode(2)
    }

    private static func traits(for target: ResolvedTarget) -> EngineTraits {
        switch target.connection {
        case .sqlite: return SQLiteAdapter.engineTraits
        case .postgres: return PostgresAdapter.engineTraits
        }
    }

    private static func parseVars(_ text: String?, diagnostics: DiagnosticCollector) throws -> [String: ConfigValue] {
        guard let text, !text.isEmpty else { return [:] }
        let file = SourceFile(path: "--vars", text: text)
        let node: YAMLNode?
        do {
            node = try YAMLParser.parse(file)
        } catch {
            diagnostics.emit(error)
            return [:]
        }
        guard let node else { return [:] }
        guard let dict = node.value.dictValue else {
            diagnostics.emit(.error("P1061", "--vars must be a YAML or JSON mapping", in: file, at: SourceSpan(start: 0, end: text.utf8.count)))
            return [:]
        }
        return dict
    }
}
