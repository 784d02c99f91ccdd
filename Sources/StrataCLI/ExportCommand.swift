import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

/// `strata export NAME` runs an export of `strata.yml`; `strata export airflow` writes Airflow DAGs.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Run an export of strata.yml by hand (strata export NAME), or write Airflow DAGs (strata export airflow).",
        subcommands: [ExportRunCommand.self, ExportAirflowCommand.self],
        defaultSubcommand: ExportRunCommand.self)
}

struct ExportRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Write a model to the file, or post it to the URL, that an entry of exports: in strata.yml names.")

    /// The diagnostic code of an export name that `strata.yml` does not define.
    static let unknownExport: DiagnosticCode = "V9105"

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The export's name, from exports: in strata.yml.")
    var name: String

    func run() async throws {
        let workspace = try Workspace.load(project)
        let config = try workspace.serviceConfig()
        guard let definition = config.exports.first(where: { $0.name == name }) else {
            let known = config.exports.map(\.name)
            let suggestion = EditDistance.suggestion(for: name, among: known).map { "did you mean '\($0)'? " } ?? ""
            let help =
                known.isEmpty
                ? "strata.yml has no exports: section" : suggestion + "known exports: \(known.joined(separator: ", "))"
            let message = "no export named '\(name)' in strata.yml"
            workspace.reporter.report(.diagnostic(Diagnostic(code: Self.unknownExport, message: message, help: help)))
            throw ExitCode(2)
        }
        guard let export = try workspace.resolve([definition], in: config).first else { throw ExitCode(2) }
        let adapter = try await workspace.openAdapter()
        let succeeded = await workspace.runExport(export, adapter: adapter)
        await adapter.close()
        if !succeeded { throw ExitCode(1) }
    }
}

struct ExportAirflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airflow",
        abstract:
            "Write Airflow DAG files: one BashOperator per model, seed and snapshot running strata build --select, sensors across DAGs.",
        discussion: """
            One DAG per top-level folder of models/, seeds/ and snapshots/ (all on --schedule), or with --per schedule one \
            per entry of schedules: in strata.yml, on its cron. Files of DAGs that no longer exist are removed from the \
            output folder; other files there are left alone.
            """)

    enum Per: String, ExpressibleByArgument, CaseIterable {
        case folder, schedule
    }

    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("output-dir"), help: "Where the DAG files go (default: <target>/airflow in the project).")
    var outputDir: String?

    @Option(
        name: .customLong("per"),
        help: "folder (one DAG per top-level folder) or schedule (one per entry of schedules:).")
    var per: Per = .folder

    @Option(name: .customLong("strata-command"), help: "How Airflow workers start Strata.")
    var strataCommand = "strata"

    @Option(name: .customLong("schedule"), help: "The schedule of folder DAGs: a cron expression or an Airflow preset.")
    var schedule = "@daily"

    func run() async throws {
        let workspace = try Workspace.load(project)
        let config = try per == .schedule ? workspace.serviceConfig() : ServiceConfig()
        var export = AirflowExport(graph: workspace.compiled.graph, projectName: workspace.compiled.project.name)
        export.folderSchedule = schedule
        let dags: [AirflowDAG]
        do {
            dags = try export.dags(
                grouping: per == .folder ? .folder : .schedule, schedules: config.schedules, file: config.file)
        } catch {
            workspace.reporter.report(.diagnostic(error))
            throw ExitCode(2)
        }
        let projectDirectory = URL(fileURLWithPath: workspace.compiled.project.rootPath).standardizedFileURL.path
        var arguments: [String] = []
        if let target = project.target { arguments += ["--target", target] }
        if let profiles = project.profilesDir {
            arguments += ["--profiles-dir", URL(fileURLWithPath: profiles).standardizedFileURL.path]
        }
        let command = AirflowDAG.Command(
            strata: strataCommand, projectDirectory: projectDirectory, arguments: arguments,
            projectName: workspace.compiled.project.name)
        let directory =
            outputDir ?? (workspace.compiled.project.targetDirectory as NSString).appendingPathComponent("airflow")
        do {
            try write(dags.map { ("\($0.id).py", $0.python(command)) }, to: directory)
        } catch {
            workspace.reporter.report(
                .diagnostic(
                    Diagnostic(
                        code: AirflowExport.writeFailed,
                        message: "cannot write the DAG files to \(directory): \(error.localizedDescription)")))
            throw ExitCode(1)
        }
        let tasks = dags.reduce(0) { $0 + $1.tasks.count }
        let sensors = dags.reduce(0) { $0 + $1.sensors.count }
        workspace.reporter.report(
            .info("Wrote \(dags.count) Airflow DAGs (\(tasks) tasks, \(sensors) sensors) to \(directory)"))
    }

    /// Writes the files and removes generated files of DAGs that are gone.
    private func write(_ files: [(name: String, text: String)], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let keep = Set(files.map(\.name))
        for name in try FileManager.default.contentsOfDirectory(atPath: directory)
        where name.hasSuffix(".py") && !keep.contains(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasPrefix(AirflowDAG.generatedHeader)
            {
                try FileManager.default.removeItem(atPath: path)
            }
        }
        for file in files {
            try Data(file.text.utf8).write(
                to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(file.name)), options: .atomic)
        }
    }
}
