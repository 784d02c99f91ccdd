public import Foundation
public import StrataDiagnostics
import StrataJinja

/// Turns a loaded project into compiled nodes and a dependency graph, without a database connection.
///
/// Stages, each over all nodes (in parallel where the work is per node): parse templates and read their static
/// `config()` calls; render in parse mode the few templates whose configuration is dynamic; decide every node's
/// schema and name; render to SQL; analyse the SQL (syntax, and in the plain layout the references that become
/// edges); build the graph and reject cycles; inline ephemeral models. Problems are collected, not thrown.
public struct Compiler: Sendable {
    let project: Project
    let target: TargetInfo
    let traits: EngineTraits
    let cliVars: [String: ConfigValue]
    let diagnostics: DiagnosticCollector
    let environmentVariables: [String: String]
    let invocationID: String
    let startedAt: Date

    /// Creates a compiler.
    /// - Parameters:
    ///   - project: the loaded project.
    ///   - target: what templates see as `target`.
    ///   - traits: facts about the target engine.
    ///   - cliVars: `--vars`.
    ///   - diagnostics: where problems are recorded.
    ///   - environment: environment variables for `env_var()`.
    public init(
        project: Project, target: TargetInfo, traits: EngineTraits, cliVars: [String: ConfigValue] = [:],
        diagnostics: DiagnosticCollector, environment: [String: String] = ProcessInfo.processInfo.environment,
        invocationID: String = UUID().uuidString.lowercased(), startedAt: Date = Date()
    ) {
        self.project = project
        self.target = target
        self.traits = traits
        self.cliVars = cliVars
        self.diagnostics = diagnostics
        self.environmentVariables = environment
        self.invocationID = invocationID
        self.startedAt = startedAt
    }

    /// Compiles the project.
    /// - Returns: the compiled project, or nil when the project could not be compiled at all; check
    ///   `diagnostics.hasErrors` before running anything either way.
    public func compile() -> CompiledProject? {
        var environment = makeEnvironment()
        let session = CompileSession(
            project: project, target: target, cliVars: cliVars, environmentVariables: environmentVariables,
            index: RelationIndex(), invocationID: invocationID, startedAt: startedAt)
        environment.addGlobal("project_name", .string(project.name))
        let environmentCopy = environment

        var units = ParallelMap.map(project.enabledModels) { model in
            Self.discoverConfig(Self.prepare(model, environment: environmentCopy, session: session), environment: environmentCopy, session: session)
        }
        for unit in units where unit.template == nil && !unit.diagnostics.isEmpty { diagnostics.emit(contentsOf: unit.diagnostics) }
        units = units.filter { $0.config.enabled && ($0.template != nil || !$0.model.isTemplated) }
        var seeds = project.enabledSeeds.map { SeedUnit(seed: $0, config: $0.config) }

        let names = NameGenerator(project: project, target: target, environment: environment)
        for index in units.indices { names.resolve(&units[index], diagnostics: diagnostics) }
        for index in seeds.indices { names.resolve(&seeds[index], diagnostics: diagnostics) }
        let index = buildIndex(units: units, seeds: seeds)
        let compileSession = session.with(index: index)

        let layout = project.layout
        let dialectName = traits.name
        units = ParallelMap.map(units) { unit in
            SQLAnalysis.analyse(Self.render(unit, environment: environmentCopy, session: compileSession), layout: layout, index: index, dialectName: dialectName)
        }
        for unit in units { diagnostics.emit(contentsOf: unit.diagnostics) }

        let known = Set(units.map(\.id) + seeds.map(\.seed.id) + project.sources.map(\.id))
        var tests = DataTestCompiler(project: project, environment: environmentCopy, session: compileSession, diagnostics: diagnostics, knownNodes: known).compile()
        let graph = DataTestCompiler.extend(GraphAssembler(project: project, units: units, seeds: seeds).graph(), with: tests)
        let cycles = graph.cycleDiagnostics { dependent, dependency in
            units.first { $0.id == dependent }?.dependencies.first { $0.nodeID == dependency }.map { Label(file: $0.file, span: $0.span) }
        }
        diagnostics.emit(contentsOf: cycles)
        if cycles.isEmpty {
            DataTestCompiler.inlineEphemerals(into: &tests, units: units, graph: graph)
            EphemeralInliner.inline(&units, graph: graph)
        }

        var nodes: [String: CompiledNode] = [:]
        for unit in units { nodes[unit.id] = unit.compiledNode(graph: graph) }
        for seed in seeds { nodes[seed.seed.id] = seed.compiledNode(graph: graph) }
        for test in tests { nodes[test.id] = test.compiledNode(graph: graph) }
        for source in project.sources { nodes[source.id] = GraphAssembler.compiledNode(source, graph: graph) }
        return CompiledProject(project: project, nodes: nodes, graph: graph, target: target, macros: macroInfos())
    }

    /// dbt's block tags: docs and snapshot blocks, `{% test %}` generic tests (macros named `test_<name>`), and
    /// materializations, parsed but not executed.
    static let parseOptions = ParseOptions(blockTags: [
        BlockTag("docs", header: .name), BlockTag("snapshot", header: .name),
        BlockTag("test", header: .macro(prefix: "test_")), BlockTag("materialization", header: .nameAndArguments),
    ])

    private func makeEnvironment() -> Environment {
        var environment = Environment(options: .init(parse: Self.parseOptions, enableReturn: true))
        DbtContext.install(into: &environment, target: target, invocationID: invocationID, startedAt: startedAt)
        for macroFile in project.macroFiles {
            do {
                let template = try environment.parse(macroFile.file)
                let isRoot = macroFile.packageName == project.name
                try environment.macros.add(template, namespace: macroFile.packageName)
                if isRoot { try environment.macros.add(template, namespace: nil, replacing: true) }
            } catch {
                diagnostics.emit(error)
            }
        }
        BuiltinTestMacros.install(into: &environment, project: project)
        return environment
    }

    private func buildIndex(units: [ModelUnit], seeds: [SeedUnit]) -> RelationIndex {
        var index = RelationIndex()
        for seed in seeds {
            index.addRefable(id: seed.seed.id, name: seed.seed.name, package: seed.seed.packageName, relation: seed.relation, cteName: nil)
        }
        for unit in units {
            index.addRefable(id: unit.id, name: unit.model.name, package: unit.model.packageName, relation: unit.relation, cteName: unit.cteName)
        }
        for source in project.sources {
            index.addSource(id: source.id, sourceName: source.sourceName, tableName: source.tableName, relation: source.relation)
        }
        return index
    }

    private func macroInfos() -> [MacroInfo] {
        project.macroFiles.flatMap { macroFile -> [MacroInfo] in
            guard let template = try? Template.parse(macroFile.file) else { return [] }
            return template.macros.map { MacroInfo(name: $0.name, packageName: macroFile.packageName, path: macroFile.path, sql: macroFile.file.text) }
        }
    }
}
