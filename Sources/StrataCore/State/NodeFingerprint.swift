import Foundation

/// The checksum that decides whether a built object is out of date: its rendered SQL (or seed file), where it
/// goes and every configuration key that changes the object. Documentation-only keys (descriptions, tags, meta)
/// are left out, so editing docs never rebuilds anything.
public enum NodeFingerprint {
    /// Configuration that describes the node without changing what is built.
    static let documentationKeys: Set<String> = ["description", "tags", "meta", "docs", "columns", "group", "access", "enabled"]

    /// The fingerprint of a node, or nil for nodes that build nothing (sources, tests, ephemeral models).
    public static func of(_ node: CompiledNode) -> String? {
        guard node.isExecutable, !node.graphNode.resourceType.isTest, let relation = node.relation else { return nil }
        var text = "materialization=\(node.materialization)\nrelation=\(relation.description)\n"
        for key in node.config.values.keys.sorted() where !documentationKeys.contains(key) {
            text += "config.\(key)=\(node.config.values[key]!.json.encoded())\n"
        }
        switch node.graphNode.resourceType {
        case .seed, .source: text += "file=\(node.checksum)\n"
        default: text += "sql=\(withoutMetadataHeaders(node.compiledCode ?? node.rawCode))\n"
        }
        for hook in node.preHookSQL { text += "pre-hook=\(hook)\n" }
        for hook in node.postHookSQL { text += "post-hook=\(hook)\n" }
        return SHA256.hex(text)
    }

    /// The SQL without plain-layout YAML headers (`/*--- ... ---*/`, also inside inlined ephemeral models): they
    /// hold descriptions and configuration, and configuration is fingerprinted key by key.
    static func withoutMetadataHeaders(_ sql: String) -> String {
        guard sql.contains("/*---") else { return sql }
        var result = ""
        var rest = sql[...]
        while let open = rest.range(of: "/*---"), let close = rest[open.upperBound...].range(of: "---*/") {
            result += rest[..<open.lowerBound]
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// Fingerprints of every node of a project that builds something, by unique id.
    public static func all(_ compiled: CompiledProject) -> [String: String] {
        var result: [String: String] = [:]
        for (id, node) in compiled.nodes {
            if let fingerprint = of(node) { result[id] = fingerprint }
        }
        return result
    }

    /// The fingerprints of the built nodes a node reads, looking through ephemeral models (whose SQL is inlined
    /// and already part of the node's own fingerprint) to the built nodes behind them.
    public static func parents(of id: String, in compiled: CompiledProject, fingerprints: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        var pending = compiled.graph.parents(of: id)
        var seen = Set(pending)
        while let parent = pending.popLast() {
            if let fingerprint = fingerprints[parent] {
                result[parent] = fingerprint
            } else if compiled.nodes[parent]?.materialization == "ephemeral" {
                for next in compiled.graph.parents(of: parent) where seen.insert(next).inserted { pending.append(next) }
            }
        }
        return result
    }
}
