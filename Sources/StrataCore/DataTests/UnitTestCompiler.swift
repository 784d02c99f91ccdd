import StrataDiagnostics
import StrataJinja
import StrataSQL

/// Compiles unit tests: renders the tested model again with the test's overrides, replaces every relation the
/// given inputs name by a CTE of the mock rows (through `RelationRewriter`, so only real relation references
/// change), and adds one `unit_test` node per test, a child of its model.
struct UnitTestCompiler {
    static let unknownModel: DiagnosticCode = "P1101"
    static let missingInput: DiagnosticCode = "P1104"
    static let unusedInput: DiagnosticCode = "P1105"
    static let duplicate: DiagnosticCode = "P1106"
    static let unknownColumns: DiagnosticCode = "P1108"

    let environment: Environment
    let session: CompileSession
    let units: [ModelUnit]
    let diagnostics: DiagnosticCollector
    /// How the target types seed columns (a seed input's literals are cast to its inferred types on PostgreSQL).
    var seedTypes: [SeedColumnType: String] = [:]

    /// Adds the project's unit tests to a compiled project (nodes and graph edges).
    func add(to compiled: inout CompiledProject) {
        let definitions = UnitTestCollector(project: compiled.project, diagnostics: diagnostics).collect()
        guard !definitions.isEmpty else { return }
        let lineage = LazyLineage(compiled: compiled)
        var unitsByName: [String: [ModelUnit]] = [:]
        for unit in units where unit.model.resourceType == .model {
            unitsByName[unit.model.name, default: []].append(unit)
        }
        var nodes: [CompiledNode] = []
        var seen = Set<String>()
        for definition in definitions {
            let candidates = ProjectLoader.patchNames(
                definition.modelName, file: definition.path, layout: compiled.project.layout)
            let matches = candidates.lazy.compactMap { unitsByName[$0] }.first ?? []
            guard let unit = matches.first(where: { $0.model.packageName == definition.packageName }) ?? matches.first
            else {
                let help = EditDistance.suggestion(for: definition.modelName, among: Array(unitsByName.keys)).map {
                    "did you mean '\($0)'?"
                }
                diagnostics.emit(
                    Diagnostic(
                        .error, code: Self.unknownModel,
                        message: "unit test '\(definition.name)' tests unknown model '\(definition.modelName)'",
                        primary: Label(
                            file: definition.file, span: definition.modelSpan, text: "no enabled model with this name"),
                        help: help))
                continue
            }
            let id = "unit_test.\(definition.packageName).\(unit.model.fileStem).\(definition.name)"
            guard seen.insert(id).inserted else {
                diagnostics.emit(
                    Diagnostic(
                        .warning, code: Self.duplicate,
                        message:
                            "unit test '\(definition.name)' of model '\(unit.model.name)' is declared twice; the second is ignored",
                        primary: Label(file: definition.file, span: definition.span, text: "duplicate")))
                continue
            }
            var definition = definition
            definition.config = folderConfig(
                definition, unit: unit, folderConfigs: compiled.project.settings.folderConfigs)
            guard definition.config.enabled else { continue }
            if let node = compile(definition, id: id, unit: unit, compiled: compiled, lineage: lineage) {
                nodes.append(node)
            }
        }
        guard !nodes.isEmpty else { return }
        let edges = compiled.graph.edges + nodes.map { Graph.Edge(parent: $0.unitTest!.modelID, child: $0.id) }
        compiled.graph = Graph(nodes: compiled.graph.nodes + nodes.map(\.graphNode), dependencies: edges)
        for node in nodes {
            var node = node
            node.dependsOn = compiled.graph.parents(of: node.id)
            compiled.nodes[node.id] = node
        }
    }

