import Foundation

/// Builds `manifest.json` following dbt's v12 schema, so tools that read dbt artifacts read ours.
struct ManifestBuilder {
    let compiled: CompiledProject
    let invocationID: String
    let generatedAt: Date

    func build() -> [String: Any] {
        var nodes: [String: Any] = [:]
        var sources: [String: Any] = [:]
        for node in compiled.nodes.values {
            switch node.graphNode.resourceType {
            case .source: sources[node.id] = source(node)
            default: nodes[node.id] = self.node(node)
            }
        }
        return [
            "metadata": metadata(),
            "nodes": nodes,
            "sources": sources,
            "macros": compiled.macros.reduce(into: [String: Any]()) { $0[$1.uniqueID] = macro($1) },
            "docs": [String: Any](),
            "exposures": [String: Any](),
            "metrics": [String: Any](),
            "groups": [String: Any](),
            "selectors": [String: Any](),
            "disabled": [String: Any](),
            "parent_map": compiled.graph.parentMap,
            "child_map": compiled.graph.childMap,
            "group_map": [String: Any](),
            "saved_queries": [String: Any](),
            "semantic_models": [String: Any](),
            "unit_tests": [String: Any](),
        ]
    }

    private func metadata() -> [String: Any] {
        [
            "dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json",
            "dbt_version": StrataVersion.dbtCompatible,
            "generated_at": ArtifactDate.string(generatedAt),
            "invocation_id": invocationID,
            "env": [String: String](),
            "project_name": compiled.project.name,
            "project_id": String(SHA256.hex(compiled.project.name).prefix(32)),
            "user_id": NSNull(),
            "send_anonymous_usage_stats": false,
            "adapter_type": compiled.target.type,
            "generator": "strata \(StrataVersion.current)",
        ]
    }

    private func node(_ node: CompiledNode) -> [String: Any] {
        let graphNode = node.graphNode
        var entry: [String: Any] = [
            "database": compiled.target.database,
            "schema": node.relation?.schema ?? compiled.target.schema,
            "name": graphNode.resourceType == .model || graphNode.resourceType == .seed ? fileStem(node) : graphNode.name,
            "resource_type": graphNode.resourceType.rawValue,
            "package_name": graphNode.packageName,
            "path": relativePath(node),
            "original_file_path": graphNode.path,
            "unique_id": node.id,
            "fqn": graphNode.fqn,
            "alias": node.relation?.identifier ?? graphNode.name,
            "checksum": ["name": "sha256", "checksum": node.checksum],
            "config": config(node),
            "tags": node.config.tags,
            "description": node.description,
            "columns": columns(node.columns),
            "meta": node.config.meta.mapValues(\.jsonObject),
            "group": NSNull(),
            "docs": ["show": true, "node_color": NSNull()] as [String: Any],
            "patch_path": NSNull(),
            "build_path": NSNull(),
            "unrendered_config": [String: Any](),
            "created_at": generatedAt.timeIntervalSince1970,
            "relation_name": node.materialization == "ephemeral" ? NSNull() : (node.relation.map { $0.quoted as Any } ?? NSNull()),
            "raw_code": node.rawCode,
            "language": "sql",
            "refs": node.refs.map { parts -> [String: Any] in
                parts.count == 2 ? ["name": parts[1], "package": parts[0], "version": NSNull()] : ["name": parts.last ?? "", "package": NSNull(), "version": NSNull()]
            },
            "sources": node.sources,
            "metrics": [[String]](),
            "depends_on": ["macros": node.macros, "nodes": node.dependsOn],
            "compiled_path": NSNull(),
            "contract": ["enforced": false, "alias_types": true, "checksum": NSNull()] as [String: Any],
            "access": "protected",
            "constraints": [Any](),
            "version": NSNull(),
            "latest_version": NSNull(),
            "deprecation_date": NSNull(),
        ]
        if let code = node.compiledCode {
            entry["compiled"] = true
            entry["compiled_code"] = code
            entry["compiled_path"] = PathText.join(compiled.project.settings.targetPath, "compiled", graphNode.packageName, graphNode.path)
            entry["extra_ctes_injected"] = true
            entry["extra_ctes"] = [Any]()
        }
        if graphNode.resourceType == .seed { entry["root_path"] = compiled.project.rootPath }
        return entry
    }

