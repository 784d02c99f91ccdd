import StrataCore
import Testing

/// Tests joining a selection through the nodes they test (dbt's `--indirect-selection`).
@Suite struct IndirectSelectionTests {
    private let ordersTests: Set<String> = ["assert_positive_totals", "test_order_totals"]

    @Test func eagerSelectsTestsWithAnySelectedParent() throws {
        #expect(try ShopGraph.select("orders") == ordersTests.union(["orders", "relationships_orders_customer_id"]))
        #expect(try ShopGraph.select("source:raw") == ["payments", "source_not_null_raw_payments_amount"])
    }

    @Test func cautiousWaitsForEveryParent() throws {
        #expect(try ShopGraph.select("orders", mode: .cautious) == ordersTests.union(["orders"]))
        #expect(
            try ShopGraph.select("orders customers", mode: .cautious)
                == ordersTests.union([
                    "orders", "customers", "relationships_orders_customer_id", "not_null_customers_customer_id",
                ]))
    }

    @Test func emptyNeverAddsTests() throws {
        #expect(try ShopGraph.select("orders customers", mode: .empty) == ["orders", "customers"])
        #expect(try ShopGraph.select("test_type:singular", mode: .empty) == ["assert_positive_totals"])
    }

    @Test func buildableAcceptsParentsUpstreamOfTheSelection() {
        // t tests both a and its child b; selecting b alone builds a first anyway.
        let nodes = [
            GraphNode(id: "model.p.a", name: "a", resourceType: .model),
            GraphNode(id: "model.p.b", name: "b", resourceType: .model),
            GraphNode(id: "model.p.c", name: "c", resourceType: .model),
            GraphNode(id: "test.p.t", name: "t", resourceType: .test, testType: "generic"),
            GraphNode(id: "test.p.u", name: "u", resourceType: .test, testType: "generic"),
        ]
        let graph = Graph(
            nodes: nodes,
            edges: [
                (parent: "model.p.a", child: "model.p.b"), (parent: "model.p.a", child: "test.p.t"),
                (parent: "model.p.b", child: "test.p.t"), (parent: "model.p.b", child: "test.p.u"),
                (parent: "model.p.c", child: "test.p.u"),
            ])
        let selector = NodeSelector(graph: graph)
        let b: Set<String> = ["model.p.b"]
        #expect(selector.withAttachedTests(b, mode: .eager) == ["model.p.b", "test.p.t", "test.p.u"])
        #expect(selector.withAttachedTests(b, mode: .cautious) == ["model.p.b"])
        #expect(selector.withAttachedTests(b, mode: .buildable) == ["model.p.b", "test.p.t"])
        #expect(selector.withAttachedTests(b, mode: .empty) == ["model.p.b"])
    }

    @Test func withAttachedTestsUsesTheSelectorsMode() {
        let ids = ShopGraph.ids("orders")
        let eager = NodeSelector(graph: ShopGraph.graph)
        let cautious = NodeSelector(graph: ShopGraph.graph, indirectSelection: .cautious)
        #expect(
            ShopGraph.names(eager.withAttachedTests(ids))
                == ordersTests.union(["orders", "relationships_orders_customer_id"]))
        #expect(ShopGraph.names(cautious.withAttachedTests(ids)) == ordersTests.union(["orders"]))
    }

    @Test func excludingAModelExcludesItsTestsEagerly() throws {
        #expect(
            try ShopGraph.select("stg_orders+", exclude: "customers", mode: .cautious)
                == ordersTests.union([
                    "stg_orders", "orders", "core.deals", "core.deal_stats", "orders_snapshot",
                    "unique_stg_orders_order_id",
                ]))
    }

    @Test func testCommandKeepsOnlyTests() throws {
        #expect(
            try ShopGraph.select("orders", types: [.test, .unitTest])
                == ordersTests.union(["relationships_orders_customer_id"]))
        #expect(try ShopGraph.select("orders", types: [.test, .unitTest], mode: .empty).isEmpty)
    }
}