    private func compile(
        _ definition: UnitTestDefinition, id: String, unit: ModelUnit, compiled: CompiledProject,
        lineage: LazyLineage
    ) -> CompiledNode? {
        guard let inputs = resolveInputs(definition, unit: unit) else { return nil }
        guard let rendered = render(unit, definition: definition) else { return nil }
        let engine = compiled.target.type
        let dialect: Dialect = engine == "sqlite" ? .sqlite : .postgres
        var cteNames: [String] = []
        for input in definition.given {
            var name = "__dbt__cte__\(input.target.cteSuffix)"
            while cteNames.contains(name) { name += "_" }
            cteNames.append(name)
        }
        var ephemeral: [String: String] = [:]
        for other in units { if let cte = other.cteName { ephemeral[cte.lowercased()] = other.id } }
        var used = Set<Int>()
        var missing: [String] = []
        let rewritten = RelationRewriter.rewrite(rendered.sql, dialect: dialect) { reference in
            let parts = reference.parts.map { $0.isQuoted ? $0.text : $0.text.lowercased() }
            let schema = parts.count >= 2 ? parts[parts.count - 2] : nil
            let nodeID = schema == nil ? ephemeral[parts[parts.count - 1].lowercased()] : nil
            guard
                let target = nodeID
                    ?? session.index.table(
                        schema: schema, name: parts[parts.count - 1], defaultSchema: unit.relation.schema)?.nodeID
            else { return nil }
            guard let index = inputs.firstIndex(of: target) else {
                if !missing.contains(target) { missing.append(target) }
                return nil
            }
            used.insert(index)
            return RelationRewrite(replacement: cteNames[index], addsAliasWhenMissing: true)
        }
        guard
            reportInputProblems(
                definition, unit: unit, rendered: rendered, inputs: inputs, used: used, missing: missing,
                compiled: compiled)
        else { return nil }
        let definitions = definition.given.enumerated().map { index, input in
            let (body, columns) = cteBody(
                input.rows, nodeID: inputs[index], compiled: compiled, lineage: lineage, engine: engine)
            if columns == 0 { warnNoColumns(input, definition: definition) }
            return "\(cteNames[index]) as (\n\(body)\n)"
        }
        let sql = definitions.isEmpty ? rewritten.text : EphemeralInliner.inject(definitions, into: rewritten.text).0
        return node(definition, id: id, unit: unit, sql: sql, compiled: compiled)
    }

    /// dbt's fqn of a unit test: the package, the model's folders, the model and the test.
    static func fqn(_ definition: UnitTestDefinition, unit: ModelUnit) -> [String] {
        [definition.packageName] + unit.model.fqn.dropFirst().dropLast() + [unit.model.fileStem, definition.name]
    }

    /// `unit_tests:` folder configuration from the project file, under the entry's own `config:`.
    private func folderConfig(_ definition: UnitTestDefinition, unit: ModelUnit, folderConfigs: [String: ConfigValue])
        -> NodeConfig
    {
        var config = NodeConfig()
        for level in FolderConfigTree(folderConfigs["unit_tests"]).levels(for: Self.fqn(definition, unit: unit)) {
            config.merge(level)
        }
        config.merge(definition.config.values)
        return config
    }

    /// The node each `given` input stands for, or nil after reporting the inputs that name nothing.
    private func resolveInputs(_ definition: UnitTestDefinition, unit: ModelUnit) -> [String]? {
        var ids: [String] = []
        var failed = false
        for input in definition.given {
            let resolved: String?
            var help: String?
            switch input.target {
            case .this:
                resolved = unit.id
            case .ref(let package, let name):
                resolved =
                    session.index.ref(
                        name, package: package, callingPackage: definition.packageName,
                        rootPackage: session.project.name)?.nodeID
                help = session.index.suggestion(forRef: name).map { "did you mean ref('\($0)')?" }
            case .source(let source, let table):
                resolved = session.index.source(source, table)?.nodeID
                help = session.index.suggestion(forSource: source, table).map { "did you mean '\($0)'?" }
            }
            guard let resolved else {
                diagnostics.emit(
                    Diagnostic(
                        .error, code: UnitTestCollector.badInput,
                        message:
                            "input \(input.expression) of unit test '\(definition.name)' names nothing in the project",
                        primary: Label(
                            file: definition.file, span: input.span, text: "no such model, seed, snapshot or source"),
                        help: help))
                failed = true
                continue
            }
            ids.append(resolved)
        }
        return failed ? nil : ids
    }

