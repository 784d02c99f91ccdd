import Foundation

/// Builds `manifest.json` following dbt's v12 schema, so tools that read dbt artifacts read ours.
struct ManifestBuilder {
    let compiled: CompiledProject
    let invocationID: String
    let generatedAt: Date

    /// The manifest's text. Nodes are built and encoded on all cores (a 10,000-model manifest is tens of
    /// megabytes), then spliced into the document.
    func encoded() -> String {
        let placeholder = "\u{1}strata-nodes\u{1}"
        let operations = hookOperations()
        let ids = (compiled.nodes.keys.filter { ![.source, .unitTest].contains(compiled.nodes[$0]!.graphNode.resourceType) } + operations.keys).sorted()
        let chunks = stride(from: 0, to: ids.count, by: 256).map { Array(ids[$0..<min($0 + 256, ids.count)]) }
        let encodedChunks = ParallelMap.map(chunks) { chunk in
            chunk.map { id in JSON.string(id).encoded() + ":" + (compiled.nodes[id].map(node) ?? operations[id]!).encoded() }.joined(separator: ",")
        }
        var sources: [String: JSON] = [:]
        let declared = Dictionary(compiled.project.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for node in compiled.nodes.values where node.graphNode.resourceType == .source {
            sources[node.id] = source(node, declared: declared[node.id])
        }
        let skeleton = document(nodes: .string(placeholder), sources: .sortedObject(sources)).encoded()
        guard let slot = skeleton.range(of: JSON.string(placeholder).encoded()) else { return skeleton }
        return skeleton[..<slot.lowerBound] + "{" + encodedChunks.joined(separator: ",") + "}" + skeleton[slot.upperBound...]
    }

    private func document(nodes: JSON, sources: JSON) -> JSON {
        var macros: [String: JSON] = [:]
        for macro in compiled.macros { macros[macro.uniqueID] = self.macro(macro) }
        let empty = JSON.object([])
        return .sortedObject([
            "metadata": metadata(),
            "nodes": nodes,
            "sources": sources,
            "macros": .sortedObject(macros),
            "docs": empty, "exposures": empty, "metrics": empty, "groups": empty, "selectors": empty,
            "disabled": empty, "group_map": empty, "saved_queries": empty, "semantic_models": empty, "unit_tests": unitTests(),
            "parent_map": .sortedObject(compiled.graph.parentMap.mapValues(JSON.strings).merging(hookOperations().mapValues { _ in .array([]) }) { $1 }),
            "child_map": .sortedObject(compiled.graph.childMap.mapValues(JSON.strings).merging(hookOperations().mapValues { _ in .array([]) }) { $1 }),
        ])
    }

    private func unitTests() -> JSON {
        var entries: [String: JSON] = [:]
        for node in compiled.nodes.values where node.graphNode.resourceType == .unitTest {
            entries[node.id] = UnitTestManifest.entry(node, targetPath: compiled.project.settings.targetPath, generatedAt: generatedAt)
        }
        return .sortedObject(entries)
    }

    /// `on-run-start`/`on-run-end` hooks, which dbt lists as `operation` nodes.
    private func hookOperations() -> [String: JSON] {
        var operations: [String: JSON] = [:]
        let project = compiled.project.name
        for (kind, hooks) in [("on-run-start", compiled.onRunStartSQL), ("on-run-end", compiled.onRunEndSQL)] {
            for (index, sql) in hooks.enumerated() {
                let name = "\(project)-\(kind)-\(index)"
                operations["operation.\(project).\(name)"] = .sortedObject([
                    "name": .string(name), "resource_type": "operation", "package_name": .string(project),
                    "unique_id": .string("operation.\(project).\(name)"), "fqn": .strings([project, "hooks", name]),
                    "path": .string("hooks/\(name).sql"), "original_file_path": "./dbt_project.yml", "index": .int(index),
                    "raw_code": .string(sql), "compiled_code": .string(sql), "language": "sql",
                    "depends_on": .object([("macros", .array([])), ("nodes", .array([]))]),
                    "tags": .strings([kind]), "config": .object([("enabled", true), ("materialized", "view")]),
                ])
            }
        }
        return operations
    }

    private func metadata() -> JSON {
        .sortedObject([
            "dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json",
            "dbt_version": .string(StrataVersion.dbtCompatible),
            "generated_at": .string(ArtifactDate.string(generatedAt)),
            "invocation_id": .string(invocationID),
            "env": .object([]),
            "project_name": .string(compiled.project.name),
            "project_id": .string(String(SHA256.hex(compiled.project.name).prefix(32))),
            "user_id": .null,
            "send_anonymous_usage_stats": false,
            "adapter_type": .string(compiled.target.type),
            "generator": .string("strata \(StrataVersion.current)"),
        ])
    }

    private func node(_ node: CompiledNode) -> JSON {
        let graphNode = node.graphNode
        let isBuilt = [.model, .seed, .snapshot].contains(graphNode.resourceType)
        var entry: [String: JSON] = [
            "database": .string(compiled.target.database),
            "schema": .string(node.relation?.schema ?? compiled.target.schema),
            "name": .string(isBuilt ? (graphNode.fqn.last ?? graphNode.name) : graphNode.name),
            "resource_type": .string(graphNode.resourceType.rawValue),
            "package_name": .string(graphNode.packageName),
            "path": .string(relativePath(node)),
            "original_file_path": .string(graphNode.path),
            "unique_id": .string(node.id),
            "fqn": .strings(graphNode.fqn),
            "alias": .string(node.relation?.identifier ?? graphNode.name),
            "checksum": .object([("name", "sha256"), ("checksum", .string(node.checksum))]),
            "config": config(node),
            "tags": .strings(node.config.tags),
            "description": .string(node.description),
            "columns": columns(node.columns),
            "meta": .sortedObject(node.config.meta.mapValues(\.json)),
            "group": .null,
            "docs": .object([("show", true), ("node_color", .null)]),
            "patch_path": .null,
            "build_path": .null,
            "unrendered_config": .object([]),
            "created_at": .double(generatedAt.timeIntervalSince1970),
            "relation_name": node.materialization == "ephemeral" ? .null : .optional(node.relation?.quoted),
            "raw_code": .string(node.rawCode),
            "language": .string(Self.language(node)),
            "refs": .array(node.refs.map { parts in
                .object([
                    ("name", .string(parts.last ?? "")),
                    ("package", parts.count == 2 ? .string(parts[0]) : .null),
                    ("version", .null),
                ])
            }),
            "sources": .array(node.sources.map(JSON.strings)),
            "metrics": .array([]),
            "depends_on": .object([("macros", .strings(node.macros)), ("nodes", .strings(node.dependsOn))]),
            "compiled_path": .null,
            "contract": .object([("enforced", false), ("alias_types", true), ("checksum", .null)]),
            "access": "protected",
            "constraints": .array([]),
            "version": .null,
            "latest_version": .null,
            "deprecation_date": .null,
        ]
        if let code = node.compiledCode {
            entry["compiled"] = true
            entry["compiled_code"] = .string(code)
            entry["compiled_path"] = .string(PathText.join(compiled.project.settings.targetPath, "compiled", graphNode.packageName, node.artifactPath))
            entry["extra_ctes_injected"] = true
            entry["extra_ctes"] = .array([])
        }
        if graphNode.resourceType == .seed { entry["root_path"] = .string(compiled.project.rootPath) }
        if graphNode.resourceType == .test { DataTestManifest.addFields(of: node, to: &entry) }
        return .sortedObject(entry)
    }

    /// A source's entry; the catalog fields (`loader`, `meta`, `freshness`, ...) come from the typed `Source`.
    private func source(_ node: CompiledNode, declared: Source?) -> JSON {
        let graphNode = node.graphNode
        let fqn = graphNode.fqn
        let noFreshness = FreshnessRule().json
        return .sortedObject([
            "database": .string(compiled.target.database),
            "schema": .string(node.relation?.schema ?? ""),
            "name": .string(fqn.last ?? graphNode.name),
            "resource_type": "source",
            "package_name": .string(graphNode.packageName),
            "path": .string(graphNode.path),
            "original_file_path": .string(graphNode.path),
            "unique_id": .string(node.id),
            "fqn": .strings(fqn),
            "source_name": .string(fqn.count >= 3 ? fqn[fqn.count - 2] : ""),
            "source_description": .string(node.config["__source_description"]?.stringValue ?? ""),
            "loader": .string(declared?.loader ?? ""),
            "identifier": .string(node.relation?.identifier ?? ""),
            "quoting": .object([]),
            "loaded_at_field": .optional(declared?.loadedAtField),
            "freshness": declared?.freshness?.json ?? noFreshness,
            "external": .null,
            "description": .string(node.description),
            "columns": columns(node.columns),
            "meta": .sortedObject((declared?.meta ?? node.config.meta).mapValues(\.json)),
            "source_meta": .sortedObject((declared?.sourceMeta ?? [:]).mapValues(\.json)),
            "tags": .strings(node.config.tags),
            "config": .object([("enabled", true)]),
            "patch_path": .null,
            "unrendered_config": .object([]),
            "relation_name": .optional(node.relation?.quoted),
            "created_at": .double(generatedAt.timeIntervalSince1970),
        ])
    }

    private func config(_ node: CompiledNode) -> JSON {
        var config: [String: JSON] = [
            "enabled": true, "alias": .null, "schema": .null, "database": .null, "tags": .array([]),
            "meta": .object([]), "group": .null, "materialized": .string(node.materialization),
            "incremental_strategy": .null, "persist_docs": .object([]), "post-hook": .array([]), "pre-hook": .array([]),
            "quoting": .object([]), "column_types": .object([]), "full_refresh": .null, "unique_key": .null,
            "on_schema_change": "ignore", "on_configuration_change": "apply", "grants": .object([]),
            "packages": .array([]), "docs": .object([("show", true), ("node_color", .null)]),
            "contract": .object([("enforced", false), ("alias_types", true)]), "access": "protected",
        ]
        for (key, value) in node.config.values where !key.hasPrefix("__") {
            switch key {
            case "pre-hook", "post-hook":
                config[key] = .array((value.listValue ?? [value]).map { hook in
                    .object([("sql", .string(hook.stringValue ?? hook["sql"]?.stringValue ?? "")), ("transaction", true)])
                })
            default:
                config[key] = value.json
            }
        }
        return .sortedObject(config)
    }

    private func columns(_ columns: [ColumnInfo]) -> JSON {
        var result: [String: JSON] = [:]
        for column in columns {
            result[column.name] = .object([
                ("name", .string(column.name)), ("description", .string(column.description)),
                ("meta", .sortedObject(column.meta.mapValues(\.json))), ("data_type", .optional(column.dataType)),
                ("constraints", .array([])), ("quote", .null), ("tags", .strings(column.tags)),
            ])
        }
        return .sortedObject(result)
    }

    private func macro(_ macro: MacroInfo) -> JSON {
        .sortedObject([
            "name": .string(macro.name), "resource_type": "macro", "package_name": .string(macro.packageName),
            "path": .string(macro.path), "original_file_path": .string(macro.path), "unique_id": .string(macro.uniqueID),
            "macro_sql": .string(macro.sql), "depends_on": .object([("macros", .array([]))]), "description": "",
            "meta": .object([]), "docs": .object([("show", true), ("node_color", .null)]), "patch_path": .null,
            "arguments": .array([]), "created_at": .double(generatedAt.timeIntervalSince1970), "supported_languages": .null,
        ])
    }

    private func relativePath(_ node: CompiledNode) -> String {
        let components = node.graphNode.path.split(separator: "/")
        return components.count > 1 ? components.dropFirst().joined(separator: "/") : node.graphNode.path
    }
}

/// A macro as listed in the manifest.
public struct MacroInfo: Sendable {
    /// Macro name.
    public var name: String
    /// Package that defines it.
    public var packageName: String
    /// File path relative to the package root.
    public var path: String
    /// The macro's source.
    public var sql: String

    /// Creates a macro description.
    public init(name: String, packageName: String, path: String, sql: String) {
        self.name = name
        self.packageName = packageName
        self.path = path
        self.sql = sql
    }

    /// `macro.<package>.<name>`.
    public var uniqueID: String { "macro.\(packageName).\(name)" }
}

extension ManifestBuilder {
    /// dbt's `language`: `python` for a `.py` script model, `script` for another executable, else `sql`.
    static func language(_ node: CompiledNode) -> String {
        guard node.language == .script else { return "sql" }
        return node.scriptPath?.hasSuffix(".py") == true ? "python" : "script"
    }
}
