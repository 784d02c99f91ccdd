import Foundation
import StrataDiagnostics
import StrataJinja

/// One data test after rendering. Copy-on-write, as `ModelUnit` is: a large project has tens of thousands,
/// passed through arrays and parallel maps.
@dynamicMemberLookup
struct DataTestUnit: Sendable {
    struct Fields: Sendable {
        var definition: DataTestDefinition
        var config: NodeConfig
        var rawCode: String
        var compiledSQL: String?
        var dependencies: [String] = []
        var refs: [[String]] = []
        var sources: [[String]] = []
        var macros: [String] = []
        var schema: String
    }

    private var storage: CopyOnWrite<Fields>

    init(definition: DataTestDefinition, config: NodeConfig, rawCode: String, schema: String) {
        storage = CopyOnWrite(Fields(definition: definition, config: config, rawCode: rawCode, schema: schema))
    }

    subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        _read { yield storage.fields[keyPath: field] }
        _modify { yield &storage.fields[keyPath: field] }
    }

    var id: String { storage.fields.definition.id }

    var graphNode: GraphNode {
        let (definition, config) = (storage.fields.definition, storage.fields.config)
        return GraphNode(
            id: id, name: definition.name, resourceType: .test, packageName: definition.packageName, fqn: definition.fqn,
            path: definition.kind == .generic ? PathText.join(definition.path, "\(definition.name).sql") : definition.path, tags: config.tags,
            schema: storage.fields.schema, materialized: "test", config: config.values,
            testType: definition.kind == .generic ? "generic" : "singular", testName: definition.testName,
            attachedNodeID: definition.attachedNodeID)
    }

    func compiledNode(graph: Graph) -> CompiledNode {
        let definition = storage.fields.definition
        var testMetadata: TestMetadata?
        if definition.kind == .generic {
            var kwargs: [String: ConfigValue] = [:]
            for (key, value) in definition.arguments { kwargs[key] = value }
            kwargs["model"] = .string("{{ get_where_subquery(\(definition.modelExpression ?? "")) }}")
            testMetadata = TestMetadata(
                name: definition.testName ?? "", namespace: definition.namespace, kwargs: kwargs,
                columnName: kwargs["column_name"]?.stringValue)
        }
        return CompiledNode(
            id: id, graphNode: graph.node(id) ?? graphNode, relation: nil, materialization: "test",
            rawCode: storage.fields.rawCode, compiledCode: storage.fields.compiledSQL, file: definition.file,
            config: storage.fields.config, dependsOn: graph.parents(of: id), macros: storage.fields.macros,
            refs: storage.fields.refs, sources: storage.fields.sources,
            // dbt checksums a singular test's file and not a generic test, whose text is the same for every test
            // of its kind: what it checks is its arguments, which its id already hashes.
            checksum: definition.kind == .generic ? "" : SHA256.hex(storage.fields.rawCode),
            testMetadata: testMetadata)
    }
}

/// Renders data tests: generic tests by calling their `test_<name>` macro with the declared arguments, singular
/// tests as templates of their own; `ref()`/`source()` calls become the tests' dependencies.
struct DataTestCompiler {
    let project: Project
    let environment: Environment
    let session: CompileSession
    let diagnostics: DiagnosticCollector
    /// Ids of nodes that exist after compilation (tests of anything else are dropped).
    let knownNodes: Set<String>
    /// Whether built-in generic tests skip the interpreter (`BuiltinTestSQL`); off only to compare the two.
    var rendersBuiltinsDirectly = true

    func compile() -> [DataTestUnit] {
        let definitions = DataTestCollector(project: project, macros: environment.macros, diagnostics: diagnostics).collect()
        var seen = Set<String>(minimumCapacity: definitions.count)
        let unique = definitions.filter { definition in
            guard definition.attachedNodeID.map(knownNodes.contains) ?? true else { return false }
            guard seen.insert(definition.id).inserted else {
                diagnostics.emit(
                    Diagnostic(
                        .warning, code: DataTestCollector.duplicate, message: "test '\(definition.name)' is declared twice; the second is ignored",
                        primary: Label(file: definition.file, span: definition.span, text: "duplicate"),
                        help: "give one of them a different 'name:' if both are meant"))
                return false
            }
            return true
        }
        let units = ParallelMap.map(unique) { render($0) }
        for (_, problems) in units { diagnostics.emit(contentsOf: problems) }
        return units.map(\.0)
    }

