extension NodeSelector {
    /// dbt's `expand_selection`: tests that are children of selected nodes join directly, or wait in `indirect`
    /// until their other parents are selected (cautious and buildable modes).
    func expand(_ selected: Set<Int>, mode: IndirectSelection) -> Selection {
        var direct = selected
        var waiting = Set<Int>()
        guard mode != .empty else { return Selection(direct: direct, indirect: waiting) }
        let buildableBase = mode == .buildable ? buildableParents(of: selected, includingSources: true) : []
        for test in testChildren(of: selected) {
            let parents = graph.parentIndices[test]
            if mode == .eager || parents.allSatisfy(selected.contains) {
                direct.insert(test)
            } else if mode == .buildable, parents.allSatisfy(buildableBase.contains) {
                direct.insert(test)
            } else {
                waiting.insert(test)
            }
        }
        return Selection(direct: direct, indirect: waiting)
    }

    /// dbt's `incorporate_indirect_nodes`: after a set operation, waiting tests whose parents are now all
    /// selected (cautious) or selected-or-upstream (buildable) join the selection.
    func incorporate(_ direct: Set<Int>, waiting: Set<Int>, mode: IndirectSelection) -> Set<Int> {
        guard direct != waiting else { return direct }
        var selected = direct
        switch mode {
        case .cautious:
            for test in waiting.sorted() where graph.parentIndices[test].allSatisfy(selected.contains) {
                selected.insert(test)
            }
        case .buildable:
            let base = buildableParents(of: direct, includingSources: false)
            for test in waiting.sorted() where graph.parentIndices[test].allSatisfy(base.contains) {
                selected.insert(test)
            }
        case .eager, .empty:
            break
        }
        return selected
    }

    /// The tests (data and unit) among the direct children of a selection.
    private func testChildren(of selected: Set<Int>) -> Set<Int> {
        var tests = Set<Int>()
        for index in selected {
            for child in graph.childIndices[index] where graph.nodes[child].resourceType.isTest {
                tests.insert(child)
            }
        }
        return tests
    }

    /// The selection, all its ancestors and, for the first pass as in dbt, every source.
    private func buildableParents(of selected: Set<Int>, includingSources: Bool) -> Set<Int> {
        var base = selected.union(graph.reachable(from: Array(selected), along: graph.parentIndices, depth: nil))
        if includingSources {
            base.formUnion(graph.nodes.indices.filter { graph.nodes[$0].resourceType == .source })
        }
        return base
    }
}
