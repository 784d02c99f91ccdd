import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics
import StrataPostgres
import StrataServer

/// `strata serve`: one long-running process for schedules, the data API, run triggers, docs and metrics.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run schedules and serve the data API, run history, docs site and metrics over HTTP.",
        discussion: """
            Reads schedules:, exports: and serve: from strata.yml (beside dbt_project.yml in a dbt project). \
            Schedules run one at a time, each as its own 'strata <command>' process that waits for the warehouse's \
            run lock; their history, per-node timings and logs are kept in the warehouse state (strata.runs). \
            The API is described at /openapi.json. Tokens come from serve.tokens or STRATA_API_TOKEN (read and run) \
            and STRATA_API_READ_TOKEN (read); without any, the server only listens on a loopback address. \
            SIGTERM or Ctrl-C stops taking requests, cancels the running run cleanly and exits.
            """)

    @OptionGroup var project: ProjectOptions
    /// How the docs site is generated when it is missing.
    @OptionGroup var docs: DocsGenerationOptions

    @Option(name: .customLong("host"), help: "Address to listen on (default serve.host, else 127.0.0.1).")
    var host: String?

    @Option(name: .customLong("port"), help: "Port to listen on, 0 for a free one (default serve.port, else 8080).")
    var port: Int?

    @Flag(name: .customLong("no-schedules"), help: "Serve the API without running the schedules.")
    var noSchedules = false

    func run() async throws {
        let workspace = try Workspace.load(project)
        let reporter = workspace.reporter
        let compiled = workspace.compiled
        let config = try workspace.serviceConfig(serve: true)
        let host = host ?? config.serve.host ?? "127.0.0.1"
        let port = port ?? config.serve.port ?? 8080
        if config.serve.tokens.isEmpty, !Self.isLoopback(host) {
            reporter.report(.diagnostic(Diagnostic(
                code: "V9010", message: "refusing to serve the data API on \(host) without tokens",
                help: "add serve.tokens to strata.yml or set STRATA_API_TOKEN, or listen on 127.0.0.1", path: "strata.yml")))
            throw ExitCode(2)
        }
        let folder = compiled.project.targetDirectory + "/docs"
        if !FileManager.default.fileExists(atPath: folder + "/index.html") {
            let count = try await DocsGeneration(workspace: workspace, options: docs).write()
            reporter.report(.info("Documented \(count) nodes"))
        }
        let adapter = try await workspace.openAdapter()
        let store = StateStore(adapter: adapter)
        let catalog = DataCatalog()
        do {
            try await store.migrate()
            try await catalog.refresh(compiled: compiled, adapter: adapter)
        } catch {
            reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "state")))
            await adapter.close()
            throw ExitCode(2)
        }
        let engine: DataQuery.Engine = adapter.traits.name == "postgres" ? .postgres : .sqlite
        var readRole = config.serve.readRole
        if readRole != nil, engine == .sqlite {
            reporter.report(.info("serve.read_role is ignored on SQLite: data is read through a read-only connection"))
            readRole = nil
        }
        let reader: any DatabaseAdapter
        if case .postgres(let connection) = workspace.target.connection {
            do {
                reader = try await PostgresAdapter.openReadOnly(
                    connection, connections: max(4, workspace.target.info.threads + 1), role: readRole,
                    applicationName: "strata serve (data API)")
            } catch {
                reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "the data API's read role")))
                await adapter.close()
                throw ExitCode(2)
            }
        } else {
            reader = adapter
        }
        let metrics = ServiceMetrics()
        let queue = RunQueue(
            executable: Self.executable, arguments: childArguments(root: compiled.project.rootPath), store: store,
            metrics: metrics,
            onFinished: {
                // A run may have created models or changed columns.
                try? await catalog.refresh(compiled: compiled, adapter: adapter)
            })
        let schedules = noSchedules ? [] : config.schedules
        let scheduler = Scheduler(schedules: schedules)
        for (schedule, next) in scheduler.nextFires(after: Date()) {
            let when = next.map { "next at \(StateStore.timestamp($0))" } ?? "never fires"
            reporter.report(.info("schedule \(schedule.name): \(schedule.command.rawValue) '\(schedule.cron)' (\(schedule.timeZone.identifier == "GMT" ? "UTC" : schedule.timeZone.identifier)), \(when)"))
        }
        let server = ServiceServer(
            host: host, port: port, engine: engine, adapter: adapter, reader: reader, catalog: catalog, queue: queue, store: store,
            metrics: metrics, tokens: config.serve.tokens, readRole: readRole, docsDirectory: folder, scheduler: scheduler)
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let modelCount = catalog.all.count
        do {
            try await server.run { bound in
                reporter.report(.info("Serving \(modelCount) models at http://\(shownHost):\(bound)/api/models (docs at /, API at /openapi.json; Ctrl-C to stop)"))
            }
        } catch {
            if engine == .postgres { await reader.close() }
            await adapter.close()
            reporter.report(.info("strata serve stopped: \(error)"))
            throw ExitCode(1)
        }
        if engine == .postgres { await reader.close() }
        await adapter.close()
        reporter.report(.info("strata serve stopped"))
    }

    /// The project options a run needs, passed on to each `strata <command>` the server starts.
    func childArguments(root: String) -> [String] {
        var arguments = ["--project-dir", root]
        if let target = project.target { arguments += ["--target", target] }
        if let url = project.targetURL { arguments += ["--target-url", url] }
        if let profiles = project.profilesDir { arguments += ["--profiles-dir", URL(fileURLWithPath: profiles).standardizedFileURL.path] }
        if let vars = project.vars { arguments += ["--vars", vars] }
        if let threads = project.threads { arguments += ["--threads", String(threads)] }
        return arguments
    }

    /// This binary, to start runs with.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
