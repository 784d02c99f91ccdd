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
    /// Whether built-in generic tests are written directly rather than rendered (tests compare the two).
    var rendersBuiltinTestsDirectly = true

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
        let (baseEnvironment, macros) = makeEnvironment()
        var environment = baseEnvironment
        let session = CompileSession(
            project: project, target: target, cliVars: cliVars, environmentVariables: environmentVariables,
            index: RelationIndex(), invocationID: invocationID, startedAt: startedAt)
        environment.addGlobal("project_name", .string(project.name))
        let environmentCopy = environment

        let phases = PhaseTimings.shared
        let macroCalls = MacroCalls(macros: macros, rootProject: project.name)
        var units = phases.measure("compile: parse templates, config") {
            ParallelMap.map(project.enabledModels) { model in
                Self.prepare(model, environment: environmentCopy, session: session, macroCalls: macroCalls)
            }
        }
        for unit in units where unit.template == nil && !unit.diagnostics.isEmpty { diagnostics.emit(contentsOf: unit.diagnostics) }
        units = units.filter { $0.config.enabled && ($0.template != nil || !$0.model.isTemplated) }
        // Snapshot configuration is only complete once config() calls are read, so it is checked here.
        for unit in units where unit.model.resourceType == .snapshot {
            diagnostics.emit(contentsOf: SnapshotConfig.problems(in: unit.config, declaration: unit.model.declaration))
        }
        var seeds = project.enabledSeeds.map { SeedUnit(seed: $0, config: $0.config) }

        let (sourceRelations, index) = phases.measure("compile: names, relation index") {
            let names = NameGenerator(project: project, target: target, environment: environment)
            // A project's naming macros render once per model: on all cores, their diagnostics kept in model order.
            let problems = ParallelMap.update(&units) { unit -> [Diagnostic] in
                let problems = DiagnosticCollector()
                names.resolve(&unit, diagnostics: problems)
                return problems.diagnostics
            }
            for unitProblems in problems { diagnostics.emit(contentsOf: unitProblems) }
            for position in seeds.indices { names.resolve(&seeds[position], diagnostics: diagnostics) }
            let sourceRelations = renderSourceRelations(environment: environment, session: session)
            return (sourceRelations, buildIndex(units: units, seeds: seeds, sourceRelations: sourceRelations))
        }
        let compileSession = session.with(index: index)

        let layout = project.layout
        let dialectName = traits.name
        let rootPackage = project.name
        phases.measure("compile: render, SQL analysis") {
            ParallelMap.update(&units) { unit in
                if unit.model.language == .script {
                    unit = ScriptDependencies.analyse(unit, index: index, rootPackage: rootPackage)
                    return
                }
                unit = Self.render(consume unit, environment: environmentCopy, session: compileSession)
                if unit.template != nil {
                    unit.macros = Array(Set(unit.macros + unit.staticMacroCalls)).sorted()
                }
                unit = SQLAnalysis.analyse(consume unit, layout: layout, index: index, dialectName: dialectName)
            }
        }
        for unit in units { diagnostics.emit(contentsOf: unit.diagnostics) }

        let known = Set(units.map(\.id) + seeds.map(\.seed.id) + project.sources.map(\.id))
        // The models' graph and its cycles are made beside the data tests, which do not need them and leave the
        // other core idle at times. Tests only add leaves to it, so its cycles are the whole graph's.
        let modelGraph = BackgroundWork { [project, units, seeds] in
            phases.measure("compile: model graph (beside tests)") {
                let graph = GraphAssembler(project: project, units: units, seeds: seeds).graph()
                let cycles = graph.cycleDiagnostics { dependent, dependency in
                    units.first { $0.id == dependent }?.dependencies.first { $0.nodeID == dependency }.map { Label(file: $0.file, span: $0.span) }
                }
                return (graph: graph, cycles: cycles)
            }
        }
        var tests = phases.measure("compile: data tests") {
            DataTestCompiler(
                project: project, environment: environmentCopy, session: compileSession, diagnostics: diagnostics, knownNodes: known,
                rendersBuiltinsDirectly: rendersBuiltinTestsDirectly
            ).compile()
        }
        let graph = phases.measure("compile: graph") { DataTestCompiler.extend(modelGraph.value.graph, with: tests) }
        let cycles = modelGraph.value.cycles
        diagnostics.emit(contentsOf: cycles)
        if cycles.isEmpty {
            // Both read the ephemeral models as they were before any inlining.
            let ephemerals = EphemeralInliner.ephemeralUnits(units)
            DataTestCompiler.inlineEphemerals(into: &tests, ephemerals: ephemerals, graph: graph)
            EphemeralInliner.inline(&units, ephemerals: ephemerals, graph: graph)
        }

        var nodes = phases.measure("compile: compiled nodes") {
            // Made on all cores (a test's checksum hashes its SQL), gathered by id on one.
            let modelNodes = ParallelMap.map(units) { $0.compiledNode(graph: graph) }
            let testNodes = ParallelMap.map(tests) { $0.compiledNode(graph: graph) }
            var nodes: [String: CompiledNode] = [:]
            nodes.reserveCapacity(units.count + seeds.count + tests.count + project.sources.count)
            for node in modelNodes { nodes[node.id] = node }
            for seed in seeds { nodes[seed.seed.id] = seed.compiledNode(graph: graph) }
            for node in testNodes { nodes[node.id] = node }
            for source in project.sources {
                var node = GraphAssembler.compiledNode(source, graph: graph)
                if let relation = sourceRelations[source.id] { node.relation = relation }
                nodes[source.id] = node
            }
            return nodes
        }
        releaseInBackground(consume tests)  // tens of thousands of units, each a dozen allocations
        // Only a description with template code needs the file that documents its node: indexed on first use.
        var patchPaths: [String: String]?
        func patchPath(_ id: String) -> String? {
            if patchPaths == nil {
                var paths: [String: String] = [:]
                for model in project.models { paths[model.id] = model.patchFile }
                for source in project.sources { paths[source.id] = source.path }
                patchPaths = paths
            }
            return patchPaths?[id]
        }
        phases.measure("compile: docs descriptions") {
            DocsBlocks.resolveDescriptions(in: &nodes, environment: environment, diagnostics: diagnostics, patchPath: patchPath)
        }
        var compiled = CompiledProject(project: project, nodes: nodes, graph: graph, target: target, macros: macros)
        compiled.runtime = RuntimeRenderer(environment: environment, session: compileSession, units: units, macros: macros)
        compiled.onRunStartSQL = projectHooks(project.settings.onRunStart, kind: "on-run-start", environment: environment, session: compileSession)
        compiled.onRunEndSQL = projectHooks(project.settings.onRunEnd, kind: "on-run-end", environment: environment, session: compileSession)
        if cycles.isEmpty {
            phases.measure("compile: unit tests") { UnitTestCompiler(
                environment: environment, session: compileSession, units: units, diagnostics: diagnostics,
                seedTypes: traits.seedTypes
            ).add(to: &compiled) }
        }
        return compiled
    }

    /// dbt's block tags: docs and snapshot blocks, `{% test %}` generic tests (macros named `test_<name>`), and
    /// materializations, parsed but not executed.
    static let parseOptions = ParseOptions(blockTags: [
        BlockTag("docs", header: .name), BlockTag("snapshot", header: .name),
        BlockTag("test", header: .macro(prefix: "test_")), BlockTag("materialization", header: .nameAndArguments),
    ])

    /// The template environment with every macro file parsed once, and the macros found (for the manifest and the
    /// run-time renderer).
    private func makeEnvironment() -> (Environment, [MacroInfo]) {
        var environment = Environment(options: .init(parse: Self.parseOptions, enableReturn: true))
        DbtContext.install(into: &environment, target: target, invocationID: invocationID, startedAt: startedAt, project: project)
        do { try BuiltinMacros.install(into: &environment.macros, options: Self.parseOptions) } catch { diagnostics.emit(error) }
        var macros: [MacroInfo] = []
        for macroFile in project.macroFiles {
            do {
                let template = try environment.parse(macroFile.file)
                macros += template.macros.map {
                    MacroInfo(name: $0.name, packageName: macroFile.packageName, path: macroFile.path, sql: macroFile.file.text)
                }
                let isRoot = macroFile.packageName == project.name
                try environment.macros.add(template, namespace: macroFile.packageName)
                if isRoot { try environment.macros.add(template, namespace: nil, replacing: true) }
            } catch {
                diagnostics.emit(error)
            }
        }
        environment.addFunction("doc", DocsBlocks(project: project, options: Self.parseOptions, diagnostics: diagnostics).function())
        BuiltinTestMacros.install(into: &environment, project: project)
        return (environment, macros)
    }

    /// Renders `on-run-start` / `on-run-end` hooks; their errors are reported like a model's.
    private func projectHooks(_ hooks: [String], kind: String, environment: Environment, session: CompileSession) -> [String] {
        let state = RenderState(session: session, mode: .compile, nodeID: "operation.\(project.name).\(kind)", packageName: project.name, relation: nil)
        var problems: [Diagnostic] = []
        let file = SourceFile(path: "dbt_project.yml", text: "")
        let rendered = Self.renderHooks(hooks, kind: kind, of: file, environment: environment, globals: [:], state: state, diagnostics: &problems)
        diagnostics.emit(contentsOf: problems + state.warnings)
        return rendered
    }

    /// Sources whose `database`, `schema` or `identifier` are templates (`schema: "{{ target.schema }}"`), rendered.
    private func renderSourceRelations(environment: Environment, session: CompileSession) -> [String: Relation] {
        var rendered: [String: Relation] = [:]
        for source in project.sources {
            let parts = [source.relation.database ?? "", source.relation.schema, source.relation.identifier]
            guard parts.contains(where: { $0.contains("{{") || $0.contains("{%") }) else { continue }
            let state = RenderState(session: session, mode: .compile, nodeID: source.id, packageName: source.packageName, relation: nil)
            var problems: [Diagnostic] = []
            let file = SourceFile(path: source.path, text: "")
            let values = Self.renderHooks(parts, kind: "source property", of: file, environment: environment, globals: [:], state: state, diagnostics: &problems)
            diagnostics.emit(contentsOf: problems)
            guard values.count == 3 else { continue }
            rendered[source.id] = Relation(database: source.relation.database == nil ? nil : values[0], schema: values[1], identifier: values[2])
        }
        return rendered
    }

    private func buildIndex(units: [ModelUnit], seeds: [SeedUnit], sourceRelations: [String: Relation]) -> RelationIndex {
        let refables =
            seeds.map { RelationIndex.Refable(id: $0.seed.id, name: $0.seed.name, package: $0.seed.packageName, relation: $0.relation) }
            + units.map { RelationIndex.Refable(id: $0.id, name: $0.model.name, package: $0.model.packageName, relation: $0.relation, cteName: $0.cteName) }
        let sources = project.sources.map {
            RelationIndex.SourceTable(id: $0.id, sourceName: $0.sourceName, tableName: $0.tableName, relation: sourceRelations[$0.id] ?? $0.relation)
        }
        return RelationIndex(refables: refables, sources: sources)
    }
}
