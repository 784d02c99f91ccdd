import Foundation
import StrataDiagnostics
import StrataJinja

/// Decides each node's schema and identifier: the folder schema in the plain layout; in a dbt project, dbt's
/// `generate_schema_name`/`generate_alias_name` or the project's own overrides of them.
struct NameGenerator {
    let project: Project
    let target: TargetInfo
    let environment: Environment

    private let schemaOverride: Bool
    private let aliasOverride: Bool
    /// Whether a naming macro of the project's own reads its `node` argument. The node as templates see it is
    /// costly to build (a dictionary of the model's every field) and most overrides look at the custom name only.
    private let nodeIsRead: Bool

    init(project: Project, target: TargetInfo, environment: Environment) {
        self.project = project
        self.target = target
        self.environment = environment
        let overrides = ["generate_schema_name", "generate_alias_name"].map { environment.macros.macro(named: $0) }
        schemaOverride = overrides[0] != nil
        aliasOverride = overrides[1] != nil
        nodeIsRead = overrides.compactMap { $0 }.contains { macro in
            let names = macro.parameterNames
            return names.count < 2 || macro.mayRead(names[1])
        }
    }

    func resolve(_ unit: inout ModelUnit, diagnostics: DiagnosticCollector) {
        let model = unit.model
        let node = nodeIsRead ? NodeContext.model(unit) : Value.none
        let schema: String
        if model.resourceType == .snapshot, let legacy = unit.config["target_schema"]?.stringValue {
            // dbt's legacy snapshot config names the schema verbatim, bypassing generate_schema_name.
            schema = legacy
        } else if project.layout == .plain {
            schema = unit.config.schema ?? target.schema
        } else {
            schema = generateSchema(custom: unit.config.schema, node: node, file: model.file, diagnostics: diagnostics)
        }
        let alias = project.layout == .plain
            ? unit.config.alias ?? model.fileStem
            : generateAlias(custom: unit.config.alias, name: model.fileStem, node: node, file: model.file, diagnostics: diagnostics)
        unit.relation = Relation(schema: schema, identifier: alias)
        if unit.isEphemeral {
            unit.cteName = project.layout == .plain ? "__strata_cte__\(schema)__\(alias)" : "__dbt__cte__\(model.fileStem)"
        }
    }

    func resolve(_ unit: inout SeedUnit, diagnostics: DiagnosticCollector) {
        let seed = unit.seed
        let file = SourceFile(path: seed.path, text: "")
        let node: Value = !nodeIsRead ? Value.none : .dict([
            "name": .string(seed.fileStem), "unique_id": .string(seed.id), "resource_type": .string("seed"),
            "package_name": .string(seed.packageName), "fqn": .list(seed.fqn.map(Value.string)),
            "original_file_path": .string(seed.path), "config": Value(config: .dict(unit.config.values)),
        ])
        let schema = project.layout == .plain
            ? unit.config.schema ?? target.schema
            : generateSchema(custom: unit.config.schema, node: node, file: file, diagnostics: diagnostics)
        let alias = project.layout == .plain
            ? unit.config.alias ?? seed.fileStem
            : generateAlias(custom: unit.config.alias, name: seed.fileStem, node: node, file: file, diagnostics: diagnostics)
        unit.relation = Relation(schema: schema, identifier: alias)
    }

    /// dbt's default: the target schema, or `<target schema>_<custom>` when the node asks for a custom schema.
    private func generateSchema(custom: String?, node: Value, file: SourceFile, diagnostics: DiagnosticCollector) -> String {
        if schemaOverride {
            return callMacro("generate_schema_name", [custom.map(Value.string) ?? .none, node], fallback: target.schema, file: file, diagnostics: diagnostics)
        }
        guard let custom = custom?.trimmingSpaces, !custom.isEmpty else { return target.schema }
        return "\(target.schema)_\(custom)"
    }

    private func generateAlias(custom: String?, name: String, node: Value, file: SourceFile, diagnostics: DiagnosticCollector) -> String {
        if aliasOverride {
            return callMacro("generate_alias_name", [custom.map(Value.string) ?? .none, node], fallback: name, file: file, diagnostics: diagnostics)
        }
        return custom?.trimmingSpaces ?? name
    }

    private func callMacro(_ name: String, _ arguments: [Value], fallback: String, file: SourceFile, diagnostics: DiagnosticCollector) -> String {
        do {
            let value = try environment.callMacro(name, arguments: Arguments(arguments))
            let text = value.renderedString.trimmingWhitespace()
            return text.isEmpty ? fallback : text
        } catch {
            var diagnostic = error
            diagnostic.notes.append("while naming \(file.path) with the project's \(name) macro")
            diagnostics.emit(diagnostic)
            return fallback
        }
    }
}
