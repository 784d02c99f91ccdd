/// The manifest keys only data tests have: `test_metadata`, `column_name`, `attached_node`, `file_key_name`.
enum DataTestManifest {
    static func addFields(of node: CompiledNode, to entry: inout [String: JSON]) {
        entry["attached_node"] = .optional(node.graphNode.attachedNodeID)
        entry["column_name"] = .optional(node.testMetadata?.columnName)
        guard let metadata = node.testMetadata else { return }
        entry["test_metadata"] = .sortedObject([
            "name": .string(metadata.name),
            "namespace": .optional(metadata.namespace),
            "kwargs": .sortedObject(metadata.kwargs.mapValues(\.json)),
        ])
        if let attached = node.graphNode.attachedNodeID {
            let parts = attached.split(separator: ".")
            // `models.orders`, `seeds.raw_customers`, or `sources.raw` (the source, not the table).
            let kind = parts.first.map { "\($0)s" } ?? "models"
            let name = parts.first == "source" && parts.count >= 4 ? parts[2] : parts.last ?? ""
            entry["file_key_name"] = .string("\(kind).\(name)")
        }
    }
}
