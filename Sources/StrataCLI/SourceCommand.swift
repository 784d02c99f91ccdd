import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

/// `strata source ...`: commands about sources.
struct SourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source", abstract: "Work with sources.", subcommands: [SourceRefreshCommand.self, SourceFreshnessCommand.self])
}

/// `strata source refresh`: imports federated (postgres_fdw) sources' tables again, to pick up remote schema
/// changes; views reading them are recreated in the same transaction.
struct SourceRefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh", abstract: "Re-import the tables of federated (postgres_fdw) sources to pick up remote schema changes.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Source names to refresh (default: every federated source).")
    var names: [String] = []

    func run() async throws {
        let workspace = try Workspace.load(project)
        let declared = workspace.compiled.project.federatedSources
        let unknown = names.filter { name in !declared.contains { $0.sourceName == name } }
        if !unknown.isEmpty {
            let known = declared.map(\.sourceName).joined(separator: ", ")
            workspace.reporter.report(.diagnostic(Diagnostic(
                code: "P1034", message: "no federated source named \(unknown.joined(separator: ", "))",
                help: known.isEmpty ? "declare one under a source's config: federated:" : "federated sources: \(known)")))
            throw ExitCode(2)
        }
        let chosen = names.isEmpty ? declared : declared.filter { names.contains($0.sourceName) }
        let adapter = try await workspace.openAdapter()
        let lock = try await workspace.acquireRunLock(adapter, noWait: false)
        do {
            for line in try await adapter.prepareFederatedSources(chosen, refresh: true) { workspace.reporter.report(.info(line)) }
            await lock.release()
            await adapter.close()
        } catch {
            await lock.release()
            await adapter.close()
            workspace.reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "source refresh")))
            throw ExitCode(1)
        }
    }
}

/// `strata source freshness`: checks how recently each selected source table was loaded against its freshness
/// rule, prints dbt's PASS/WARN/ERROR STALE lines, writes `sources.json` and exits 1 when any table is an error.
struct SourceFreshnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freshness",
        abstract: "Check the selected sources' freshness rules and write target/sources.json; exit 1 when any is stale past error_after.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions

    @Option(name: [.customShort("o"), .customLong("output")], help: "Where to write the results (default: target/sources.json).")
    var output: String?

    func run() async throws {
        let started = Date()
        let workspace = try Workspace.load(project)
        let reporter = workspace.reporter
        let ids = try workspace.select(selection, resourceTypes: [.source])
        workspace.writeCompiledArtifacts(for: [])
        let (checks, withoutField) = FreshnessCheck.checks(in: workspace.compiled, selected: ids)
        for source in withoutField {
            reporter.report(.diagnostic(Diagnostic(
                .warning, code: "P1036", message: "source '\(source.sourceName).\(source.tableName)' has a freshness rule but no loaded_at_field; not checked",
                primary: source.declaration, help: "add loaded_at_field: <timestamp column> to the table or its source")))
        }
        let unruled = ids.count - checks.count - withoutField.count
        if unruled > 0 {
            reporter.report(.info("\(unruled) selected source table\(unruled == 1 ? " has" : "s have") no freshness rule and \(unruled == 1 ? "is" : "are") not checked"))
        }
        reporter.report(.started(command: "source freshness", total: checks.count))
        var results: [FreshnessResult] = []
        if !checks.isEmpty {
            let adapter = try await workspace.openAdapter()
            results = await FreshnessRunner(adapter: adapter, reporter: reporter).run(checks)
            await adapter.close()
        }
        let elapsed = Date().timeIntervalSince(started)
        do {
            try workspace.artifacts.writeSourceFreshness(results, elapsed: elapsed, to: output.map { URL(fileURLWithPath: $0).path })
        } catch {
            reporter.report(.diagnostic(Diagnostic(.warning, code: "P1037", message: "cannot write the freshness results: \(error)")))
        }
        reporter.report(.finished(RunSummary(results: results.map(\.nodeResult), elapsed: elapsed)))
        if results.contains(where: { $0.status == .error || $0.status == .runtimeError }) { throw ExitCode(1) }
    }
}
