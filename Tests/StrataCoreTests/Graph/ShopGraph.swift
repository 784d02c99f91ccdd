import StrataCore

/// A small graph shaped like a real project: seeds, sources, staging and mart models, a plain-layout folder
/// (`core.deals`), a snapshot, generic, singular, source and unit tests, and an installed `stripe` package.
///
///     raw_customers ─ stg_customers ─┐
///     raw_orders ──── stg_orders ────┼─ customers
///                        │  └─ orders_snapshot
///     raw.payments ── stg_payments ──┴─ orders ─┐
///     stripe.charges ─ stg_stripe_charges ──────┴─ core.deals ─ core.deal_stats
enum ShopGraph {
    static let nodes: [GraphNode] = seeds + sources + models + tests

    static let seeds = [
        GraphNode(
            id: "seed.shop.raw_customers", name: "raw_customers", resourceType: .seed,
            fqn: ["shop", "raw_customers"], path: "seeds/raw_customers.csv", tags: ["raw"], schema: "raw"),
        GraphNode(
            id: "seed.shop.raw_orders", name: "raw_orders", resourceType: .seed,
            fqn: ["shop", "raw_orders"], path: "seeds/raw_orders.csv", tags: ["raw"], schema: "raw"),
    ]

    static let sources = [
        GraphNode(
            id: "source.shop.raw.payments", name: "payments", resourceType: .source,
            fqn: ["shop", "staging", "raw", "payments"], path: "models/staging/sources.yml", schema: "raw"),
        GraphNode(
            id: "source.stripe.stripe.charges", name: "charges", resourceType: .source,
            fqn: ["stripe", "stripe", "charges"], path: "dbt_packages/stripe/models/sources.yml",
            schema: "stripe_raw"),
    ]

    static let models = [
        model("stg_customers", folder: "staging", tags: ["staging"]),
        model("stg_orders", folder: "staging", tags: ["staging", "nightly"]),
        model("stg_payments", folder: "staging", tags: ["staging"]),
        GraphNode(
            id: "model.stripe.stg_stripe_charges", name: "stg_stripe_charges", resourceType: .model,
            fqn: ["stripe", "staging", "stg_stripe_charges"],
            path: "dbt_packages/stripe/models/staging/stg_stripe_charges.sql", schema: "stripe", materialized: "view"),
        model("customers", folder: "marts", tags: ["nightly"], materialized: "table"),
        model("orders", folder: "marts", materialized: "incremental", config: ["meta.owner": .string("finance")]),
        GraphNode(
            id: "model.shop.core.deals", name: "core.deals", resourceType: .model,
            fqn: ["shop", "core", "deals"], path: "models/core/deals.sql", schema: "core", materialized: "table"),
        GraphNode(
            id: "model.shop.core.deal_stats", name: "core.deal_stats", resourceType: .model,
            fqn: ["shop", "core", "deal_stats"], path: "models/core/deal_stats.sql", tags: ["nightly"],
            schema: "core", materialized: "view"),
        GraphNode(
            id: "snapshot.shop.orders_snapshot", name: "orders_snapshot", resourceType: .snapshot,
            fqn: ["shop", "orders_snapshot", "orders_snapshot"], path: "snapshots/orders_snapshot.sql",
            schema: "snapshots", materialized: "snapshot"),
    ]

    static let tests = [
        test("unique_stg_orders_order_id", hash: "1a2b3c", macro: "unique", on: "model.shop.stg_orders"),
        test("not_null_customers_customer_id", hash: "4d5e6f", macro: "not_null", on: "model.shop.customers"),
        test("relationships_orders_customer_id", hash: "7a8b9c", macro: "relationships", on: "model.shop.orders"),
        test("source_not_null_raw_payments_amount", hash: "0f0f0f", macro: "not_null", on: "source.shop.raw.payments"),
        GraphNode(
            id: "test.shop.assert_positive_totals", name: "assert_positive_totals", resourceType: .test,
            fqn: ["shop", "assert_positive_totals"], path: "tests/assert_positive_totals.sql", schema: "dbt_test",
            config: ["severity": .string("warn")], testType: "singular"),
        GraphNode(
            id: "unit_test.shop.orders.test_order_totals", name: "test_order_totals", resourceType: .unitTest,
            fqn: ["shop", "marts", "orders", "test_order_totals"], path: "models/marts/orders.yml",
            testType: "unit", attachedNodeID: "model.shop.orders"),
    ]

