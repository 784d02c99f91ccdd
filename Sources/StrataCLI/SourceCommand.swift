import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

/// `strata source ...`: commands about sources.
struct SourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source", abstract: "Work with sources.", subcommands: [SourceRefreshCommand.self])
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
