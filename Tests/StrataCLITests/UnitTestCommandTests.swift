import Foundation
import StrataTestSupport
import Testing

/// dbt unit tests through the `strata` binary, on SQLite and (when configured) PostgreSQL: passing and failing
/// tests with their diff, dict/csv/sql formats, vars and `is_incremental` overrides, `build` skipping a model whose
/// unit test fails, a missing input, and nothing created in the warehouse by `strata test`.
@Suite(.serialized) struct UnitTestCommandTests {
    typealias Engine = WarehouseSandbox.Engine

    static let files: [String: String] = [
        "dbt_project.yml": "name: shop\nprofile: shop\n",
        "seeds/raw_orders.csv":
            "id,customer_id,amount,ordered_at\n1,10,50,2024-01-05\n2,10,150,2024-01-06\n3,11,20,2024-01-07\n",
        "seeds/raw_customers.csv": "id,name,tier\n10,Ada,gold\n11,Bob,silver\n",
        "models/stg_customers.sql": "select id, name, tier from {{ ref('raw_customers') }}\n",
        "models/orders.sql": """
        {{ config(materialized='table') }}
        select o.id as order_id, c.name as customer_name, o.amount * {{ var('tax_rate', 1) }} as amount_with_tax,
            case when o.amount >= 100 then true else false end as is_large,
            {% if target.type == 'postgres' %}o.ordered_at + 1{% else %}date(o.ordered_at, '+1 day'){% endif %} as due_on
        from {{ ref('raw_orders') }} o join {{ ref('stg_customers') }} c on c.id = o.customer_id

        """,
        "models/customer_totals.sql":
            "select customer_name, sum(amount_with_tax) as total from {{ ref('orders') }} group by customer_name\n",
        "models/order_totals.sql": """
        {{ config(materialized='incremental', unique_key='order_id') }}
        select order_id, amount_with_tax from {{ ref('orders') }}
        {% if is_incremental() %}where order_id > (select max(order_id) from {{ this }}){% endif %}

        """,
    ]

    static let passing = """
        version: 2
        unit_tests:
          - name: orders_join_customers
            model: orders
            given:
              - input: ref('raw_orders')
                rows:
                  - {id: 1, customer_id: 10, amount: 50, ordered_at: 2024-01-05}
                  - {id: 2, customer_id: 10, amount: 150}
              - input: ref('stg_customers')
                format: csv
                rows: |
                  id,name
                  10,Ada
            expect:
              rows:
                - {order_id: 2, customer_name: Ada, is_large: true, amount_with_tax: 150}
                - {order_id: 1, customer_name: Ada, is_large: false, amount_with_tax: 50, due_on: 2024-01-06}
          - name: orders_apply_the_tax_rate
            model: orders
            overrides: {vars: {tax_rate: 2}}
            given:
              - {input: ref('raw_orders'), rows: [{id: 7, customer_id: 11, amount: 20}]}
              - {input: ref('stg_customers'), rows: [{id: 11, name: Bob}]}
            expect:
              format: csv
              rows: |
                order_id,amount_with_tax
                7,40
          - name: order_totals_only_add_new_orders
            model: order_totals
            overrides: {macros: {is_incremental: true}}
            given:
              - input: ref('orders')
                rows: [{order_id: 1, amount_with_tax: 5}, {order_id: 3, amount_with_tax: 7}]
              - input: this
                format: sql
                rows: select 2 as order_id, 1 as amount_with_tax
            expect:
              rows: [{order_id: 3, amount_with_tax: 7}]

        """

    static let failing = """
          - name: orders_are_all_large
            model: orders
            given:
              - input: ref('raw_orders')
                rows: [{id: 1, customer_id: 10, amount: 50}, {id: 2, customer_id: 10, amount: 150}]
              - {input: ref('stg_customers'), rows: [{id: 10, name: Ada}]}
            expect:
              rows: [{order_id: 1, is_large: true}, {order_id: 2, is_large: true}]

        """

    static func sandbox(_ engine: Engine, name: String, yaml: String) throws -> WarehouseSandbox? {
        guard let sandbox = try WarehouseSandbox(engine, name: name) else { return nil }
        for (path, text) in files { try sandbox.directory.write(path, text) }
        try sandbox.directory.write("models/schema.yml", yaml)
        return sandbox
    }

    /// The warehouse's relations outside Strata's own state schema.
    static func relations(_ sandbox: WarehouseSandbox) throws -> String {
        let sql =
            sandbox.engine == .sqlite
            ? "select name from sqlite_master where type in ('table', 'view') and name not like 'strata.%' order by name"
            : "select table_schema || '.' || table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema', 'strata') order by 1"
        return try sandbox.query(sql)
    }