    private func source(_ node: CompiledNode) -> [String: Any] {
        let graphNode = node.graphNode
        return [
            "database": compiled.target.database,
            "schema": node.relation?.schema ?? "",
            "name": graphNode.fqn.last ?? graphNode.name,
            "resource_type": "source",
            "package_name": graphNode.packageName,
            "path": graphNode.path,
            "original_file_path": graphNode.path,
            "unique_id": node.id,
            "fqn": graphNode.fqn,
            "source_name": graphNode.fqn.count >= 3 ? graphNode.fqn[graphNode.fqn.count - 2] : "",
            "source_description": node.config["__source_description"]?.stringValue ?? "",
            "loader": node.config["loader"]?.stringValue ?? "",
            "identifier": node.relation?.identifier ?? "",
            "quoting": [String: Any](),
            "loaded_at_field": node.config["loaded_at_field"]?.jsonObject ?? NSNull(),
            "freshness": node.config["freshness"]?.jsonObject ?? ["warn_after": [String: Any](), "error_after": [String: Any](), "filter": NSNull()],
            "external": NSNull(),
            "description": node.description,
            "columns": columns(node.columns),
            "meta": node.config.meta.mapValues(\.jsonObject),
            "source_meta": [String: Any](),
            "tags": node.config.tags,
            "config": ["enabled": true],
            "patch_path": NSNull(),
            "unrendered_config": [String: Any](),
            "relation_name": node.relation.map { $0.quoted as Any } ?? NSNull(),
            "created_at": generatedAt.timeIntervalSince1970,
        ]
    }

    private func config(_ node: CompiledNode) -> [String: Any] {
        var config: [String: Any] = [
            "enabled": true, "alias": NSNull(), "schema": NSNull(), "database": NSNull(), "tags": [String](),
            "meta": [String: Any](), "group": NSNull(), "materialized": node.materialization,
            "incremental_strategy": NSNull(), "persist_docs": [String: Any](), "post-hook": [Any](), "pre-hook": [Any](),
            "quoting": [String: Any](), "column_types": [String: Any](), "full_refresh": NSNull(), "unique_key": NSNull(),
            "on_schema_change": "ignore", "on_configuration_change": "apply", "grants": [String: Any](),
            "packages": [String](), "docs": ["show": true, "node_color": NSNull()] as [String: Any],
            "contract": ["enforced": false, "alias_types": true], "access": "protected",
        ]
        for (key, value) in node.config.values where !key.hasPrefix("__") {
            switch key {
            case "pre-hook", "post-hook":
                config[key] = (value.listValue ?? [value]).map { hook -> [String: Any] in
                    ["sql": hook.stringValue ?? hook["sql"]?.stringValue ?? "", "transaction": true]
                }
            default:
                config[key] = value.jsonObject
            }
        }
        return config
    }

    private func columns(_ columns: [ColumnInfo]) -> [String: Any] {
        columns.reduce(into: [String: Any]()) { result, column in
            result[column.name] = [
                "name": column.name, "description": column.description, "meta": column.meta.mapValues(\.jsonObject),
                "data_type": column.dataType.map { $0 as Any } ?? NSNull(), "constraints": [Any](), "quote": NSNull(),
                "tags": column.tags,
            ] as [String: Any]
        }
    }

    private func macro(_ macro: MacroInfo) -> [String: Any] {
        [
            "name": macro.name, "resource_type": "macro", "package_name": macro.packageName, "path": macro.path,
            "original_file_path": macro.path, "unique_id": macro.uniqueID, "macro_sql": macro.sql,
            "depends_on": ["macros": [String]()], "description": "", "meta": [String: Any](),
            "docs": ["show": true, "node_color": NSNull()] as [String: Any], "patch_path": NSNull(), "arguments": [Any](),
            "created_at": generatedAt.timeIntervalSince1970, "supported_languages": NSNull(),
        ]
    }

    private func fileStem(_ node: CompiledNode) -> String { node.graphNode.fqn.last ?? node.graphNode.name }

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
