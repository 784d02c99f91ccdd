import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics
import StrataServer

/// `strata docs ...`: the project's documentation site.
struct DocsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs", abstract: "Generate and serve the project's documentation site.",
        subcommands: [DocsGenerateCommand.self, DocsServeCommand.self])
}

/// Options shared by `docs generate` and `docs serve --live-reload`.
struct DocsGenerationOptions: ParsableArguments {
    @Flag(
        name: .customLong("empty-catalog"),
        help: "Do not read the warehouse: no column types, build state or missing-object marks.")
    var emptyCatalog = false

    @Flag(name: .customLong("no-column-lineage"), help: "Skip column-level lineage (parsing every model's SQL).")
    var noColumnLineage = false
}

/// `strata docs generate`: compiles the project and writes a self-contained static site to `target/docs/`.
struct DocsGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a self-contained docs site (models, sources, seeds, snapshots) to target/docs/index.html.",
        discussion: """
            The project is compiled and every model, seed, snapshot and source is written with its description, \
            columns and their lineage, tests, SQL and a lineage graph into one HTML file that works opened from \
            disk, offline. When the warehouse can be reached, column types come from its catalog and each node \
            shows its last build (time, duration, rows, whether it is up to date); target/catalog.json is written \
            as dbt does. The last `strata source freshness` results (target/sources.json) are shown on sources. \
            The same data is written to target/docs/docs.json.
            """)

    @OptionGroup var project: ProjectOptions
    @OptionGroup var generation: DocsGenerationOptions

    func run() async throws {
        let started = Date()
        let workspace = try Workspace.load(project, exitsAfterwards: true)
        let count = try await DocsGeneration(workspace: workspace, options: generation).write()
        let elapsed = String(format: "%.2f", Date().timeIntervalSince(started))
        let shown = workspace.compiled.project.settings.targetPath + "/docs/index.html"
        workspace.reporter.report(.info("Documented \(count) nodes in \(elapsed)s; wrote \(shown)"))
    }
}

/// One generation of the site: reads what the warehouse knows (when it can), analyses column lineage and
/// writes the files.
struct DocsGeneration {
    let workspace: Workspace
    let options: DocsGenerationOptions

    /// Writes the site.
    /// - Returns: how many nodes it documents.
    func write() async throws -> Int {
        let compiled = workspace.compiled
        let warehouse = await readWarehouse()
        let lineage =
            options.noColumnLineage
            ? nil
            : ProjectLineage.build(compiled) { parts in
                guard parts.count >= 2 else { return nil }
                return warehouse.catalogEntryColumns(
                    Relation(schema: parts[parts.count - 2], identifier: parts[parts.count - 1]))
            }
        try workspace.artifacts.writeDocs(compiled, lineage: lineage, warehouse: warehouse)
        return DocsCatalog(compiled: compiled).documentedIDs.count
    }

    /// The warehouse's catalog and state, and the recorded freshness; a warehouse that cannot be read is
    /// reported as a warning and the site says why its types and states are missing.
    func readWarehouse() async -> DocsWarehouse {
        let freshnessPath = workspace.compiled.project.targetDirectory + "/sources.json"
        let freshness = FileManager.default.contents(atPath: freshnessPath).map(RecordedFreshness.parse) ?? [:]
        if options.emptyCatalog {
            return DocsWarehouse(freshness: freshness, unavailableReason: "generated with --empty-catalog")
        }
        if case .sqlite(let path) = workspace.target.connection, !FileManager.default.fileExists(atPath: path) {
            return DocsWarehouse(freshness: freshness, unavailableReason: "the warehouse \(path) does not exist yet")
        }
        let adapter: any DatabaseAdapter
        do {
            adapter = try await Workspace.connect(workspace.target)
        } catch {
            let reason = "the warehouse could not be reached: \(Redactor.shared.redact(String(describing: error)))"
            workspace.reporter.report(.diagnostic(Self.unavailable(reason)))
            return DocsWarehouse(freshness: freshness, unavailableReason: reason)
        }
        let compiled = workspace.compiled
        var schemas = Set<String>()
        for node in compiled.nodes.values where DocsCatalog.documentedTypes.contains(node.graphNode.resourceType) {
            if let relation = node.relation { schemas.insert(relation.schema) }
        }
        do {
            // No state schema yet means nothing was built (`nodes` is then empty): every node is new.
            let state = try await StateStore(adapter: adapter).nodes(environment: "")
            let planner = SyncPlanner(compiled: compiled)
            // One catalog read serves both the column types and the plan's "is it there" question.
            let catalog = try await adapter.catalog(inSchemas: schemas.union(planner.schemas(state: state)))
            let plan = planner.plan(scope: Set(compiled.nodes.keys), state: state, existing: catalog.mapValues(\.kind))
            await adapter.close()
            return DocsWarehouse(catalog: catalog, plan: plan, freshness: freshness)
        } catch {
            await adapter.close()
            let reason = "the warehouse catalog could not be read: \(Redactor.shared.redact(String(describing: error)))"
            workspace.reporter.report(.diagnostic(Self.unavailable(reason)))
            return DocsWarehouse(freshness: freshness, unavailableReason: reason)
        }
    }

