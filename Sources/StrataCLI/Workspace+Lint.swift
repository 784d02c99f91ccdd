import ArgumentParser
import StrataCore
import StrataDiagnostics

extension Workspace {
    /// Reports the project's lint problems (`CompiledProject.lintDiagnostics`) and, when any is an error, exits
    /// with code 2 before the warehouse is touched; warnings are only printed.
    func enforceLint() throws {
        let problems = compiled.lintDiagnostics()
        for problem in problems { reporter.report(.diagnostic(problem)) }
        let errors = problems.count(where: { $0.severity == .error })
        guard errors > 0 else { return }
        reporter.report(.info("\(errors) lint error\(errors == 1 ? "" : "s") found; nothing was run (see 'strata lint')"))
        throw ExitCode(2)
    }
}
