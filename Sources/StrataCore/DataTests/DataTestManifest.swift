/// The members only a data test's manifest entry has, as dbt writes them.
struct DataTestManifest {
    /// The tested node (`attached_node`, present and null for a singular test).
    var attachedNode: String?
    /// The tested column (`column_name`).
    var columnName: String?
    /// `file_key_name`: `models.orders`, `seeds.raw_customers`, or `sources.raw` (the source, not the table).
    var fileKeyName: String?
    /// `test_metadata`, for generic tests.
    var metadata: TestMetadata?

    init(_ node: CompiledNode) {
        attachedNode = node.graphNode.attachedNodeID
        columnName = node.testMetadata?.columnName
        metadata = node.testMetadata
        guard metadata != nil, let attached = attachedNode else { return }
        let parts = attached.utf8.split(separator: UInt8(ascii: ".")).map { String(decoding: $0, as: UTF8.self) }
        let kind = parts.first.map { "\($0)s" } ?? "models"
        let name = parts.first == "source" && parts.count >= 4 ? parts[2] : parts.last ?? ""
        fileKeyName = "\(kind).\(name)"
    }

    /// Writes `test_metadata` (nothing for a singular test).
    func writeMetadata(into members: inout JSONMembers) {
        guard let metadata else { return }
        members.object("test_metadata") { object in
            object.sorted("kwargs", metadata.kwargs)
            object.string("name", metadata.name)
            object.optional("namespace", metadata.namespace)
        }
    }
}
