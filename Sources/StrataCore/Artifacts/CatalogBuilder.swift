import Foundation

/// Builds `catalog.json` (`strata docs generate`) following dbt's v1 catalog schema: the warehouse's view of
/// every documented model, seed, snapshot and source — its kind and its columns with their types, in order.
struct CatalogBuilder {
    let invocationID: String
    let generatedAt: Date

    func build(_ compiled: CompiledProject, catalog: [Relation: CatalogRelation]) -> JSON {
        let warehouse = DocsWarehouse(catalog: catalog)
        var nodes: [String: JSON] = [:]
        var sources: [String: JSON] = [:]
        for node in compiled.nodes.values where DocsCatalog.documentedTypes.contains(node.graphNode.resourceType) {
            guard let relation = node.relation, let entry = warehouse.catalogEntry(relation) else { continue }
            let table = self.table(node.id, relation: relation, entry: entry)
            if node.graphNode.resourceType == .source { sources[node.id] = table } else { nodes[node.id] = table }
        }
        return .object([
            (
                "metadata",
                .object([
                    ("dbt_schema_version", "https://schemas.getdbt.com/dbt/catalog/v1.json"),
                    ("dbt_version", .string(StrataVersion.dbtCompatible)),
                    ("generated_at", .string(ArtifactDate.string(generatedAt))),
                    ("invocation_id", .string(invocationID)), ("env", .object([])),
                ])
            ),
            ("nodes", .sortedObject(nodes)), ("sources", .sortedObject(sources)), ("errors", .null),
        ])
    }

    private func table(_ id: String, relation: Relation, entry: CatalogRelation) -> JSON {
        let type: String
        switch entry.kind {
        case .view: type = "VIEW"
        case .materializedView: type = "MATERIALIZED VIEW"
        case .external: type = "FOREIGN TABLE"
        case .table: type = "BASE TABLE"
        }
        let columns = entry.columns.enumerated().map { index, column -> (key: String, value: JSON) in
            (
                column.name,
                .object([
                    ("type", .string(column.dataType)), ("index", .int(index + 1)), ("name", .string(column.name)),
                    ("comment", .null),
                ])
            )
        }
        return .object([
            (
                "metadata",
                .object([
                    ("type", .string(type)), ("schema", .string(relation.schema)),
                    ("name", .string(relation.identifier)), ("database", .null), ("comment", .null), ("owner", .null),
                ])
            ),
            ("columns", .object(columns)), ("stats", .object([])), ("unique_id", .string(id)),
        ])
    }
}