    /// Renders the model with the test's `vars`, `env_vars` and `macros` overrides.
    private func render(_ unit: ModelUnit, definition: UnitTestDefinition) -> (
        sql: String, dependencies: [RecordedDependency]
    )? {
        let overrides = definition.overrides
        let testSession = CompileSession(
            project: session.project, target: session.target, cliVars: session.cliVars.merging(overrides.vars) { $1 },
            environmentVariables: session.environmentVariables.merging(overrides.environmentVariables) { $1 },
            index: session.index, invocationID: session.invocationID, startedAt: session.startedAt)
        var testEnvironment = environment
        for (name, value) in overrides.macros where name != "is_incremental" {
            let result = Value(config: value)
            // A global that is a value, such as `invocation_id`, is replaced; a macro is answered by a function.
            switch environment.globals[name] {
            case .some(.function), nil: testEnvironment.addFunction(name) { _, _ in result }
            case .some: testEnvironment.addGlobal(name, result)
            }
        }
        let incremental = overrides.macros["is_incremental"]?.boolValue ?? false
        let rendered = Compiler.render(
            unit, environment: testEnvironment, session: testSession, incremental: incremental)
        let errors = rendered.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let sql = rendered.compiledSQL else {
            for error in errors {
                var error = error
                error.notes.append("while rendering model '\(unit.model.name)' for unit test '\(definition.name)'")
                diagnostics.emit(error)
            }
            return nil
        }
        return (SQLAnalysis.trimmedStatement(sql), rendered.dependencies)
    }

    /// Reports relations the model reads that the test does not give (errors) and inputs it never reads
    /// (warnings); returns whether the test can run.
    private func reportInputProblems(
        _ definition: UnitTestDefinition, unit: ModelUnit, rendered: (sql: String, dependencies: [RecordedDependency]),
        inputs: [String], used: Set<Int>, missing: [String], compiled: CompiledProject
    ) -> Bool {
        for nodeID in missing {
            let expression = inputExpression(for: nodeID, model: unit, compiled: compiled)
            let site = rendered.dependencies.first { $0.nodeID == nodeID }
            diagnostics.emit(
                Diagnostic(
                    .error, code: Self.missingInput,
                    message:
                        "unit test '\(definition.name)' gives no rows for \(expression), which model '\(unit.model.name)' reads",
                    primary: Label(
                        file: definition.file, span: definition.span, text: "every input of the model must be given"),
                    secondary: site.map { site in
                        let location = site.file.location(of: site.span.start)
                        return [
                            Label(file: site.file, span: site.span, text: "read here (\(site.file.path):\(location))")
                        ]
                    } ?? [],
                    help: "add '- input: \(expression)' with its 'rows' (an empty list for no rows) under 'given'"))
        }
        for (index, input) in definition.given.enumerated() where !used.contains(index) {
            diagnostics.emit(
                Diagnostic(
                    .warning, code: Self.unusedInput,
                    message:
                        "model '\(unit.model.name)' does not read \(input.expression), given in unit test '\(definition.name)'",
                    primary: Label(file: definition.file, span: input.span, text: "never read by the rendered model"),
                    help: inputs[index] == unit.id
                        ? "a model reads {{ this }} only when is_incremental() is true: override it with 'overrides: {macros: {is_incremental: true}}'"
                        : nil))
        }
        return missing.isEmpty
    }

    private func inputExpression(for nodeID: String, model: ModelUnit, compiled: CompiledProject) -> String {
        if nodeID == model.id { return "this" }
        guard let node = compiled.nodes[nodeID] else { return nodeID }
        if node.graphNode.resourceType == .source, let source = node.graphNode.sourceName,
            let table = node.graphNode.sourceTableName
        {
            return "source('\(source)', '\(table)')"
        }
        return "ref('\(node.graphNode.name)')"
    }