    static func unavailable(_ reason: String) -> Diagnostic {
        Diagnostic(
            .warning, code: "D3030", message: "docs without column types and build state: \(reason)",
            help: "pass --empty-catalog to document without the warehouse")
    }
}

/// `strata docs serve`: serves `target/docs/` on localhost.
struct DocsServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the docs site on localhost (generating it first when it is missing).",
        discussion: """
            Serves target/docs/ until Ctrl-C. With --live-reload the project is watched: on every change the site \
            is generated again and open pages reload themselves (off by default).
            """)

    @OptionGroup var project: ProjectOptions
    @OptionGroup var generation: DocsGenerationOptions

    @Option(name: .customLong("port"), help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .customLong("host"), help: "Address to listen on.")
    var host = "127.0.0.1"

    @Flag(
        name: .customLong("live-reload"), help: "Regenerate the site when project files change and reload open pages.")
    var liveReload = false

    func run() async throws {
        let workspace = try Workspace.load(project)
        let folder = workspace.compiled.project.targetDirectory + "/docs"
        if liveReload || !FileManager.default.fileExists(atPath: folder + "/index.html") {
            let count = try await DocsGeneration(workspace: workspace, options: generation).write()
            workspace.reporter.report(.info("Documented \(count) nodes"))
        }
        let counter = liveReload ? SiteGeneration() : nil
        let server = DocsServer(directory: folder, host: host, port: port, generation: counter)
        let reporter = workspace.reporter
        let shownHost = host.contains(":") ? "[\(host)]" : host
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run { bound in
                    reporter.report(.info("Serving docs at http://\(shownHost):\(bound)/ (Ctrl-C to stop)"))
                }
            }
            if let counter {
                group.addTask { try await watch(workspace, counter: counter) }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Polls the project's files once a second; on a change, compiles and writes the site again. A project
    /// that no longer compiles is reported and the last good site stays up.
    private func watch(_ workspace: Workspace, counter: SiteGeneration) async throws {
        let root = workspace.compiled.project.rootPath
        let skipped = workspace.compiled.project.targetDirectory
        var last = ProjectFilesStamp(root: root, skipping: skipped)
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(1))
            var now = ProjectFilesStamp(root: root, skipping: skipped)
            guard now != last else { continue }
            // Editors (and Foundation's atomic writes) save through a temporary file renamed over the original: a
            // poll between the two would see two changes. Wait until the files hold still, then build once.
            repeat {
                last = now
                try await Task.sleep(for: .milliseconds(200))
                now = ProjectFilesStamp(root: root, skipping: skipped)
            } while now != last
            do {
                let reloaded = try Workspace.load(project)
                let count = try await DocsGeneration(workspace: reloaded, options: generation).write()
                counter.advance()
                reloaded.reporter.report(.info("Project changed: documented \(count) nodes again"))
            } catch {
                workspace.reporter.report(.info("Project changed but does not compile; still serving the last site"))
            }
        }
    }
}

/// The newest modification time and the number of files below a folder (hidden folders and the target folder
/// left out): cheap to compute, and it changes whenever a file is edited, added or removed.
struct ProjectFilesStamp: Equatable {
    var newest: Date = .distantPast
    var count = 0

    init(root: String, skipping skipped: String) {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        // Compared as standardized paths: a target folder that matched no file would be rewritten by every
        // generation and trigger the next one, forever.
        let skippedPath = URL(fileURLWithPath: skipped).standardizedFileURL.path
        let keys: [URLResourceKey] = [.contentModificationDateKey, .isDirectoryKey]
        guard
            let files = FileManager.default.enumerator(
                at: rootURL, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        else { return }
        for case let url as URL in files {
            if url.standardizedFileURL.path == skippedPath || url.lastPathComponent == ".build" {
                files.skipDescendants()
                continue
            }
            guard let values = try? url.resourceValues(forKeys: Set(keys)) else { continue }
            count += 1
            if let date = values.contentModificationDate, date > newest { newest = date }
        }
    }
}