    @Test(arguments: Engine.allCases) func passingUnitTestsRunWithoutCreatingAnything(engine: Engine) throws {
        guard let sandbox = try Self.sandbox(engine, name: "unit_pass", yaml: Self.passing) else { return }
        defer { sandbox.directory.remove() }
        let before = try Self.relations(sandbox)
        let test = try sandbox.strata(["test", "--select", "test_type:unit"])
        #expect(test.status == 0, "\(test.stderr)")
        #expect(test.stderr.contains("PASS orders_join_customers"))
        #expect(test.stderr.contains("PASS orders_apply_the_tax_rate"))
        #expect(test.stderr.contains("PASS order_totals_only_add_new_orders"))
        #expect(test.stderr.contains("Finished 3 unit tests (3 pass)"))
        #expect(try Self.relations(sandbox) == before)

        let results =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: sandbox.directory.path + "/target/run_results.json")))
            as! [String: Any]
        let ids = (results["results"] as! [[String: Any]]).compactMap { $0["unique_id"] as? String }.sorted()
        #expect(
            ids == [
                "unit_test.shop.order_totals.order_totals_only_add_new_orders",
                "unit_test.shop.orders.orders_apply_the_tax_rate",
                "unit_test.shop.orders.orders_join_customers",
            ])
        let manifest =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: sandbox.directory.path + "/target/manifest.json")))
            as! [String: Any]
        let unitTests = manifest["unit_tests"] as! [String: [String: Any]]
        let entry = try #require(unitTests["unit_test.shop.orders.orders_apply_the_tax_rate"])
        #expect(entry["model"] as? String == "orders")
        #expect((entry["depends_on"] as? [String: Any])?["nodes"] as? [String] == ["model.shop.orders"])
        #expect(((entry["overrides"] as? [String: Any])?["vars"] as? [String: Any])?["tax_rate"] as? Int == 2)
        #expect((manifest["nodes"] as! [String: Any]).keys.allSatisfy { !$0.hasPrefix("unit_test.") })

        // Selected by name, and with data tests when nothing is selected.
        let byName = try sandbox.strata(["test", "--select", "orders_join_customers"])
        #expect(byName.stderr.contains("Finished 1 unit test (1 pass)"), "\(byName.stderr)")
        let all = try sandbox.strata(["test"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stderr.contains("Finished 3 unit tests (3 pass)"), "\(all.stderr)")
    }

    @Test(arguments: Engine.allCases) func aFailingUnitTestPrintsADiffAndFails(engine: Engine) throws {
        guard let sandbox = try Self.sandbox(engine, name: "unit_fail", yaml: Self.passing + Self.failing) else {
            return
        }
        defer { sandbox.directory.remove() }
        let test = try sandbox.strata(["test", "--select", "resource_type:unit_test"])
        #expect(test.status == 1)
        #expect(test.stderr.contains("FAIL 2 orders_are_all_large"), "\(test.stderr)")
        let line =
            (Self.passing + Self.failing).components(separatedBy: "\n").firstIndex {
                $0.contains("orders_are_all_large")
            }! + 1
        let (no, yes) = engine == .sqlite ? ("0", "1") : ("false", "true")
        let expected = """
            models/schema.yml:\(line):11: error: unit test 'orders_are_all_large' of model 'orders' failed: actual differs from expected [T5020]
               |
            \(line) |   - name: orders_are_all_large
               |           ^^^^^^^^^^^^^^^^^^^^ declared here
               = note: 1 expected row missing (---), 1 unexpected (+++):
                | order_id | is_large
            +++ | 1        | \(no)
            --- | 1        | true
                | 2        | \(yes)
            """
        #expect(test.stderr.contains(expected), "\(test.stderr)")
        #expect(test.stderr.contains("Finished 4 unit tests (3 pass, 1 fail)"))
    }

    @Test(arguments: Engine.allCases) func buildSkipsAModelWhoseUnitTestFails(engine: Engine) throws {
        guard let sandbox = try Self.sandbox(engine, name: "unit_build", yaml: Self.passing + Self.failing) else {
            return
        }
        defer { sandbox.directory.remove() }
        let schema = engine == .sqlite ? "main" : "public"
        let build = try sandbox.strata(["build"])
        #expect(build.status == 1)
        #expect(build.stderr.contains("FAIL 2 orders_are_all_large"), "\(build.stderr)")
        #expect(
            build.stderr.contains("SKIP table \(schema).orders (upstream 'orders_are_all_large' failed)"),
            "\(build.stderr)")
        #expect(build.stderr.contains("SKIP view \(schema).customer_totals"))
        #expect(build.stderr.contains("OK created view"))
        // The unit tests ran before the model: a failure leaves no orders table behind.
        let relations = try Self.relations(sandbox).split(separator: "\n").map(String.init)
        // SQLite keeps the default schema's relations under their bare names.
        let prefix = engine == .sqlite ? "" : "public."
        #expect(!relations.contains("\(prefix)orders"))
        #expect(relations.contains("\(prefix)stg_customers"))

        try sandbox.directory.write("models/schema.yml", Self.passing)
        let fixed = try sandbox.strata(["build"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stderr.contains("3 unit tests (3 pass)"))
        #expect(try sandbox.query("select count(*) as n from \(schema).order_totals") == "n\n3\n")
    }

    @Test func aMissingInputIsReportedBeforeAnythingRuns() throws {
        let yaml = """
            unit_tests:
              - name: forgets_customers
                model: orders
                given:
                  - {input: ref('raw_orders'), rows: [{id: 1}]}
                expect: {rows: [{order_id: 1}]}
            """
        guard let sandbox = try Self.sandbox(.sqlite, name: "unit_missing", yaml: yaml) else { return }
        defer { sandbox.directory.remove() }
        let test = try sandbox.strata(["test"])
        #expect(test.status == 2)
        #expect(
            test.stderr.contains(
                """
                models/schema.yml:2:11: error: unit test 'forgets_customers' gives no rows for ref('stg_customers'), which model 'orders' reads [P1104]
                   |
                 2 |   - name: forgets_customers
                   |           ^^^^^^^^^^^^^^^^^ every input of the model must be given
                """), "\(test.stderr)")
        #expect(
            test.stderr.contains(
                "= help: add '- input: ref('stg_customers')' with its 'rows' (an empty list for no rows) under 'given'")
        )
    }
}
