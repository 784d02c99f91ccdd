import ArgumentParser
import Foundation
import StrataCore

/// `strata docs ...`: the project's documentation site.
struct DocsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs", abstract: "Generate the project's documentation site.",
        subcommands: [DocsGenerateCommand.self])
}

/// `strata docs generate`: compiles the project and writes a self-contained static site to `target/docs/`.
struct DocsGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a self-contained docs site (models, sources, seeds, snapshots) to target/docs/index.html.",
        discussion: """
            Needs no database: the project is compiled and every model, seed, snapshot and source is written with \
            its description, columns, tests, SQL and parents and children into one HTML file that works opened \
            from disk, offline. The same data is written to target/docs/docs.json.
            """)

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let started = Date()
        let workspace = try Workspace.load(project)
        try workspace.artifacts.writeDocs(workspace.compiled)
        let count = DocsCatalog(compiled: workspace.compiled).documentedIDs.count
        let elapsed = String(format: "%.2f", Date().timeIntervalSince(started))
        let shown = workspace.compiled.project.settings.targetPath + "/docs/index.html"
        workspace.reporter.report(.info("Documented \(count) nodes in \(elapsed)s; wrote \(shown)"))
    }
}
