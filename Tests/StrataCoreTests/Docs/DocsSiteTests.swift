import Foundation
import StrataCore
import StrataTestSupport
import Testing

/// `strata docs generate`'s data and page: nodes, columns with their tests, descriptions (doc blocks included),
/// edges, source catalog fields, and text that must not escape the embedded `<script>`.
@Suite struct DocsSiteTests {
    static let files: [String: String] = [
        "/p/dbt_project.yml": "name: shop\nprofile: shop\n",
        "/p/seeds/raw_customers.csv": "id,name\n1,Ann\n",
        "/p/models/docs.md": "{% docs orders_doc %}One row per **order**.{% enddocs %}\n",
        "/p/models/customers.sql": "select id as customer_id, name from {{ ref('raw_customers') }}\n",
        "/p/models/orders.sql": """
        {{ config(materialized='table', tags=['finance'], meta={'owner': 'ana'}) }}
        -- not a </script> breakout
        select o.id as order_id, c.customer_id from {{ source('app', 'orders') }} o
        join {{ ref('customers') }} c on c.customer_id = o.customer_id

        """,
        "/p/models/schema.yml": """
        version: 2
        sources:
          - name: app
            loader: fivetran
            owner: platform
            tables:
              - name: orders
                description: "Raw orders </script><script>alert(1)</script>"
        models:
          - name: orders
            description: "{{ doc('orders_doc') }}"
            columns:
              - name: order_id
                description: The order's id.
                data_tests: [unique, not_null]
          - name: customers
            description: Customers & their names.

        """,
    ]

    func data() throws -> (JSON, String) {
        let site = DocsSite(compiled: try compileInMemory(Self.files))
        return (site.data, site.html)
    }

    func node(_ data: JSON, _ id: String) throws -> [String: JSON] {
        guard case .object(let top) = data, case .array(let nodes)? = top.first(where: { $0.key == "nodes" })?.value
        else { throw DocsTestError.shape }
        for case .object(let entries) in nodes {
            let fields = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            if fields["unique_id"] == .string(id) { return fields }
        }
        throw DocsTestError.missing(id)
    }

    enum DocsTestError: Error { case shape, missing(String) }

    @Test func nodesColumnsDescriptionsAndEdges() throws {
        let (data, _) = try data()
        let orders = try node(data, "model.shop.orders")
        #expect(orders["description"] == .string("One row per **order**."))
        #expect(orders["materialized"] == .string("table"))
        #expect(orders["owner"] == .string("ana"))
        #expect(orders["tags"] == .strings(["finance"]))
        #expect(orders["parents"] == .strings(["model.shop.customers", "source.shop.app.orders"]))
        #expect(orders["children"] == .strings([]))
        #expect(
            orders["columns"]
                == .array([
                    .object([
                        ("name", .string("order_id")), ("description", .string("The order's id.")),
                        ("tests", .strings(["not_null", "unique"])),
                    ])
                ]))
        let customers = try node(data, "model.shop.customers")
        #expect(customers["description"] == .string("Customers & their names."))
        #expect(customers["parents"] == .strings(["seed.shop.raw_customers"]))
        #expect(customers["children"] == .strings(["model.shop.orders"]))
        let seed = try node(data, "seed.shop.raw_customers")
        #expect(seed["resource_type"] == .string("seed"))
        let source = try node(data, "source.shop.app.orders")
        #expect(source["owner"] == .string("platform"))
        guard case .object(let catalog)? = source["source"] else { throw DocsTestError.shape }
        #expect(catalog.first { $0.key == "loader" }?.value == .string("fivetran"))
    }

    @Test func embeddedDataCannotCloseTheScript() throws {
        let (_, html) = try data()
        let start = try #require(html.range(of: #"<script type="application/json" id="strata-data">"#))
        let rest = html[start.upperBound...]
        let end = try #require(rest.range(of: "</script>"))
        let embedded = String(rest[..<end.lowerBound])
        #expect(!embedded.contains("<"))
        #expect(!embedded.contains(">"))
        #expect(embedded.contains(#"Raw orders \u003c/script\u003e\u003cscript\u003ealert(1)"#))
        #expect(!embedded.contains("breakout"), "SQL belongs in the code chunks, not the page")
        let site = DocsSite(compiled: try compileInMemory(Self.files))
        #expect(site.codeChunks.count == 1)
        #expect(site.codeChunks[0].hasPrefix("window.strataCode({"))
        #expect(site.codeChunks[0].contains(#"not a \u003c/script\u003e breakout"#))
        #expect(embedded.contains(#"Customers \u0026 their names."#))
    }

    @Test func scriptSafeEscapesOnlyMarkupCharacters() {
        #expect(
            DocsSite.scriptSafe(#"{"a":"</script> & <!--","b":1}"#)
                == #"{"a":"\u003c/script\u003e \u0026 \u003c!--","b":1}"#)
        #expect(DocsSite.scriptSafe("\u{2028}") == #"\u2028"#)
    }

    @Test func columnsCarryLineageAndWarehouseTypes() throws {
        let compiled = try compileInMemory(Self.files)
        let lineage = ProjectLineage.build(compiled, fileSystem: InMemoryFileSystem(Self.files))
        let catalog: [Relation: CatalogRelation] = [
            Relation(schema: "main", identifier: "orders"): CatalogRelation(
                kind: .table,
                columns: [
                    ColumnDescription(name: "order_id", dataType: "INTEGER"),
                    ColumnDescription(name: "customer_id", dataType: "INTEGER"),
                ])
        ]
        let freshness = RecordedFreshness.parse(
            Data(
                #"{"results":[{"unique_id":"source.shop.app.orders","status":"warn","max_loaded_at_time_ago_in_s":7200}]}"#
                    .utf8))
        let site = DocsSite(
            compiled: compiled, lineage: lineage, warehouse: DocsWarehouse(catalog: catalog, freshness: freshness))
        let orders = try node(site.data, "model.shop.orders")
        guard case .array(let columns)? = orders["columns"] else { throw DocsTestError.shape }
        #expect(
            columns[1]
                == .object([
                    ("name", .string("customer_id")), ("catalog_type", .string("INTEGER")),
                    ("lineage", .array([.array([.string("model.shop.customers"), .string("customer_id"), .string("direct")])])),
                ]))
        #expect(orders["warehouse"] == .object([("exists", .bool(true)), ("kind", .string("table"))]))
        let customers = try node(site.data, "model.shop.customers")
        #expect(customers["warehouse"] == .object([("exists", .bool(false)), ("kind", .null)]))
        let source = try node(site.data, "source.shop.app.orders")
        guard case .object(let recorded)? = source["freshness_result"] else { throw DocsTestError.shape }
        #expect(recorded.first { $0.key == "status" }?.value == .string("warn"))
        #expect(recorded.first { $0.key == "age_seconds" }?.value == .double(7200))
    }
}
