import StrataCore
import Testing

/// What each method matches on its own, before graph operators, indirect selection and type filtering.
@Suite struct SelectorMethodTests {
    private let staging: Set<String> = ["stg_customers", "stg_orders", "stg_payments"]
    private let genericTests: Set<String> = [
        "unique_stg_orders_order_id", "not_null_customers_customer_id", "relationships_orders_customer_id",
        "source_not_null_raw_payments_amount",
    ]

    @Test func bareWordsMatchNamesAndFQNPrefixes() throws {
        #expect(try ShopGraph.matches("stg_orders") == ["stg_orders"])
        #expect(try ShopGraph.matches("fqn:stg_orders") == ["stg_orders"])
        #expect(try ShopGraph.matches("shop.staging") == staging)
        #expect(try ShopGraph.matches("staging") == staging.union(["stg_stripe_charges"]))
        #expect(try ShopGraph.matches("shop.marts.*") == ["customers", "orders", "test_order_totals"])
        #expect(try ShopGraph.matches("marts.orders") == ["orders", "test_order_totals"])
        #expect(try ShopGraph.matches("stripe") == ["stg_stripe_charges"])
    }

    @Test func bareWordsMatchPlainLayoutNames() throws {
        #expect(try ShopGraph.matches("core.deals") == ["core.deals"])
        #expect(try ShopGraph.matches("core") == ["core.deals", "core.deal_stats"])
        #expect(try ShopGraph.matches("core.deal*") == ["core.deals", "core.deal_stats"])
        #expect(try ShopGraph.matches("shop.core.deal_stats") == ["core.deal_stats"])
    }

    @Test func namesAcceptWildcardsButNeverMatchSources() throws {
        #expect(try ShopGraph.matches("stg_*") == staging.union(["stg_stripe_charges"]))
        #expect(try ShopGraph.matches("stg_?ayments") == ["stg_payments"])
        #expect(try ShopGraph.matches("payments").isEmpty)
        #expect(try ShopGraph.matches("*").count == ShopGraph.nodes.count - 2)
    }

    @Test func tagsAcceptWildcards() throws {
        #expect(try ShopGraph.matches("tag:nightly") == ["stg_orders", "customers", "core.deal_stats"])
        #expect(try ShopGraph.matches("tag:stag*") == staging)
        #expect(try ShopGraph.matches("tag:Nightly").isEmpty)
    }

    @Test func pathsSelectFilesAndEverythingUnderFolders() throws {
        #expect(try ShopGraph.matches("models/staging") == staging.union(["payments"]))
        #expect(try ShopGraph.matches("path:models/staging/") == staging.union(["payments"]))
        #expect(try ShopGraph.matches("models/marts/orders.sql") == ["orders"])
        #expect(try ShopGraph.matches("path:seeds/*.csv") == ["raw_customers", "raw_orders"])
        #expect(try ShopGraph.matches("dbt_packages/stripe") == ["charges", "stg_stripe_charges"])
        #expect(try ShopGraph.matches("path:models/**/deal*.sql") == ["core.deals", "core.deal_stats"])
    }

    @Test func filesMatchByNameOrStem() throws {
        #expect(try ShopGraph.matches("orders.sql") == ["orders"])
        #expect(try ShopGraph.matches("file:raw_orders.csv") == ["raw_orders"])
        #expect(try ShopGraph.matches("file:orders") == ["orders", "test_order_totals"])
        #expect(try ShopGraph.matches("file:stg_*.sql") == staging.union(["stg_stripe_charges"]))
    }

    @Test func schemasAcceptWildcards() throws {
        #expect(try ShopGraph.matches("schema:core") == ["core.deals", "core.deal_stats"])
        #expect(try ShopGraph.matches("schema:raw") == ["raw_customers", "raw_orders", "payments"])
        #expect(try ShopGraph.matches("schema:stripe*") == ["stg_stripe_charges", "charges"])
    }

    @Test func packagesAcceptWildcardsAndThis() throws {
        #expect(try ShopGraph.matches("package:stripe") == ["charges", "stg_stripe_charges"])
        #expect(try ShopGraph.matches("package:str*") == ["charges", "stg_stripe_charges"])
        #expect(try ShopGraph.matches("package:this").count == ShopGraph.nodes.count - 2)
    }

    @Test func configComparesValuesExactly() throws {
        #expect(try ShopGraph.matches("config.materialized:table") == ["customers", "core.deals"])
        #expect(try ShopGraph.matches("config.materialized:incremental") == ["orders"])
        #expect(try ShopGraph.matches("config.materialized:Table").isEmpty)
        #expect(try ShopGraph.matches("config.meta.owner:finance") == ["orders"])
        #expect(try ShopGraph.matches("config.severity:error") == genericTests)
        #expect(try ShopGraph.matches("config.severity:WARN") == ["assert_positive_totals"])
    }

    @Test func sourcesBySourceTableAndPackage() throws {
        #expect(try ShopGraph.matches("source:raw") == ["payments"])
        #expect(try ShopGraph.matches("source:raw.payments") == ["payments"])
        #expect(try ShopGraph.matches("source:raw.orders").isEmpty)
        #expect(try ShopGraph.matches("source:*") == ["payments", "charges"])
        #expect(try ShopGraph.matches("source:stripe.stripe.char*") == ["charges"])
        #expect(try ShopGraph.matches("source:shop.stripe.charges").isEmpty)
    }

    @Test func resourceTypes() throws {
        #expect(try ShopGraph.matches("resource_type:seed") == ["raw_customers", "raw_orders"])
        #expect(try ShopGraph.matches("resource_type:source") == ["payments", "charges"])
        #expect(try ShopGraph.matches("resource_type:unit_test") == ["test_order_totals"])
        #expect(try ShopGraph.matches("resource_type:snapshot") == ["orders_snapshot"])
    }

    @Test func testTypesAndNames() throws {
        #expect(try ShopGraph.matches("test_type:generic") == genericTests)
        #expect(try ShopGraph.matches("test_type:schema") == genericTests)
        #expect(try ShopGraph.matches("test_type:singular") == ["assert_positive_totals"])
        #expect(try ShopGraph.matches("test_type:unit") == ["test_order_totals"])
        #expect(
            try ShopGraph.matches("test_name:not_null")
                == ["not_null_customers_customer_id", "source_not_null_raw_payments_amount"])
        #expect(try ShopGraph.matches("test_name:uni*") == ["unique_stg_orders_order_id"])
        #expect(try ShopGraph.matches("test_name:test_order_*") == ["test_order_totals"])
    }
}
