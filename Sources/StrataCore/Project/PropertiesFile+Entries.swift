import StrataDiagnostics

/// A `models:`/`seeds:` entry of a properties file: the documentation and configuration it patches onto a node.
struct NodePatch: Sendable {
    var name: String
    var nameNode: YAMLNode
    var description: String?
    var columns: [ColumnInfo]
    var config: [String: ConfigValue]
    var entry: YAMLNode
    var file: PropertiesFile
}

extension PropertiesFile {
    /// Entries under a top-level key such as `models` or `seeds`.
    func patches(for key: String) -> [NodePatch] {
        root[key]?.items.compactMap { entry in
            guard let nameNode = entry["name"], let name = nameNode.stringValue else { return nil }
            var config = entry["config"]?.value.dictValue ?? [:]
            // dbt still accepts a few configs at the top level of an entry.
            for key in ["tags", "meta", "docs"] where config[key] == nil {
                if let value = entry[key]?.value { config[key] = value }
            }
            return NodePatch(
                name: name, nameNode: nameNode, description: entry["description"]?.stringValue,
                columns: Self.columns(entry["columns"]), config: config, entry: entry, file: self)
        } ?? []
    }

    static func columns(_ node: YAMLNode?) -> [ColumnInfo] {
        guard let node else { return [] }
        if node.isMapping {
            // The plain-layout header form: `columns: {name: description}`.
            return node.pairs.compactMap { pair in
                guard let name = pair.key.stringValue else { return nil }
                if pair.value.isMapping { return column(named: name, pair.value) }
                return ColumnInfo(name: name, description: pair.value.stringValue ?? "")
            }
        }
        return node.items.compactMap { item in
            guard let name = item["name"]?.stringValue else { return nil }
            return column(named: name, item)
        }
    }

    private static func column(named name: String, _ node: YAMLNode) -> ColumnInfo {
        ColumnInfo(
            name: name, description: node["description"]?.stringValue ?? "",
            dataType: node["data_type"]?.stringValue, meta: node["meta"]?.value.dictValue ?? [:],
            tags: node["tags"]?.value.stringList ?? [])
    }
}
