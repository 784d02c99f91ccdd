import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Testing

/// Loads and compiles a project held in memory under `/p`, for SQLite, expecting no errors.
func compileInMemory(_ files: [String: String]) throws -> CompiledProject {
    let collector = DiagnosticCollector()
    let project = try #require(ProjectLoader(fileSystem: InMemoryFileSystem(files), diagnostics: collector).load(directory: "/p"))
    let target = TargetInfo(name: "dev", type: "sqlite", schema: "main", database: "main", threads: 1)
    let traits = EngineTraits(name: "sqlite", seedTypes: [:])
    let compiled = try #require(Compiler(project: project, target: target, traits: traits, diagnostics: collector).compile())
    #expect(!collector.hasErrors, "\(collector.diagnostics)")
    return compiled
}