    private func render(_ definition: DataTestDefinition) -> (DataTestUnit, [Diagnostic]) {
        let macroName = "test_\(definition.testName ?? "")"
        let qualified = definition.namespace.map { environment.macros.contains(macroName, namespace: $0) } ?? false
        let text = definition.kind == .singular ? definition.file.text : Self.invocation(for: definition, qualified: qualified)
        var unit = DataTestUnit(
            definition: definition, config: definition.config, rawCode: text, schema: "\(session.target.schema)_dbt_test__audit")
        var problems: [Diagnostic] = []
        if rendersBuiltinsDirectly, definition.kind == .generic,
            let rendered = BuiltinTestSQL(session: session).render(
                definition, macro: environment.macros.macro(named: macroName, namespace: qualified ? definition.namespace : nil))
        {
            unit.compiledSQL = rendered.sql
            unit.dependencies = rendered.dependencies
            unit.refs = rendered.refs
            unit.sources = rendered.sources
        } else {
            let globals = definition.kind == .singular ? [:] : Self.invocationGlobals(for: definition)
            problems = renderTemplate(definition, text: text, globals: globals, into: &unit)
        }
        // The test's own YAML entry wins over config() in its template.
        unit.config.merge(definition.entryConfig.filter { $0.key != "tags" })
        return (unit, problems)
    }

    /// Renders the test's template (the call of its macro, or the singular test's file) into `unit`.
    private func renderTemplate(
        _ definition: DataTestDefinition, text: String, globals: [String: Value], into unit: inout DataTestUnit
    ) -> [Diagnostic] {
        let file = definition.kind == .singular ? definition.file : SourceFile(path: definition.file.path, text: text)
        let state = RenderState(session: session, mode: .compile, nodeID: definition.id, packageName: definition.packageName, relation: nil)
        var problems: [Diagnostic] = []
        do {
            let template = try environment.parse(file)
            var allGlobals = globals
            allGlobals["config"] = .object(ConfigObject(resolved: definition.config))
            let output = try environment.render(template, globals: allGlobals, userData: state)
            unit.compiledSQL = output.text.trimmingWhitespace()
        } catch {
            problems.append(
                definition.kind == .generic
                    ? Diagnostic(
                        .error, code: error.code, message: "test '\(definition.name)': \(error.message)",
                        primary: Label(file: definition.file, span: definition.span, text: "declared here"), help: error.help)
                    : error)
        }
        // config() in the test's template sits between folder configuration and the test's own YAML entry.
        unit.config.merge(state.config)
        var dependencies: [String] = []
        for dependency in state.dependencies.map(\.nodeID) where !dependencies.contains(dependency) { dependencies.append(dependency) }
        unit.dependencies = dependencies
        unit.refs = state.refs
        unit.sources = state.sources
        unit.macros = state.macros.sorted()
        return problems + state.warnings
    }

    /// The template that calls a generic test's macro (the test's raw code); it reads the literal arguments from
    /// `invocationGlobals`, which only a test that is rendered needs.
    /// - Parameter qualified: whether to call the macro through its package namespace (`dbt_utils.test_x`).
    static func invocation(for definition: DataTestDefinition, qualified: Bool) -> String {
        // Written as bytes: one per test, and string appends cost more than the text they copy.
        var text: [UInt8] = []
        text.reserveCapacity(256)
        text += "{% set __strata_relation = ".utf8
        text += (definition.modelExpression ?? "none").utf8
        text += " %}".utf8
        if definition.config["where"]?.stringValue != nil {
            text += "{% set __strata_model = '(select * from ' ~ __strata_relation ~ ' where ' ~ __strata_where ~ ') dbt_subquery' %}".utf8
        } else {
            text += "{% set __strata_model = __strata_relation %}".utf8
        }
        var call: [UInt8] = []
        call.reserveCapacity(128)
        call += "{{ ".utf8
        if qualified {
            call += definition.namespace!.utf8
            call.append(UInt8(ascii: "."))
        }
        call += "test_".utf8
        call += (definition.testName ?? "").utf8
        call += "(model=__strata_model".utf8
        for (index, (name, value)) in definition.arguments.enumerated() {
            let variable = "__strata_arg" + String(index)
            if let expression = relationExpression(value) {
                text += "{% set ".utf8
                text += variable.utf8
                text += " = ".utf8
                text += expression.utf8
                text += " %}".utf8
            }
            call += ", ".utf8
            call += name.utf8
            call.append(UInt8(ascii: "="))
            call += variable.utf8
        }
        call += ") }}".utf8
        text += call
        return String(decoding: text, as: UTF8.self)
    }

