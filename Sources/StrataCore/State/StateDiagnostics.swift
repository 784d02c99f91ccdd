public import StrataDiagnostics

/// Problems with the inputs of state and change selection (`--state`, `--since`).
public enum StateDiagnostics {
    /// `G4201`: a `state:` criterion was used without `--state`.
    public static func stateRequired(_ spec: SelectionSpec) -> Diagnostic {
        let raw = spec.criteria.first { $0.method == .state }?.raw ?? "state:"
        return Diagnostic(
            .error, code: "G4201", message: "'\(raw)' compares with a saved manifest, but no --state was given",
            help: "pass --state DIR, a folder holding the manifest.json of the run to compare with (such as a copy of target/)")
    }

    /// `G4202`: the `--state` folder holds no readable `manifest.json`.
    public static func unreadableState(path: String, reason: String) -> Diagnostic {
        Diagnostic(
            .error, code: "G4202", message: "cannot read the --state manifest: \(reason)",
            help: "--state names a folder holding manifest.json (written by 'strata compile' or dbt)", path: path)
    }

    /// `G4203`: `--since` could not list the files changed since a git revision.
    public static func changesUnavailable(since ref: String, reason: String) -> Diagnostic {
        Diagnostic(
            .error, code: "G4203", message: "cannot list the files changed since '\(ref)': \(reason)",
            help: "--since needs the project inside a git work tree and a commit, branch or tag that exists there")
    }
}
