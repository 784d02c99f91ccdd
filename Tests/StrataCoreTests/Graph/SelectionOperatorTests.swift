import StrataCore
import Testing

/// Graph operators, set operations, exclusion and resource-type filtering through `NodeSelector.select`.
@Suite struct SelectionOperatorTests {
    private let models: Set<ResourceType> = [.model]

    @Test func parentsOperatorAddsAllAncestors() throws {
        #expect(try ShopGraph.select("+customers", types: models) == ["customers", "stg_customers", "stg_orders"])
        #expect(
            try ShopGraph.select("+customers", types: [.model, .seed])
                == ["customers", "stg_customers", "stg_orders", "raw_customers", "raw_orders"])
    }

    @Test func childrenOperatorAddsAllDescendants() throws {
        let downstream: Set<String> = ["stg_orders", "customers", "orders", "core.deals", "core.deal_stats"]
        #expect(try ShopGraph.select("stg_orders+", types: models) == downstream)
        #expect(
            try ShopGraph.select("stg_orders+", types: [.model, .snapshot]) == downstream.union(["orders_snapshot"]))
    }

    @Test func depthLimitsCountEdges() throws {
        #expect(try ShopGraph.select("stg_orders+1", types: models) == ["stg_orders", "customers", "orders"])
        #expect(try ShopGraph.select("1+orders", types: models) == ["orders", "stg_orders", "stg_payments"])
        #expect(
            try ShopGraph.select("2+core.deals", types: [.model, .source])
                == ["core.deals", "orders", "stg_stripe_charges", "stg_orders", "stg_payments", "charges"])
        #expect(try ShopGraph.select("0+orders+0", types: models) == ["orders"])
    }

    @Test func bothOperatorsTogether() throws {
        #expect(
            try ShopGraph.select("+core.deals+", types: models)
                == ["stg_orders", "stg_payments", "stg_stripe_charges", "orders", "core.deals", "core.deal_stats"])
        #expect(
            try ShopGraph.select("1+core.deals+1", types: models) == [
                "orders", "stg_stripe_charges", "core.deals", "core.deal_stats",
            ])
    }

    @Test func atOperatorAddsDescendantsAndTheirAncestors() throws {
        #expect(
            try ShopGraph.select("@core.deals", types: models)
                == ["core.deals", "core.deal_stats", "orders", "stg_orders", "stg_payments", "stg_stripe_charges"])
        // As in dbt, tests are descendants too: the relationships test below `orders` brings in its other
        // parent, `customers`, and that model's ancestors.
        #expect(
            try ShopGraph.select("@stg_payments", types: models)
                == [
                    "stg_payments", "orders", "core.deals", "core.deal_stats", "stg_orders", "stg_stripe_charges",
                    "customers", "stg_customers",
                ])
        #expect(
            try ShopGraph.select("@stg_payments", types: [.source, .seed])
                == ["payments", "charges", "raw_orders", "raw_customers"])
    }

    @Test func operatorsApplyToEveryMatchOfAMethod() throws {
        #expect(
            try ShopGraph.select("tag:nightly+", types: models)
                == ["stg_orders", "customers", "orders", "core.deals", "core.deal_stats"])
        #expect(try ShopGraph.select("+source:stripe", types: [.source]) == ["charges"])
        #expect(
            try ShopGraph.select("source:stripe+", types: models) == [
                "stg_stripe_charges", "core.deals", "core.deal_stats",
            ])
    }

    @Test func spacesUnionCriteria() throws {
        #expect(try ShopGraph.select("stg_orders customers", types: models) == ["stg_orders", "customers"])
        let selector = NodeSelector(graph: ShopGraph.graph, resourceTypes: models)
        let spec = try SelectorParser.parse(["stg_orders", "customers core.deals"])
        #expect(ShopGraph.names(selector.select(spec, exclude: nil)) == ["stg_orders", "customers", "core.deals"])
    }

    @Test func commasIntersectCriteria() throws {
        #expect(try ShopGraph.select("tag:nightly,config.materialized:table", types: models) == ["customers"])
        #expect(try ShopGraph.select("+customers,tag:staging", types: models) == ["stg_customers", "stg_orders"])
        #expect(try ShopGraph.select("tag:nightly,resource_type:seed").isEmpty)
        #expect(
            try ShopGraph.select("shop.staging,tag:nightly stripe", types: models) == [
                "stg_orders", "stg_stripe_charges",
            ])
    }

    @Test func excludeSubtractsAfterOperators() throws {
        #expect(
            try ShopGraph.select("+core.deals", exclude: "stg_stripe_charges", types: models)
                == ["core.deals", "orders", "stg_orders", "stg_payments"])
        #expect(
            try ShopGraph.select("package:this", exclude: "stg_orders+ models/marts", types: models)
                == ["stg_customers", "stg_payments"])
        #expect(try ShopGraph.select("orders", exclude: "orders", types: models).isEmpty)
    }

    @Test func emptySelectMeansEverythingOfTheResourceTypes() throws {
        #expect(try ShopGraph.select(nil).count == ShopGraph.nodes.count)
        #expect(
            try ShopGraph.select(nil, types: models)
                == [
                    "stg_customers", "stg_orders", "stg_payments", "stg_stripe_charges", "customers", "orders",
                    "core.deals", "core.deal_stats",
                ])
        #expect(try ShopGraph.select("", types: [.seed]) == ["raw_customers", "raw_orders"])
        #expect(
            try ShopGraph.select(nil, exclude: "package:stripe", types: models)
                == [
                    "stg_customers", "stg_orders", "stg_payments", "customers", "orders", "core.deals",
                    "core.deal_stats",
                ])
    }

    @Test func nestedExpressionsFromYAMLSelectors() throws {
        let selector = NodeSelector(graph: ShopGraph.graph, resourceTypes: models)
        let staging = try SelectorParser.parseCriterion("shop.staging")
        let nightly = try SelectorParser.parseCriterion("tag:nightly")
        let spec = SelectionSpec(.difference(.criterion(staging), .criterion(nightly)))
        #expect(ShopGraph.names(selector.select(spec, exclude: nil)) == ["stg_customers", "stg_payments"])
    }
}
