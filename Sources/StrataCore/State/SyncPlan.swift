/// What `strata plan` reports and `strata sync` applies: every built node of the project compared with the
/// warehouse's state and catalog.
public struct SyncPlan: Sendable {
    /// How a node compares with what the warehouse holds.
    public enum Change: String, Sendable, Hashable, CaseIterable {
        /// Never built (no state row).
        case new
        /// Built from a different definition.
        case changed
        /// Recorded as built, but its object is gone (dropped by hand, or by a `CASCADE`).
        case missing
        /// Its own definition is unchanged but an upstream definition changed since it was built (for example,
        /// the upstream was rebuilt alone with `--select`).
        case stale
        /// Unchanged, but downstream of a node that is rebuilt: its data or its view must follow.
        case downstream
        /// Nothing to do.
        case unchanged
    }

    /// One node of the project.
    public struct Entry: Sendable {
        /// dbt unique id.
        public var nodeID: String
        /// The relation the node builds.
        public var relation: Relation
        /// The node's materialization.
        public var materialization: String
        /// How it compares.
        public var change: Change
        /// Why, in a few words (`materialization view → table`, `upstream core.x changed`).
        public var reason: String
        /// For changed nodes: the short SQL diff against what was built.
        public var diff: [String]
        /// Columns the new definition adds and removes, when they could be worked out.
        public var columnsAdded: [String]
        /// Columns the new definition no longer has.
        public var columnsRemoved: [String]
        /// The state row, when there is one.
        public var previous: NodeState?
    }

    /// Every built node of the project in scope, in dependency order.
    public var entries: [Entry]
    /// Objects recorded in the state whose nodes are no longer in the project.
    public var orphans: [NodeState]

    /// Entries with a given change.
    public func entries(_ change: Change) -> [Entry] { entries.filter { $0.change == change } }

    /// Whether applying the plan would do anything (orphans count: they are pending a `--prune`).
    public var hasChanges: Bool { entries.contains { $0.change != .unchanged } || !orphans.isEmpty }

    /// The nodes `strata sync` rebuilds.
    public func nodesToRebuild(missingOnly: Bool = false) -> Set<String> {
        Set(entries.filter { missingOnly ? $0.change == .missing : $0.change != .unchanged }.map(\.nodeID))
    }
}

/// Compares a compiled project with the warehouse's state and catalog.
public struct SyncPlanner: Sendable {
    let compiled: CompiledProject

    /// Creates a planner.
    public init(compiled: CompiledProject) {
        self.compiled = compiled
    }

    /// Plans a sync of the nodes in `scope` (built nodes only; others are ignored).
    /// - Parameters:
    ///   - scope: unique ids to consider (the selection).
    ///   - state: the environment's state rows by node id.
    ///   - existing: every relation in the warehouse's relevant schemas with its kind (database names ignored).
    /// - Returns: the plan.
    public func plan(scope: Set<String>, state: [String: NodeState], existing: [Relation: RelationKind]) -> SyncPlan {
        let fingerprints = NodeFingerprint.all(compiled)
        let order = compiled.graph.topologicalOrder() ?? compiled.graph.nodes.map(\.id)
        var changes: [String: (SyncPlan.Change, String)] = [:]
        for id in order {
            guard let fingerprint = fingerprints[id], let node = compiled.nodes[id], let relation = node.relation else { continue }
            guard let previous = state[id] else {
                changes[id] = (.new, "never built")
                continue
            }
            let relationKey = Relation(schema: relation.schema, identifier: relation.identifier)
            if previous.checksum != fingerprint {
                changes[id] = (.changed, Self.reason(previous: previous, node: node, relation: relationKey))
                continue
            }
            guard let kind = existing[relationKey], Self.kind(kind, matches: node.materialization) else {
                changes[id] = (.missing, existing[relationKey] == nil ? "not in the warehouse" : "is a \(existing[relationKey]!.rawValue) now")
                continue
            }
            // Follows a rebuilt upstream: a restored (missing) parent has the same definition and data, so only
            // new, changed and stale nodes drag their descendants along.
            let parents = NodeFingerprint.parents(of: id, in: compiled, fingerprints: fingerprints)
            if let cause = parents.keys.sorted().first(where: { parent in
                guard let (change, _) = changes[parent] else { return false }
                return change == .new || change == .changed || change == .stale || change == .downstream
            }) {
                changes[id] = (.downstream, "upstream \(displayName(cause)) is rebuilt")
                continue
            }
            if let moved = parents.keys.sorted().first(where: { previous.parentChecksums[$0] != parents[$0] }) {
                changes[id] = (.stale, "upstream \(displayName(moved)) changed since it was built")
                continue
            }
            changes[id] = (.unchanged, "")
        }
        var entries: [SyncPlan.Entry] = []
        for id in order where scope.contains(id) {
            guard let (change, reason) = changes[id], let node = compiled.nodes[id], let relation = node.relation else { continue }
            let previous = state[id]
            var diff: [String] = []
            if change == .changed, let previous, let sql = node.compiledCode, previous.compiledSQL != sql {
                diff = LineDiff.changes(from: previous.compiledSQL, to: sql)
            }
            entries.append(
                SyncPlan.Entry(
                    nodeID: id, relation: relation, materialization: node.materialization, change: change, reason: reason, diff: diff,
                    columnsAdded: [], columnsRemoved: [], previous: previous))
        }
        let orphans = state.values.filter { compiled.nodes[$0.nodeID].flatMap { fingerprints[$0.id] } == nil }
            .sorted { $0.relation < $1.relation }
        return SyncPlan(entries: entries, orphans: orphans)
    }

    private func displayName(_ id: String) -> String {
        compiled.nodes[id]?.relation?.description ?? compiled.graph.node(id)?.name ?? id
    }

    private static func reason(previous: NodeState, node: CompiledNode, relation: Relation) -> String {
        if previous.relation != relation { return "moves from \(previous.relation.description)" }
        if previous.materialization != node.materialization { return "materialization \(previous.materialization) → \(node.materialization)" }
        if node.graphNode.resourceType == .seed { return "seed file or its configuration changed" }
        if node.graphNode.resourceType == .source { return "source files changed" }
        if previous.compiledSQL == (node.compiledCode ?? "") { return "configuration changed" }
        return "SQL changed"
    }

    private static func kind(_ kind: RelationKind, matches materialization: String) -> Bool {
        switch materialization {
        case "view": return kind == .view
        case "materialized_view": return kind == .materializedView || kind == .table
        default: return kind == .table
        }
    }

    /// The schemas the plan must look at in the warehouse: every built node's, and every recorded object's.
    public func schemas(state: [String: NodeState]) -> Set<String> {
        var schemas = Set(compiled.nodes.values.compactMap { $0.isExecutable ? $0.relation?.schema : nil })
        for row in state.values { schemas.insert(row.relation.schema) }
        return schemas
    }
}