    static let edges: [(parent: String, child: String)] = [
        ("seed.shop.raw_customers", "model.shop.stg_customers"),
        ("seed.shop.raw_orders", "model.shop.stg_orders"),
        ("source.shop.raw.payments", "model.shop.stg_payments"),
        ("source.stripe.stripe.charges", "model.stripe.stg_stripe_charges"),
        ("model.shop.stg_customers", "model.shop.customers"),
        ("model.shop.stg_orders", "model.shop.customers"),
        ("model.shop.stg_orders", "model.shop.orders"),
        ("model.shop.stg_payments", "model.shop.orders"),
        ("model.shop.stg_orders", "snapshot.shop.orders_snapshot"),
        ("model.shop.orders", "model.shop.core.deals"),
        ("model.stripe.stg_stripe_charges", "model.shop.core.deals"),
        ("model.shop.core.deals", "model.shop.core.deal_stats"),
        ("model.shop.stg_orders", "test.shop.unique_stg_orders_order_id.1a2b3c"),
        ("model.shop.customers", "test.shop.not_null_customers_customer_id.4d5e6f"),
        ("model.shop.orders", "test.shop.relationships_orders_customer_id.7a8b9c"),
        ("model.shop.customers", "test.shop.relationships_orders_customer_id.7a8b9c"),
        ("source.shop.raw.payments", "test.shop.source_not_null_raw_payments_amount.0f0f0f"),
        ("model.shop.orders", "test.shop.assert_positive_totals"),
        ("model.shop.orders", "unit_test.shop.orders.test_order_totals"),
    ]

    static let graph = Graph(nodes: nodes, edges: edges)

    /// The ids of the named nodes (names are unique in this fixture).
    static func ids(_ names: String...) -> Set<String> {
        Set(names.map { name in nodes.first { $0.name == name }!.id })
    }

    /// The names of the given ids, for readable expectations.
    static func names(_ ids: some Sequence<String>) -> Set<String> {
        Set(ids.map { id in graph.node(id)?.name ?? id })
    }

    /// Selects with string arguments as a command line would pass them, returning node names.
    static func select(
        _ select: String?, exclude: String? = nil, types: Set<ResourceType> = Set(ResourceType.allCases),
        mode: IndirectSelection = .eager
    ) throws -> Set<String> {
        let selector = NodeSelector(graph: graph, resourceTypes: types, indirectSelection: mode, rootPackage: "shop")
        let included = try select.map { try SelectorParser.parse([$0]) }
        let excluded = try exclude.map { try SelectorParser.parse([$0]) }
        return names(selector.select(included, exclude: excluded))
    }

    /// Nodes matched by one criterion's method only, as names.
    static func matches(_ criterion: String) throws -> Set<String> {
        names(NodeSelector(graph: graph, rootPackage: "shop").matches(try SelectorParser.parseCriterion(criterion)))
    }

    private static func model(
        _ name: String, folder: String, tags: [String] = [], materialized: String = "view",
        config: [String: ConfigValue] = [:]
    ) -> GraphNode {
        GraphNode(
            id: "model.shop.\(name)", name: name, resourceType: .model, fqn: ["shop", folder, name],
            path: "models/\(folder)/\(name).sql", tags: tags, schema: folder, materialized: materialized,
            config: config.merging(["materialized": .string(materialized)]) { lhs, _ in lhs })
    }

    private static func test(_ name: String, hash: String, macro: String, on target: String) -> GraphNode {
        GraphNode(
            id: "test.shop.\(name).\(hash)", name: name, resourceType: .test, fqn: ["shop", name],
            path: "models/schema.yml", schema: "dbt_test", config: ["severity": .string("ERROR")], testType: "generic",
            testName: macro, attachedNodeID: target)
    }
}
