/// dbt's `state:` selector method: how each node of the current project differs from a saved manifest
/// (`--state DIR`).
///
/// Semantics follow dbt: `new` is a node the saved manifest lacks, `old` one it has; `modified` is every new
/// node plus every node whose body (file checksum), configuration, relation (database, schema, alias),
/// persisted description or upstream macros changed; each `modified.<part>` sub-selector checks one of these
/// (and, as in dbt, also selects new nodes); `unmodified` is an old node without any change.
public struct StateComparison: Sendable {
    /// The values `state:` accepts.
    public static let selectorValues = [
        "new", "old", "modified", "unmodified", "modified.body", "modified.configs", "modified.relation",
        "modified.persisted_descriptions", "modified.macros", "modified.contract",
    ]

    /// The ways a node can have changed.
    public enum Change: String, Sendable, Hashable, CaseIterable {
        case body, configs, relation, persistedDescriptions = "persisted_descriptions", macros, contract
    }

    private let previous: ManifestState
    private let current: ManifestState
    private var changedMacros: Set<String> = []

    /// Compares the current project with a saved manifest.
    /// - Parameters:
    ///   - current: the current project, as ``CompiledProject/manifestState()`` records it.
    ///   - previous: the saved manifest.
    public init(current: ManifestState, previous: ManifestState) {
        self.current = current
        self.previous = previous
        changedMacros = Set(current.macroSQL.keys.filter { previous.macroSQL[$0] != current.macroSQL[$0] })
    }

    /// Whether a node matches a `state:` value such as `modified.body`.
    /// - Parameters:
    ///   - id: the node's unique id.
    ///   - value: one of ``selectorValues``.
    /// - Returns: true when the node matches.
    public func matches(_ id: String, value: String) -> Bool {
        guard let now = current.nodes[id] else { return false }
        guard let before = previous.nodes[id] else { return value != "old" && value != "unmodified" }
        switch value {
        case "new": return false
        case "old": return true
        case "modified": return !changes(now, before).isEmpty
        case "unmodified": return changes(now, before).isEmpty
        default:
            guard value.hasPrefix("modified."), let part = Change(rawValue: String(value.dropFirst("modified.".count))) else {
                return false
            }
            return changes(now, before).contains(part)
        }
    }

    /// Everything that changed between two versions of a node.
    private func changes(_ now: ManifestState.Node, _ before: ManifestState.Node) -> Set<Change> {
        var found = Set<Change>()
        if let checksum = now.checksum, checksum != before.checksum { found.insert(.body) }
        if !sameConfig(now.config, before.config) { found.insert(.configs) }
        if now.relation != before.relation { found.insert(.relation) }
        if now.description != before.description, now.persistsDescriptions { found.insert(.persistedDescriptions) }
        if usesChangedMacro(now) { found.insert(.macros) }
        return found
    }

    /// Configurations compare whole between two Strata manifests; against dbt's, only keys both sides have.
    private func sameConfig(_ now: [String: String], _ before: [String: String]) -> Bool {
        guard !previous.isStrataManifest else { return now == before }
        return now.allSatisfy { key, value in before[key].map { $0 == value } ?? true }
    }

    /// Whether the node calls a macro, directly or through other macros, whose SQL changed or is new.
    private func usesChangedMacro(_ node: ManifestState.Node) -> Bool {
        guard !changedMacros.isEmpty else { return false }
        var pending = node.macros
        var seen = Set<String>()
        while let macro = pending.popLast() {
            guard seen.insert(macro).inserted else { continue }
            if changedMacros.contains(macro) { return true }
            pending += current.macroDependencies[macro] ?? []
        }
        return false
    }
}
