import StrataDiagnostics
import StrataJinja

/// One model as it moves through compilation. Copy-on-write: the compiler passes tens of thousands of these
/// through arrays, closures and parallel maps, and copying their twenty fields each time (a retain per field)
/// was a tenth of a second of a 10,000-model compile.
@dynamicMemberLookup
struct ModelUnit: Sendable {
    struct Fields: Sendable {
        var model: Model
        var config: NodeConfig
        var template: Template?
        var relation = Relation(schema: "", identifier: "")
        var cteName: String?
        var compiledSQL: String?
        var sourceMap: SourceMap?
        var dependencies: [RecordedDependency] = []
        var refs: [[String]] = []
        var sources: [[String]] = []
        var macros: [String] = []
        /// The project and package macros the template calls by name, found with its `config()` calls.
        var staticMacroCalls: [String] = []
        var externalReferences: [String] = []
        var externalReferenceSites: [ExternalReference] = []
        var diagnostics: [Diagnostic] = []
        var checksum = ""
        var preHookSQL: [String] = []
        var postHookSQL: [String] = []
        var logMessages: [LogMessage] = []
    }

    private var storage: CopyOnWrite<Fields>

    init(model: Model, config: NodeConfig) {
        storage = CopyOnWrite(Fields(model: model, config: config))
    }

    subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        _read { yield storage.fields[keyPath: field] }
        _modify { yield &storage.fields[keyPath: field] }
    }

    var id: String { self.model.id }
    var isEphemeral: Bool { self.config.materialized == "ephemeral" }

    func compiledNode(graph: Graph) -> CompiledNode {
        // Fields read one by one in place: a copy of the whole unit retained and released each of its fields.
        let model = storage.fields.model
        return CompiledNode(
            id: id, graphNode: graph.node(id) ?? GraphAssembler.graphNode(self), relation: storage.fields.relation,
            materialization: storage.fields.config.materialized, rawCode: model.blockBody ?? model.file.text,
            compiledCode: storage.fields.compiledSQL, sourceMap: storage.fields.sourceMap, file: model.file,
            config: storage.fields.config, dependsOn: graph.parents(of: id), macros: storage.fields.macros.sorted(),
            refs: storage.fields.refs, sources: storage.fields.sources,
            externalReferences: storage.fields.externalReferences,
            description: model.description, columns: model.columns, checksum: storage.fields.checksum,
            preHookSQL: storage.fields.preHookSQL, postHookSQL: storage.fields.postHookSQL,
            logMessages: storage.fields.logMessages, cteName: storage.fields.cteName, language: model.language,
            scriptPath: model.scriptPath,
            references: storage.fields.dependencies.map {
                NodeReference(nodeID: $0.nodeID, file: $0.file, span: $0.span)
            },
            externalReferenceSites: storage.fields.externalReferenceSites)
    }
}

/// One seed as it moves through compilation.
struct SeedUnit: Sendable {
    var seed: Seed
    var config: NodeConfig
    var relation = Relation(schema: "", identifier: "")

    func compiledNode(graph: Graph) -> CompiledNode {
        CompiledNode(
            id: seed.id, graphNode: graph.node(seed.id) ?? GraphAssembler.graphNode(self), relation: relation,
            materialization: "seed", rawCode: "", file: SourceFile(path: seed.path, text: ""),
            absolutePath: seed.absolutePath, config: config, dependsOn: graph.parents(of: seed.id),
            description: seed.description, columns: seed.columns, checksum: seed.checksum)
    }
}

extension Compiler {
    /// Parses the template, applies `config()` calls whose arguments are literals (rendering in parse mode when
    /// some cannot be read so) and notes the macros it calls: one walk of the template finds both kinds of call.
    static func prepare(_ model: Model, environment: Environment, session: CompileSession, macroCalls: MacroCalls) -> ModelUnit {
        var unit = ModelUnit(model: model, config: model.config)
        unit.checksum = SHA256.hex(model.file.text)
        guard model.isTemplated else { return unit }
        let template: Template
        do {
            template = try environment.parse(model.file)
        } catch {
            // Reported by the compiler; the model takes no further part.
            unit.diagnostics.append(error)
            return unit
        }
        unit.template = template
        let calls = template.staticCalls(named: macroCalls.calleesAndConfig)
        unit.staticMacroCalls = macroCalls.called(calls, package: model.packageName)
        var isDynamic = false
        for call in calls where call.name == "config" {
            guard call.isUnconditional, !call.hasSpreadArguments, call.arguments.isEmpty, call.keywords.allSatisfy({ $0.value != nil })
            else {
                isDynamic = true
                continue
            }
            var literal: [String: ConfigValue] = [:]
            for keyword in call.keywords { literal[keyword.name] = keyword.value!.configValue }
            unit.config.merge(literal)
        }
        return isDynamic ? discoverConfig(unit, template: template, environment: environment, session: session) : unit
    }

