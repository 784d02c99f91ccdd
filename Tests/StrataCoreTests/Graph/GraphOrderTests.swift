import StrataCore
import Testing

@Suite struct GraphOrderTests {
    private func graph(_ names: [String], _ edges: [(String, String)]) -> Graph {
        GraphTests.graph(names, edges)
    }

    private func short(_ ids: [String]?) -> [String]? {
        ids?.map { String($0.dropFirst("model.p.".count)) }
    }

    @Test func diamondPlacesParentsFirstAndBreaksTiesByID() {
        let diamond = graph(["d", "c", "b", "a"], [("a", "c"), ("a", "b"), ("b", "d"), ("c", "d")])
        #expect(short(diamond.topologicalOrder()) == ["a", "b", "c", "d"])
    }

    @Test func orderDoesNotDependOnInsertionOrder() {
        let names = ["e", "a", "d", "b", "c"]
        let edges = [("a", "d"), ("b", "d"), ("d", "e"), ("c", "e")]
        let forward = graph(names, edges).topologicalOrder()
        let backward = graph(names.reversed(), edges.reversed()).topologicalOrder()
        #expect(short(forward) == ["a", "b", "c", "d", "e"])
        #expect(forward == backward)
    }

    @Test func everyEdgeGoesForwardInTheShopOrder() throws {
        let order = try #require(ShopGraph.graph.topologicalOrder())
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        #expect(order.count == ShopGraph.graph.count)
        for edge in ShopGraph.graph.edges {
            #expect(position[edge.parent]! < position[edge.child]!, "\(edge)")
        }
    }

    @Test func cyclicGraphHasNoOrder() {
        #expect(graph(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "b")]).topologicalOrder() == nil)
    }

    @Test func acyclicGraphHasNoCycles() {
        #expect(ShopGraph.graph.cycles().isEmpty)
        #expect(ShopGraph.graph.elementaryCycles().isEmpty)
    }

    @Test func findsASelfLoop() {
        let looped = graph(["a", "b"], [("a", "a"), ("a", "b")])
        #expect(looped.cycles().map { short($0)! } == [["a", "a"]])
    }

    @Test func findsATwoCycle() {
        let pair = graph(["x", "b", "a"], [("x", "a"), ("a", "b"), ("b", "a")])
        #expect(pair.cycles().map { short($0)! } == [["a", "b", "a"]])
    }

    @Test func findsALongCycleStartingAtItsSmallestID() {
        let ring = graph(["m", "q", "c", "z"], [("m", "q"), ("q", "z"), ("z", "c"), ("c", "m")])
        #expect(ring.cycles().map { short($0)! } == [["c", "m", "q", "z", "c"]])
    }

    @Test func findsOneCyclePerSeparateComponent() {
        let two = graph(
            ["a", "b", "c", "x", "y", "ok"],
            [("x", "y"), ("y", "x"), ("a", "b"), ("b", "c"), ("c", "a"), ("c", "ok"), ("ok", "x")])
        #expect(two.cycles().map { short($0)! } == [["a", "b", "c", "a"], ["x", "y", "x"]])
        #expect(two.cyclicComponentIDs().map { short($0)! } == [["a", "b", "c"], ["x", "y"]])
    }

    @Test func reportsTheShortestCycleThroughTheFirstNode() {
        let component = graph(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("c", "a")])
        #expect(component.cycles().map { short($0)! } == [["a", "b", "c", "a"]])
    }

    @Test func listsEveryElementaryCycleOfAComponent() {
        let component = graph(
            ["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("c", "a"), ("b", "b")])
        #expect(
            component.elementaryCycles().map { short($0)! } == [
                ["a", "b", "c", "a"], ["a", "b", "c", "d", "a"], ["b", "b"],
            ])
        #expect(component.elementaryCycles(limit: 1).count == 1)
    }

    @Test func completeGraphHasAllItsCycles() {
        let names = ["a", "b", "c", "d"]
        let edges = names.flatMap { from in names.filter { $0 != from }.map { (from, $0) } }
        // K4 has 6 two-cycles, 8 three-cycles and 6 four-cycles.
        let cycles = graph(names, edges).elementaryCycles()
        #expect(cycles.count == 20)
        #expect(Set(cycles.map { $0.count - 1 }) == [2, 3, 4])
        #expect(cycles.allSatisfy { $0.first == $0.last && Set($0.dropLast()).count == $0.count - 1 })
    }

    @Test func longChainsNeedNoRecursion() {
        let count = 10_000
        let names = (0..<count).map { "n\($0)" }
        var edges = (1..<count).map { (names[$0 - 1], names[$0]) }
        let chain = graph(names, edges)
        #expect(chain.topologicalOrder()?.count == count)
        #expect(chain.cycles().isEmpty)
        edges.append((names[count - 1], names[0]))
        let ring = graph(names, edges)
        #expect(ring.cycles().first?.count == count + 1)
        #expect(ring.topologicalOrder() == nil)
    }
}
