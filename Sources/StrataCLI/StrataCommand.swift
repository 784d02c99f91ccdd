public import ArgumentParser

/// The `strata` command line.
public struct StrataCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Build a warehouse's curated layer from a folder of SQL files, fast.",
        discussion: """
            Strata reads plain-SQL projects (models/<schema>/<name>.sql, dependencies inferred from the SQL) and dbt
            projects (dbt_project.yml, ref(), source()), and builds them in dependency order, in parallel, on an
            embedded SQLite file (the default) or PostgreSQL.
            """,
        version: "0.1.0",
        subcommands: [
            BuildCommand.self, RunCommand.self, SeedCommand.self, SnapshotCommand.self, TestCommand.self, CompileCommand.self, ParseCommand.self, ListCommand.self,
            QueryCommand.self, GraphCommand.self, PlanCommand.self, SyncCommand.self, EnvCommand.self, SourceCommand.self, DebugCommand.self, InitCommand.self, CleanCommand.self,
            LintCommand.self, LineageCommand.self, DocsCommand.self, ReplicateCommand.self, ServeCommand.self, ExportCommand.self,
        ]
    )

    public init() {}
}

extension StrataCommand {
    /// Parses the process arguments and runs the chosen subcommand; the executable's whole body.
    public static func runFromCommandLine() async {
        // Called from an async context so the asynchronous `main()` overload is chosen.
        await main(nil)
    }
}
