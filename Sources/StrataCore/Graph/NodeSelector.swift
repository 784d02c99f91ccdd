/// Evaluates `--select` / `--exclude` specs against a graph with dbt's semantics.
///
/// Each criterion first matches nodes by its method, then adds graph neighbours for its operators (`+`, `N+`,
/// `@`), then pulls in tests attached to what it selected (indirect selection). Criteria combine by union and
/// intersection, the exclude spec (always expanded eagerly, as in dbt) is subtracted, and finally only nodes of
/// the selector's resource types are kept. Everything is computed on node indices, so selecting in a graph of
/// tens of thousands of nodes takes milliseconds.
public struct NodeSelector: Sendable {
    /// The graph selected from.
    public let graph: Graph
    /// The resource types the command works on; others are dropped at the end (`dbt run` keeps models only).
    public var resourceTypes: Set<ResourceType>
    /// How tests attached to selected nodes join the selection; exclusions always use `.eager`.
    public var indirectSelection: IndirectSelection
    /// The root project's name, which `package:this` stands for.
    public var rootPackage: String?
    /// The comparison with a saved manifest that `state:` criteria match against; without one they match nothing.
    public var state: StateComparison?

    /// Creates a selector.
    /// - Parameters:
    ///   - graph: the full project graph.
    ///   - resourceTypes: the resource types to keep; all by default.
    ///   - indirectSelection: the indirect selection mode for `select`; eager by default.
    ///   - rootPackage: the root project's name, for `package:this`.
    public init(
        graph: Graph,
        resourceTypes: Set<ResourceType> = Set(ResourceType.allCases),
        indirectSelection: IndirectSelection = .eager,
        rootPackage: String? = nil
    ) {
        self.graph = graph
        self.resourceTypes = resourceTypes
        self.indirectSelection = indirectSelection
        self.rootPackage = rootPackage
    }

    /// The ids selected by `select` minus those selected by `exclude`, restricted to ``resourceTypes``.
    ///
    /// Space-separated criteria are a union, comma-separated ones an intersection. When `select` is nil or has
    /// no criteria, every node is selected.
    /// - Parameters:
    ///   - select: the `--select` spec.
    ///   - exclude: the `--exclude` spec.
    /// - Returns: the selected node ids.
    public func select(_ select: SelectionSpec?, exclude: SelectionSpec?) -> Set<String> {
        let included: Selection
        if let select, !select.isEmpty {
            included = evaluate(select.expression, mode: indirectSelection)
        } else {
            let all = Set(graph.nodes.indices)
            included = Selection(direct: all, indirect: all)
        }
        var result = included
        if let exclude, !exclude.isEmpty {
            let excluded = evaluate(exclude.expression, mode: .eager)
            result = combine([included, excluded], mode: indirectSelection) { $0[0].subtracting($0[1]) }
        }
        return graph.ids(result.direct.filter { resourceTypes.contains(graph.nodes[$0].resourceType) })
    }

    /// The nodes one criterion's method matches, before graph operators and indirect selection.
    /// - Parameter criterion: the criterion.
    /// - Returns: the matched ids, of any resource type.
    public func matches(_ criterion: SelectionCriterion) -> Set<String> {
        graph.ids(matchIndices(criterion))
    }

    /// The selection plus the tests attached to it, with the selector's ``indirectSelection`` mode.
    /// - Parameter selected: selected node ids.
    /// - Returns: the selection with indirectly selected tests added.
    public func withAttachedTests(_ selected: Set<String>) -> Set<String> {
        withAttachedTests(selected, mode: indirectSelection)
    }

    /// The selection plus the tests attached to it: with `.eager` a test joins when any node it depends on is
    /// selected, with `.cautious` only when all are, with `.buildable` when each is selected or an ancestor of
    /// the selection, and with `.empty` never.
    /// - Parameters:
    ///   - selected: selected node ids.
    ///   - mode: the indirect selection mode.
    /// - Returns: the selection with indirectly selected tests added.
    public func withAttachedTests(_ selected: Set<String>, mode: IndirectSelection) -> Set<String> {
        graph.ids(expand(Set(graph.indices(selected)), mode: mode).direct)
    }

    /// Nodes chosen so far: `direct` is the selection; `indirect` also holds tests waiting for their other
    /// parents (cautious and buildable modes), which a later union may complete.
    struct Selection {
        var direct: Set<Int>
        var indirect: Set<Int>
    }

    /// dbt's `select_nodes_recursively`: direct and indirect sets for every part of a set expression.
    func evaluate(_ expression: SelectionSpec.Expression, mode: IndirectSelection) -> Selection {
        switch expression {
        case .criterion(let criterion):
            let collected = collect(criterion)
            return expand(collected, mode: criterion.indirectSelection ?? mode)
        case .union(let parts):
            return combine(parts.map { evaluate($0, mode: mode) }, mode: mode) { sets in
                sets.reduce(into: Set<Int>()) { $0.formUnion($1) }
            }
        case .intersection(let parts):
            return combine(parts.map { evaluate($0, mode: mode) }, mode: mode) { sets in
                sets.dropFirst().reduce(sets.first ?? []) { $0.intersection($1) }
            }
        case .difference(let base, let excluded):
            let parts = [evaluate(base, mode: mode), evaluate(excluded, mode: mode)]
            return combine(parts, mode: mode) { $0[0].subtracting($0[1]) }
        }
    }

    /// Combines components' direct sets and their direct-plus-indirect sets, then promotes waiting tests whose
    /// parents are now all selected (dbt's `incorporate_indirect_nodes`).
    private func combine(
        _ parts: [Selection], mode: IndirectSelection, _ operation: ([Set<Int>]) -> Set<Int>
    ) -> Selection {
        guard !parts.isEmpty else { return Selection(direct: [], indirect: []) }
        let direct = operation(parts.map(\.direct))
        let indirect = operation(parts.map { $0.direct.union($0.indirect) })
        return Selection(direct: incorporate(direct, waiting: indirect, mode: mode), indirect: indirect)
    }

    /// A criterion's matches plus the neighbours its graph operators add.
    private func collect(_ criterion: SelectionCriterion) -> Set<Int> {
        let matched = matchIndices(criterion)
        var collected = matched
        let start = Array(matched)
        if criterion.childrensParents {
            let descendants = graph.reachable(from: start, along: graph.childIndices, depth: nil)
            collected.formUnion(descendants)
            collected.formUnion(graph.reachable(from: Array(descendants), along: graph.parentIndices, depth: nil))
        }
        if criterion.parents {
            collected.formUnion(graph.reachable(from: start, along: graph.parentIndices, depth: criterion.parentsDepth))
        }
        if criterion.children {
            collected.formUnion(graph.reachable(from: start, along: graph.childIndices, depth: criterion.childrenDepth))
        }
        return collected
    }
}