    /// The SQL of one input's CTE: the given query, or the rows as literals over the input's known columns.
    private func cteBody(
        _ rows: UnitTestRows, nodeID: String, compiled: CompiledProject, lineage: LazyLineage, engine: String
    ) -> (sql: String, columns: Int?) {
        if rows.format == .sql { return (SQLAnalysis.trimmedStatement(rows.sql ?? ""), nil) }
        let node = compiled.nodes[nodeID]
        var columns = node.flatMap { lineage.knownColumns(of: $0) } ?? []
        for column in node?.columns.map(\.name) ?? []
        where !columns.contains(where: { $0.lowercased() == column.lowercased() }) {
            columns.append(column)
        }
        for column in rows.columns where !columns.contains(where: { $0.lowercased() == column.lowercased() }) {
            columns.append(column)
        }
        var types: [String: String] = [:]
        if engine != "sqlite", let node, node.graphNode.resourceType == .seed,
            let table = try? SeedFile.table(for: node)
        {
            for column in table.columns {
                if let type = column.override ?? seedTypes[column.inferred] { types[column.name.lowercased()] = type }
            }
        }
        for column in node?.columns ?? [] { if let type = column.dataType { types[column.name.lowercased()] = type } }
        return (UnitTestSQL.rowsQuery(columns: columns, types: types, rows: rows, engine: engine), columns.count)
    }

    /// An input given no rows whose columns are unknown becomes a relation without the model's columns.
    private func warnNoColumns(_ input: UnitTestInput, definition: UnitTestDefinition) {
        diagnostics.emit(
            Diagnostic(
                .warning, code: Self.unknownColumns,
                message: "the columns of \(input.expression) in unit test '\(definition.name)' are unknown",
                primary: Label(
                    file: definition.file, span: input.span, text: "no rows, and no documented or analysable columns"),
                help: "document its columns in YAML, or give a row naming the columns the model reads"))
    }

    private func node(
        _ definition: UnitTestDefinition, id: String, unit: ModelUnit, sql: String, compiled: CompiledProject
    ) -> CompiledNode {
        let graphNode = GraphNode(
            id: id, name: definition.name, resourceType: .unitTest, packageName: definition.packageName,
            fqn: Self.fqn(definition, unit: unit),
            path: PathText.join(definition.path, "\(definition.name).sql"), tags: definition.config.tags,
            schema: unit.relation.schema, materialized: "unit_test",
            config: definition.config.values,
            testType: "unit", attachedNodeID: unit.id)
        let expect = definition.expect
        let spec = UnitTestSpec(
            modelID: unit.id, expectedRows: expect.format == .sql ? nil : expect.rows, expectedColumns: expect.columns,
            expectedSQL: expect.format == .sql ? SQLAnalysis.trimmedStatement(expect.sql ?? "") : nil,
            file: definition.file,
            span: definition.span,
            manifestGiven: .array(
                definition.given.map {
                    .object([("input", .string($0.expression))] + UnitTestSQL.manifestRows($0.rows))
                }),
            manifestExpect: .object(UnitTestSQL.manifestRows(expect)), manifestOverrides: definition.overrides.json,
            description: definition.description)
        var node = CompiledNode(
            id: id, graphNode: graphNode, relation: nil, materialization: "unit_test",
            rawCode: unit.model.blockBody ?? unit.model.file.text,
            compiledCode: sql, file: definition.file, config: definition.config, macros: unit.macros,
            refs: unit.refs, sources: unit.sources, description: definition.description,
            checksum: SHA256.hex(
                "\(definition.name)\u{1}\(definition.modelName)\u{1}\(spec.manifestGiven.encoded())\u{1}\(spec.manifestExpect.encoded())"
            ))
        node.unitTest = spec
        return node
    }
}

/// The known columns of unit test inputs: a seed's header or a source's documented columns directly, a model's
/// from column lineage, which analyses the whole project and so runs only when a model input needs it.
private final class LazyLineage {
    let compiled: CompiledProject
    private var lineage: ProjectLineage?

    init(compiled: CompiledProject) { self.compiled = compiled }

    func knownColumns(of node: CompiledNode) -> [String]? {
        switch node.graphNode.resourceType {
        case .seed, .source:
            return ProjectLineage.staticColumns(node, fileSystem: LocalFileSystem())
        default:
            if lineage == nil { lineage = ProjectLineage.build(compiled) }
            return lineage?.knownColumns[node.id] ?? (node.columns.isEmpty ? nil : node.columns.map(\.name))
        }
    }
}
