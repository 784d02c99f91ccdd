import ArgumentParser
import Foundation

/// Where the project is and which warehouse to use; shared by every command.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("project-dir"), help: "The project folder (holds dbt_project.yml, strata.yml or models/).")
    var projectDir: String = "."

    @Option(name: .customLong("profiles-dir"), help: "Folder holding profiles.yml (default: the project folder, $DBT_PROFILES_DIR, ~/.dbt).")
    var profilesDir: String?

    @Option(name: [.customShort("t"), .customLong("target")], help: "Target (output) name from profiles.yml or strata.yml.")
    var target: String?

    @Option(name: .customLong("target-url"), help: "Point at a database directly: sqlite:PATH (a file or a folder) or postgresql://user@host:port/db.")
    var targetURL: String?

    @Option(name: .customLong("vars"), help: "Variables as YAML or JSON, e.g. '{start_date: 2024-01-01}'.")
    var vars: String?

    @Option(name: .customLong("threads"), help: "Nodes to build at once (default: the target's threads, else the number of cores).")
    var threads: Int?

    @Option(name: .customLong("log-format"), help: "text or json (one JSON event per line).")
    var logFormat: LogFormat = .text

    @Option(name: .customLong("color"), help: "auto, always or never.")
    var color: ColorMode = .auto
}

/// Which nodes a command acts on.
struct SelectionOptions: ParsableArguments {
    @Option(name: [.customShort("s"), .customLong("select")], parsing: .upToNextOption, help: "Nodes to include (dbt selection syntax).")
    var select: [String] = []

    @Option(name: .customLong("exclude"), parsing: .upToNextOption, help: "Nodes to leave out (dbt selection syntax).")
    var exclude: [String] = []

    @Option(name: .customLong("state"), help: "A folder with the manifest.json that 'state:' selectors compare with (dbt's --state).")
    var state: String?

    @Option(name: .customLong("since"), help: "Only nodes whose files changed since this git commit, branch or tag (committed, staged, unstaged or untracked), plus their descendants; intersected with --select.")
    var since: String?
}

/// How a run behaves on failure.
struct ExecutionOptions: ParsableArguments {
    @Flag(name: [.customShort("x"), .customLong("fail-fast")], help: "Stop at the first failure.")
    var failFast = false

    @Flag(name: .customLong("full-refresh"), help: "Rebuild incremental models and reload seeds from scratch.")
    var fullRefresh = false

    @Flag(name: .customLong("store-failures"), help: "Keep the failing rows of every data test in the <schema>_dbt_test__audit schema.")
    var storeFailures = false

    @Flag(name: .customLong("no-wait"), help: "Fail at once (exit code 75) instead of waiting when another run holds the warehouse's run lock.")
    var noWait = false

    @Flag(name: .customLong("dry-run"), help: "Create every selected object inside one transaction that is rolled back: validates changes together, persists nothing.")
    var dryRun = false
}

/// Which environment a command works on.
struct EnvironmentOptions: ParsableArguments {
    @Option(name: .customLong("env"), help: "Build into isolated schemas <schema>__NAME, only what differs from production, reading the rest from production.")
    var env: String?
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum ColorMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether to colour output written to a file descriptor.
    func enabled(for descriptor: Int32) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if ProcessInfo.processInfo.environment["NO_COLOR"].map({ !$0.isEmpty }) == true { return false }
            return isatty(descriptor) == 1
        }
    }
}