    /// The values `invocation`'s template reads: the `where` config and the arguments that are not `ref()` or
    /// `source()` calls.
    static func invocationGlobals(for definition: DataTestDefinition) -> [String: Value] {
        var globals: [String: Value] = [:]
        if let whereClause = definition.config["where"]?.stringValue { globals["__strata_where"] = .string(whereClause) }
        for (index, (_, value)) in definition.arguments.enumerated() where relationExpression(value) == nil {
            globals["__strata_arg" + String(index)] = Value(config: value)
        }
        return globals
    }

    /// The `ref()`/`source()` call an argument is written as, which the invocation evaluates with `{% set %}`;
    /// nil for a literal, which it reads from the globals.
    private static func relationExpression(_ value: ConfigValue) -> String? {
        guard case .string(let expression) = value, isRelationExpression(expression) else { return nil }
        return expression
    }

    /// `ref('x')`, `ref('pkg', 'x')` or `source('a', 'b')` written as a test argument.
    static func isRelationExpression(_ text: String) -> Bool {
        guard text.utf8.contains(UInt8(ascii: "(")) else { return false }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return (trimmed.hasPrefix("ref(") || trimmed.hasPrefix("source(")) && trimmed.hasSuffix(")")
    }

    /// Inlines the ephemeral models a test reads as CTEs, as dbt does.
    /// - Parameter ephemerals: the ephemeral models by id, before their own inlining (`EphemeralInliner.ephemeralUnits`).
    static func inlineEphemerals(into tests: inout [DataTestUnit], ephemerals: [String: ModelUnit], graph: Graph) {
        guard !ephemerals.isEmpty else { return }
        ParallelMap.update(&tests) { [ephemerals] test in
            let ordered = EphemeralInliner.ephemeralAncestors(of: test.id, graph: graph) { ephemerals[$0] != nil }
            guard !ordered.isEmpty, let sql = test.compiledSQL else { return }
            let definitions = ordered.compactMap { id -> String? in
                guard let unit = ephemerals[id], let name = unit.cteName, let body = unit.compiledSQL else { return nil }
                return "\(name) as (\n\(body)\n)"
            }
            test.compiledSQL = EphemeralInliner.inject(definitions, into: sql).0
        }
    }

    /// Adds test nodes and their edges to the graph.
    static func extend(_ graph: Graph, with tests: [DataTestUnit]) -> Graph {
        guard !tests.isEmpty else { return graph }
        // Each test's node and edges on all cores: looking its dependencies up is most of the work.
        let added = ParallelMap.map(tests) { test in
            (node: test.graphNode, edges: test.dependencies.filter(graph.contains).map { Graph.Edge(parent: $0, child: test.id) })
        }
        let edges = added.flatMap(\.edges)
        let extended = Graph(extending: graph, with: added.map(\.node), dependencies: edges)
        releaseInBackground((consume added, consume edges))  // an array of edges per test, each two ids
        return extended
    }
}

/// What a generic data test is: the macro and its arguments, as dbt's manifest records them.
public struct TestMetadata: Sendable, Hashable {
    /// Test macro name without `test_` (`unique`).
    public var name: String
    /// The package namespace the test was written with (`dbt_utils`), if any.
    public var namespace: String?
    /// Keyword arguments, including `column_name` and `model`.
    public var kwargs: [String: ConfigValue]
    /// The tested column, for column-level tests.
    public var columnName: String?
}
