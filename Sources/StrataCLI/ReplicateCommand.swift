import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics
import StrataPostgres

/// `strata replicate`: copies the tables `replication.yml` lists from a source PostgreSQL into the warehouse —
/// in full the first time (into a scratch table swapped in atomically), then incrementally by cursor, with the
/// source's schema changes applied and every batch's progress committed with it.
struct ReplicateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replicate",
        abstract: "Copy selected tables from a source PostgreSQL into the warehouse (configured in replication.yml).",
        discussion: """
            The first run copies each table in full; later runs copy the rows whose cursor column moved on and \
            update them by primary key. A run stopped anywhere (Ctrl-C, a lost connection, a crash) resumes where \
            its last batch landed. Exit codes: 0 done, 1 a table failed, 2 the config or a connection is wrong, \
            130/143 interrupted.
            """)

    @OptionGroup var project: ProjectOptions

    @Option(
        name: .customLong("config"), help: "The replication config (default: replication.yml in the project folder).")
    var config: String?

    @Option(
        name: [.customShort("s"), .customLong("select")], parsing: .upToNextOption,
        help: "Tables to copy (target or source names; default: all).")
    var select: [String] = []

    @Flag(name: .customLong("full-refresh"), help: "Copy the selected tables in full again.")
    var fullRefresh = false

    @Option(
        name: .customLong("batch-size"),
        help: "Rows per batch; each batch is committed with its progress (default 50000).")
    var batchSize: Int = 50_000

    @Option(name: .customLong("watch"), help: "Run again every SECONDS until Ctrl-C (which stops between batches).")
    var watch: Double?

    @Flag(
        name: .customLong("no-wait"),
        help: "Fail at once (exit code 75) when another replicate run holds the warehouse.")
    var noWait = false

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if let watch, watch < 0 { throw ValidationError("--watch must not be negative") }
    }

    func run() async throws {
        let reporter = Workspace.makeReporter(project)
        let diagnostics = DiagnosticCollector()
        let (loaded, target) = try Workspace.loadProjectAndTarget(project, reporter: reporter, diagnostics: diagnostics)
        let config = try loadConfig(projectRoot: loaded.rootPath, reporter: reporter, diagnostics: diagnostics)
        let tables = try selectedTables(config, reporter: reporter)
        let source: ReplicationReader
        do {
            source = try await ReplicationReader.open(config.source, applicationName: Workspace.applicationName)
        } catch {
            var error = error
            if var failure = error as? DatabaseError {
                failure.message = "replication source \(config.source): \(failure.message)"
                error = failure
            }
            reporter.report(
                .diagnostic(
                    DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "connection")))
            throw ExitCode(2)
        }
        let checked: [CheckedTable]
        do {
            guard
                let found = try await Replicator.check(tables, config: config, source: source, diagnostics: diagnostics)
            else {
                await source.close()
                try fail(diagnostics, reporter)
            }
            checked = found
        } catch let exit as ExitCode {
            throw exit
        } catch {
            await source.close()
            reporter.report(
                .diagnostic(
                    DatabaseDiagnostics.diagnostic(
                        for: error, node: nil, artifactPath: nil, subject: "reading the source catalog")))
            throw ExitCode(2)
        }
        try await replicate(
            checked, config: config, source: source, target: target, projectName: loaded.name, reporter: reporter)
    }

    private func replicate(
        _ checked: [CheckedTable], config: ReplicationConfig, source: ReplicationReader, target: ResolvedTarget,
        projectName: String,
        reporter: any Reporter
    ) async throws {
        let adapter: any DatabaseAdapter
        do {
            adapter = try await Workspace.openAdapter(target, reporter: reporter, forRun: true)
        } catch {
            await source.close()
            throw error
        }
        guard let warehouse = adapter as? any ReplicationTarget else {
            reporter.report(
                .diagnostic(
                    Diagnostic(
                        code: "R8010", message: "the \(adapter.traits.name) warehouse cannot receive replicated tables")
                ))
            throw ExitCode(2)
        }
        let lock: any RunLock
        do {
            lock = try await adapter.acquireRunLock(
                name: "replicate \(projectName) on \(target.info.database)", application: Workspace.applicationName,
                policy: noWait
                    ? .failImmediately
                    : .wait(waiting: { holder in
                        reporter.report(
                            .info("waiting for the replicate lock, held by \(holder?.description ?? "another run")"))
                    }))
            try await StateStore(adapter: adapter).migrate()
        } catch {
            await source.close()
            await adapter.close()
            if let busy = error as? RunLockBusy {
                reporter.report(
                    .diagnostic(
                        Diagnostic(
                            code: "D3010", message: busy.description,
                            help: "wait for it to finish, or run without --no-wait")))
                throw ExitCode(75)
            }
            reporter.report(
                .diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "state")))
            throw ExitCode(2)
        }
        let stop = ReplicationStop()
        let interruption = Interruption.install(reporter: reporter) {
            stop.request()
            reporter.report(.info("replicate stops after the batch it is writing; the next run resumes from there"))
        }
        let output = ReplicationOutput(format: project.logFormat, reporter: reporter)
        let replicator = Replicator(
            source: source, target: warehouse, config: config, batchSize: batchSize, stop: stop,
            events: { output.handle($0) })
        var failed = false
        var tables = checked
        var cycle = 0
        while true {
            cycle += 1
            let started = Date()
            if cycle > 1 {
                tables = await recheck(tables, config: config, source: source, reporter: reporter) ?? tables
            }
            do {
                let outcomes = try await replicator.runOnce(tables, fullRefresh: fullRefresh && cycle == 1)
                failed = failed || outcomes.contains { $0.status == .failed }
                output.summary(outcomes, elapsed: Date().timeIntervalSince(started))
            } catch {
                reporter.report(
                    .diagnostic(
                        DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "state")))
                failed = true
            }
            guard let watch, !stop.requested else { break }
            let wakeUp = Date().addingTimeInterval(watch)
            while Date() < wakeUp, !stop.requested { try? await Task.sleep(for: .milliseconds(100)) }
            if stop.requested { break }
        }
        interruption.uninstall()
        await source.close()
        async let released: Void = lock.release()
        await adapter.close()
        await released
        if let signal = interruption.received { throw ExitCode(128 + signal) }
        if failed { throw ExitCode(1) }
    }

    /// In watch mode the source's columns are read again before every cycle; a table that no longer checks
    /// keeps its previous shape (and fails if the source really changed under it).
    private func recheck(
        _ tables: [CheckedTable], config: ReplicationConfig, source: ReplicationReader, reporter: any Reporter
    ) async -> [CheckedTable]? {
        let diagnostics = DiagnosticCollector()
        guard
            let fresh = try? await Replicator.check(
                tables.map(\.table), config: config, source: source, diagnostics: diagnostics)
        else {
            for diagnostic in diagnostics.diagnostics { reporter.report(.diagnostic(diagnostic)) }
            return nil
        }
        return fresh
    }

    private func loadConfig(projectRoot: String, reporter: any Reporter, diagnostics: DiagnosticCollector) throws
        -> ReplicationConfig
    {
        let path =
            config.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            ?? URL(fileURLWithPath: projectRoot).appendingPathComponent("replication.yml").path
        guard let data = FileManager.default.contents(atPath: path) else {
            reporter.report(
                .diagnostic(
                    Diagnostic(
                        code: "R8000", message: "no replication config at \(path)",
                        help:
                            "create replication.yml in the project folder (source, target_schema, tables), or pass --config PATH"
                    )))
            throw ExitCode(2)
        }
        let display =
            config
            ?? (project.projectDir == "."
                ? "replication.yml"
                : (project.projectDir.hasSuffix("/") ? project.projectDir : project.projectDir + "/")
                    + "replication.yml")
        let file = SourceFile(path: display, text: String(decoding: data, as: UTF8.self))
        guard let parsed = ReplicationConfig.parse(file, diagnostics: diagnostics), !diagnostics.hasErrors else {
            try fail(diagnostics, reporter)
        }
        if let password = parsed.source.password, !password.isEmpty { Redactor.shared.register(password) }
        return parsed
    }

    private func selectedTables(_ config: ReplicationConfig, reporter: any Reporter) throws -> [ReplicatedTable] {
        guard !select.isEmpty else { return config.tables }
        let wanted = Set(
            select.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } })
        func names(_ table: ReplicatedTable) -> Set<String> {
            [
                table.targetName, "\(config.targetSchema).\(table.targetName)", table.source.identifier,
                "\(table.source.schema).\(table.source.identifier)",
            ]
            .reduce(into: Set<String>()) { $0.insert($1.lowercased()) }
        }
        let chosen = config.tables.filter { !names($0).isDisjoint(with: wanted) }
        let matched = chosen.reduce(into: Set<String>()) { $0.formUnion(names($1)) }
        let unmatched = wanted.subtracting(matched).sorted()
        if !unmatched.isEmpty {
            let known = config.tables.map(\.targetName)
            let suggestion = unmatched.first.flatMap { EditDistance.suggestion(for: $0, among: known) }
            reporter.report(
                .diagnostic(
                    Diagnostic(
                        code: "R8007",
                        message:
                            "--select names no table of the replication config: \(unmatched.joined(separator: ", "))",
                        help: suggestion.map { "did you mean '\($0)'?" } ?? "tables: \(known.joined(separator: ", "))"))
            )
            throw ExitCode(2)
        }
        return chosen
    }

    private func fail(_ diagnostics: DiagnosticCollector, _ reporter: any Reporter) throws -> Never {
        let all = diagnostics.diagnostics
        for diagnostic in all { reporter.report(.diagnostic(diagnostic)) }
        let errors = all.count(where: { $0.severity == .error })
        reporter.report(.info("\(errors) error\(errors == 1 ? "" : "s") found; nothing was copied"))
        throw ExitCode(2)
    }
}
