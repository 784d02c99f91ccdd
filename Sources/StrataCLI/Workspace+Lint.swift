import ArgumentParser
import StrataCore
import StrataDiagnostics

extension Workspace {
    /// The project's lint problems: `L6000` errors for a malformed lint block, then rule violations at the
    /// configured severity. `lint` prints them; `build`, `run` and `plan` refuse to run when any is an error.
    func lintDiagnostics() -> [Diagnostic] {
        compiled.lintDiagnostics()
    }

    /// Reports lint problems and, when any is an error, exits with code 2 before the warehouse is touched;
    /// warnings are only printed.
    func enforceLint() throws {
        let problems = lintDiagnostics()
        for problem in problems { reporter.report(.diagnostic(problem)) }
        let errors = problems.count(where: { $0.severity == .error })
        guard errors > 0 else { return }
        reporter.report(.info("\(errors) lint error\(errors == 1 ? "" : "s") found; nothing was run (see 'strata lint')"))
        throw ExitCode(2)
    }
}
