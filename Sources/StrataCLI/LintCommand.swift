import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check the project against its lint rules (schema reads, naming, descriptions) without touching the warehouse.",
        discussion: """
            Rules live under 'lint:' in strata.yml or 'vars: {strata_lint: ...}' in dbt_project.yml. Exit codes: 0 no \
            error-severity violation, 1 violations, 2 the project or its lint rules are invalid.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("format"), help: "text (default, on stderr) or json (one object per problem on stdout).")
    var format: Format = .text

    func run() async throws {
        let workspace = try Workspace.load(project)
        guard workspace.compiled.project.lintDeclaration != nil else {
            let place = workspace.compiled.project.layout == .dbt ? "'vars: {strata_lint: ...}' in dbt_project.yml" : "'lint:' to strata.yml"
            workspace.reporter.report(.info("lint: no rules configured; add \(place)"))
            return
        }
        let problems = workspace.compiled.lintDiagnostics()
        switch format {
        case .text:
            for problem in problems { workspace.reporter.report(.diagnostic(problem)) }
        case .json:
            let renderer = DiagnosticRenderer()
            FileHandle.standardOutput.write(Data(problems.map { renderer.renderJSON($0) + "\n" }.joined().utf8))
        }
        let errors = problems.count(where: { $0.severity == .error })
        let warnings = problems.count - errors
        let models = workspace.compiled.nodes.values.count(where: { $0.graphNode.resourceType == .model })
        workspace.reporter.report(.info(
            problems.isEmpty ? "lint: \(models) models checked, no problems"
                : "lint: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"))
        if problems.contains(where: { $0.code == LintRules.malformedCode }) { throw ExitCode(2) }
        if errors > 0 { throw ExitCode(1) }
    }
}