    /// Renders in parse mode when some `config()` call could not be read statically, as dbt's parser does.
    private static func discoverConfig(_ unit: ModelUnit, template: Template, environment: Environment, session: CompileSession) -> ModelUnit {
        var unit = unit
        let state = RenderState(session: session, mode: .parse, nodeID: unit.id, packageName: unit.model.packageName, relation: nil)
        let globals: [String: Value] = [
            "this": .object(RelationObject(relation: Relation(schema: "", identifier: unit.model.fileStem), cteName: nil)),
            "config": .object(ConfigObject(resolved: unit.config)),
        ]
        // Parse-mode renders see placeholders for everything that needs the graph; their errors surface again
        // in the real render, so they are not reported twice.
        _ = try? environment.render(template, globals: globals, userData: state)
        unit.config.merge(state.config)
        return unit
    }

    /// Renders the model to SQL with real relations, recording its references.
    static func render(
        _ unit: consuming ModelUnit, environment: Environment, session: CompileSession, execute: Bool = false,
        incremental: Bool = false
    ) -> ModelUnit {
        guard let template = unit.template else {
            unit.compiledSQL = unit.model.file.text
            unit.sourceMap = .identity(of: unit.model.file)
            return unit
        }
        let state = RenderState(session: session, mode: .compile, nodeID: unit.id, packageName: unit.model.packageName, relation: unit.relation)
        state.isIncremental = incremental
        var globals: [String: Value] = [
            "this": .object(RelationObject(relation: unit.relation, cteName: nil)),
            "config": .object(ConfigObject(resolved: unit.config)),
        ]
        if execute { globals["execute"] = .bool(true) }
        // `model` is a dictionary of the node's every field, and most templates never read it.
        let lazyGlobals = [(name: "model", value: NodeContext.lazyModel(unit))]
        do {
            let output = try environment.render(template, globals: globals, lazyGlobals: lazyGlobals, userData: state)
            unit.compiledSQL = output.text
            unit.sourceMap = output.sourceMap
            unit.preHookSQL = Self.renderHooks(
                unit.config.preHooks, kind: "pre-hook", of: unit.model.file, environment: environment, globals: globals,
                lazyGlobals: lazyGlobals, state: state, diagnostics: &unit.diagnostics)
            unit.postHookSQL = Self.renderHooks(
                unit.config.postHooks, kind: "post-hook", of: unit.model.file, environment: environment, globals: globals,
                lazyGlobals: lazyGlobals, state: state, diagnostics: &unit.diagnostics)
        } catch {
            unit.diagnostics.append(error)
        }
        unit.dependencies = state.dependencies
        unit.refs = state.refs
        unit.sources = state.sources
        unit.macros = state.macros.sorted()
        unit.diagnostics += state.warnings
        unit.logMessages = state.messages
        return unit
    }
}

extension Compiler {
    /// Renders hook SQL (`pre-hook`, `post-hook`, `on-run-start`, `on-run-end`) as templates with the node's context.
    static func renderHooks(
        _ hooks: [String], kind: String, of file: SourceFile, environment: Environment, globals: [String: Value],
        lazyGlobals: [(name: String, value: LazyValue)] = [], state: RenderState, diagnostics: inout [Diagnostic]
    ) -> [String] {
        hooks.enumerated().compactMap { index, hook in
            let source = SourceFile(path: "\(file.path) (\(kind) \(index + 1))", text: hook)
            do throws(Diagnostic) {
                let template = try environment.parse(source)
                return try environment.render(template, globals: globals, lazyGlobals: lazyGlobals, userData: state).text
            } catch {
                diagnostics.append(error)
                return nil
            }
        }
    }
}

/// The `model` variable templates see.
enum NodeContext {
    static func model(_ unit: ModelUnit) -> Value {
        model(unit.model, id: unit.id, relation: unit.relation, config: unit.config)
    }

    /// `model`, made when a template first reads it. It holds the unit's parts, not the unit: the render changes
    /// the unit, and a unit still shared would then be copied whole.
    static func lazyModel(_ unit: ModelUnit) -> LazyValue {
        let (model, id, relation, config) = (unit.model, unit.id, unit.relation, unit.config)
        return LazyValue { Self.model(model, id: id, relation: relation, config: config) }
    }

    private static func model(_ model: Model, id: String, relation: Relation, config: NodeConfig) -> Value {
        // dbt's `model.config` holds every setting with its default; the materialization is the one macros read.
        var configValues = config.values
        if configValues["materialized"] == nil { configValues["materialized"] = .string(config.materialized) }
        return .dict([
            "name": .string(model.fileStem),
            "unique_id": .string(id),
            "resource_type": .string(model.resourceType.rawValue),
            "package_name": .string(model.packageName),
            "path": .string(model.relativePath),
            "original_file_path": .string(model.path),
            "fqn": .list(model.fqn.map(Value.string)),
            "schema": .string(relation.schema),
            "alias": .string(relation.identifier),
            "tags": .list(config.tags.map(Value.string)),
            "description": .string(model.description),
            "config": Value(config: .dict(configValues)),
            "raw_code": .string(model.blockBody ?? model.file.text),
        ])
    }
}
