import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

extension Workspace {
    /// `schedules:` and `exports:` of `strata.yml` (and `serve:` when asked); reports the problems and exits with
    /// code 2 when it is broken.
    func serviceConfig(serve: Bool = false) throws -> ServiceConfig {
        let diagnostics = DiagnosticCollector()
        guard
            let config = ServiceConfig.load(
                projectRoot: compiled.project.rootPath, diagnostics: diagnostics, serve: serve)
        else {
            for diagnostic in diagnostics.diagnostics { reporter.report(.diagnostic(diagnostic)) }
            throw ExitCode(2)
        }
        return config
    }

    /// Finds the nodes exports read; reports every unknown model (located in `strata.yml`) and exits with code 2.
    func resolve(_ exports: [ExportDefinition], in config: ServiceConfig) throws -> [ResolvedExport] {
        guard let file = config.file else { return [] }
        var resolved: [ResolvedExport] = []
        var failed = false
        for export in exports {
            do {
                resolved.append(try export.resolve(in: compiled, file: file))
            } catch {
                reporter.report(.diagnostic(error))
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
        return resolved
    }

    /// The `after_build` exports, resolved before anything runs so a wrong model stops the command early.
    func afterBuildExports() throws -> [ResolvedExport] {
        let config = try serviceConfig()
        return try resolve(config.exports.filter(\.afterBuild), in: config)
    }

    /// Runs the exports of the nodes a run built successfully (and whose tests passed), one info line each.
    /// - Returns: whether every export that ran succeeded.
    func runExports(_ exports: [ResolvedExport], after summary: RunSummary, adapter: any DatabaseAdapter) async -> Bool
    {
        guard !exports.isEmpty else { return true }
        let built = Set(summary.results.filter { $0.status == .success }.map(\.nodeID))
        let failedTests = Set(
            summary.results.filter { $0.status == .fail || $0.status == .error }.compactMap {
                compiled.graph.node($0.nodeID)?.attachedNodeID
            })
        var succeeded = true
        for export in exports where built.contains(export.nodeID) {
            guard !failedTests.contains(export.nodeID) else {
                reporter.report(.info("Export \(export.definition.name) skipped: a test of \(export.relation) failed"))
                continue
            }
            succeeded = await runExport(export, adapter: adapter) && succeeded
        }
        return succeeded
    }

    /// Runs one export and reports how it went.
    /// - Returns: whether it succeeded.
    func runExport(_ export: ResolvedExport, adapter: any DatabaseAdapter) async -> Bool {
        let runner = ExportRunner(
            adapter: adapter, transport: HTTPClientTransport(), projectRoot: compiled.project.rootPath)
        let outcome = await runner.run(export)
        if let failure = outcome.failure { reporter.report(.diagnostic(failure)) }
        reporter.report(.info(outcome.summary))
        return outcome.succeeded
    }
}
