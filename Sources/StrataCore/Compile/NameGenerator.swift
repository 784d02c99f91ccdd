import Foundation
import StrataDiagnostics
import StrataJinja
import Synchronization

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
    /// What an override rendered, by custom name, when its output depends on the custom name alone (it does not
    /// read `node`, calls nothing and reads no global but `target`): nil when it must run for every node. The usual
    /// `generate_schema_name` then runs once per custom schema rather than once per model.
    private let schemaNames: NameMemo?
    private let aliasNames: NameMemo?

    init(project: Project, target: TargetInfo, environment: Environment) {
        self.project = project
        self.target = target
        self.environment = environment
        let overrides = ["generate_schema_name", "generate_alias_name"].map { environment.macros.macro(named: $0) }
        schemaOverride = overrides[0] != nil
        aliasOverride = overrides[1] != nil
        func readsNode(_ macro: Macro) -> Bool {
            let names = macro.parameterNames
            return names.count < 2 || macro.mayRead(names[1])
        }
        nodeIsRead = overrides.compactMap { $0 }.contains(where: readsNode)
        func memo(_ macro: Macro?) -> NameMemo? {
            guard let macro, !readsNode(macro), macro.dependsOnlyOnArguments(andGlobals: ["target"]) else { return nil }
            return NameMemo()
        }
        schemaNames = memo(overrides[0])
        aliasNames = memo(overrides[1])
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
            let rendered = render(through: schemaNames, custom: custom) {
                callMacro("generate_schema_name", [custom.map(Value.string) ?? .none, node], file: file, diagnostics: diagnostics)
            }
            return rendered.flatMap { $0.isEmpty ? nil : $0 } ?? target.schema
        }
        guard let custom = custom?.trimmingSpaces, !custom.isEmpty else { return target.schema }
        return "\(target.schema)_\(custom)"
    }

    private func generateAlias(custom: String?, name: String, node: Value, file: SourceFile, diagnostics: DiagnosticCollector) -> String {
        if aliasOverride {
            let rendered = render(through: aliasNames, custom: custom) {
                callMacro("generate_alias_name", [custom.map(Value.string) ?? .none, node], file: file, diagnostics: diagnostics)
            }
            return rendered.flatMap { $0.isEmpty ? nil : $0 } ?? name
        }
        return custom?.trimmingSpaces ?? name
    }

    /// `render` through the memo when there is one, else for this node.
    private func render(through memo: NameMemo?, custom: String?, _ render: () -> String?) -> String? {
        guard let memo else { return render() }
        return memo.name(for: custom, render)
    }

    /// What the macro renders for the node, trimmed (empty means the default name), or nil, the error reported,
    /// when it fails (the default name too).
    private func callMacro(_ name: String, _ arguments: [Value], file: SourceFile, diagnostics: DiagnosticCollector) -> String? {
        do {
            let value = try environment.callMacro(name, arguments: Arguments(arguments))
            return value.renderedString.trimmingWhitespace()
        } catch {
            var diagnostic = error
            diagnostic.notes.append("while naming \(file.path) with the project's \(name) macro")
            diagnostics.emit(diagnostic)
            return nil
        }
    }
}

/// What a naming macro rendered, by the custom name it was called with, shared by the threads naming nodes.
final class NameMemo: Sendable {
    private let names = Mutex<[String?: String]>([:])

    /// What `make` renders for `custom`, made once; a failure (nil, already reported) is not kept, so each node
    /// it names reports it as before.
    func name(for custom: String?, _ make: () -> String?) -> String? {
        if let known = names.withLock({ $0[custom] }) { return known }
        guard let made = make() else { return nil }
        names.withLock { $0[custom] = made }
        return made
    }
}
