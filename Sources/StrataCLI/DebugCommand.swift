import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

/// `strata debug`: checks the project files, the target and the connection, like `dbt debug`.
struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug", abstract: "Check the project, the target and the warehouse connection; print the server's version and settings.")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let reporter = Workspace.makeReporter(project)
        let diagnostics = DiagnosticCollector()
        var lines = ["strata \(StrataCommand.configuration.version)"]
        let (loaded, target) = try Workspace.loadProjectAndTarget(project, reporter: reporter, diagnostics: diagnostics)
        lines.append("project: \(loaded.name) (\(loaded.rootPath), \(loaded.layout == .dbt ? "dbt" : "plain-SQL") layout): OK")
        lines.append("  \(loaded.models.count) models, \(loaded.seeds.count) seeds, \(loaded.sources.count) sources, \(loaded.macroFiles.count) macro files")
        lines.append("target: \(target.info.name) (type \(target.info.type), schema \(target.info.schema), threads \(target.info.threads))")
        switch target.connection {
        case .sqlite(let path):
            lines.append("  database file: \(path)")
        case .postgres(let config):
            lines.append("  connection: \(config) sslmode=\(config.sslMode)")
            lines.append("  password: \(config.password?.isEmpty == false ? "set (hidden)" : "not set (PGPASSWORD or ~/.pgpass are tried)")")
        }
        print(lines.joined(separator: "\n"))
        let adapter = try await Workspace.openAdapter(target, reporter: reporter)
        do {
            let facts = try await adapter.serverInfo()
            let width = facts.map(\.0.count).max() ?? 0
            print("connection: OK")
            for (label, value) in facts {
                print("  \(label.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)")
            }
            await adapter.close()
            print("All checks passed!")
        } catch {
            await adapter.close()
            reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "debug")))
            throw ExitCode(2)
        }
    }
}
