public import Foundation

/// What state comparison needs from a `manifest.json` (Strata's or dbt's): for each node and source its
/// checksum, configuration, relation and macros, plus each macro's SQL.
public struct ManifestState: Sendable {
    /// One node as the manifest recorded it.
    public struct Node: Sendable, Hashable {
        /// The file checksum (`checksum.checksum`); nil when the manifest has none (sources).
        public var checksum: String?
        /// The `config` object: each key's value as canonical JSON text (sorted keys), for comparison.
        public var config: [String: String]
        /// `database.schema.alias` (`identifier` for sources).
        public var relation: [String?]
        /// `depends_on.macros`.
        public var macros: [String]
        /// `description`, for `state:modified.persisted_descriptions`.
        public var description: String
        /// Whether `persist_docs` writes descriptions to the warehouse, which makes them part of the state.
        public var persistsDescriptions: Bool
    }

    /// Nodes, seeds, tests and sources by unique id.
    public var nodes: [String: Node]
    /// Whether Strata wrote the manifest (`metadata.generator`); dbt's manifests list config keys Strata does
    /// not know, so only the keys both sides have are compared.
    public var isStrataManifest: Bool
    /// `macro_sql` by macro unique id.
    public var macroSQL: [String: String]
    /// `depends_on.macros` of each macro, for macros that call other macros.
    public var macroDependencies: [String: [String]]

    /// Reads a manifest.
    /// - Parameter data: the `manifest.json` bytes.
    /// - Throws: when the bytes are not a JSON object.
    public init(data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        var nodes: [String: Node] = [:]
        for section in ["nodes", "sources"] {
            for (id, value) in root[section] as? [String: Any] ?? [:] {
                guard let entry = value as? [String: Any] else { continue }
                nodes[id] = Self.node(entry, isSource: section == "sources")
            }
        }
        var macroSQL: [String: String] = [:]
        var macroDependencies: [String: [String]] = [:]
        for (id, value) in root["macros"] as? [String: Any] ?? [:] {
            guard let entry = value as? [String: Any] else { continue }
            macroSQL[id] = entry["macro_sql"] as? String ?? ""
            macroDependencies[id] = (entry["depends_on"] as? [String: Any])?["macros"] as? [String] ?? []
        }
        self.nodes = nodes
        let generator = (root["metadata"] as? [String: Any])?["generator"] as? String
        isStrataManifest = generator?.hasPrefix("strata") ?? false
        self.macroSQL = macroSQL
        self.macroDependencies = macroDependencies
    }

    private static func node(_ entry: [String: Any], isSource: Bool) -> Node {
        let checksum = (entry["checksum"] as? [String: Any])?["checksum"] as? String
        var config: [String: String] = [:]
        for (key, value) in entry["config"] as? [String: Any] ?? [:] {
            // Fragments (strings, numbers) need .fragmentsAllowed; arrays and objects get sorted keys.
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
            config[key] = data.map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        }
        let name = isSource ? entry["identifier"] : entry["alias"]
        let persistDocs = (entry["config"] as? [String: Any])?["persist_docs"] as? [String: Any] ?? [:]
        return Node(
            checksum: checksum.flatMap { $0.isEmpty ? nil : $0 },
            config: config,
            relation: [entry["database"] as? String, entry["schema"] as? String, name as? String],
            macros: (entry["depends_on"] as? [String: Any])?["macros"] as? [String] ?? [],
            description: entry["description"] as? String ?? "",
            persistsDescriptions: persistDocs.values.contains { $0 as? Bool == true })
    }
}

extension CompiledProject {
    /// The project as its own `manifest.json` would record it, for comparing with a saved one.
    public func manifestState() -> ManifestState {
        let text = ManifestBuilder(compiled: self, invocationID: "", generatedAt: Date(timeIntervalSince1970: 0)).encoded()
        // Our own manifest is always a JSON object.
        return try! ManifestState(data: Data(text.utf8))
    }
}
