import StrataDiagnostics
import StrataTestSupport
import Testing

@testable import StrataCore

/// dbt unit tests: `unit_tests:` YAML → `unit_test` nodes (ids, edges, selection), the mock inputs rewritten into
/// CTEs of literal rows, overrides, and the diagnostics of malformed entries.
@Suite struct UnitTestCompilationTests {
    static let baseFiles: [String: String] = [
        "/p/dbt_project.yml": "name: shop\nprofile: shop\n",
        "/p/models/stg_customers.sql": "select 1 as id, 'Ann' as name, 'gold' as tier\n",
        "/p/models/orders.sql": """
        select o.id as order_id, c.name as customer_name, o.amount * {{ var('tax_rate', 1) }} as amount
        from {{ ref('stg_orders') }} o join {{ ref('stg_customers') }} c on c.id = o.customer_id

        """,
        "/p/models/stg_orders.sql": "select 1 as id, 1 as customer_id, 10 as amount\n",
        "/p/models/order_totals.sql": """
        {{ config(materialized='incremental') }}
        select order_id, amount from {{ ref('orders') }}
        {% if is_incremental() %}where order_id > (select max(order_id) from {{ this }}){% endif %}

        """,
    ]

    func compile(_ yaml: String, engine: String = "sqlite", extra: [String: String] = [:]) -> (
        CompiledProject?, DiagnosticCollector
    ) {
        var files = Self.baseFiles
        files["/p/models/schema.yml"] = yaml
        files.merge(extra) { $1 }
        let diagnostics = DiagnosticCollector()
        guard
            let project = ProjectLoader(fileSystem: InMemoryFileSystem(files), diagnostics: diagnostics).load(
                directory: "/p")
        else {
            return (nil, diagnostics)
        }
        let target = TargetInfo(name: "dev", type: engine, schema: "main", database: "main", threads: 1)
        let compiled = Compiler(
            project: project, target: target, traits: EngineTraits(name: engine, seedTypes: [:]),
            diagnostics: diagnostics
        )
        .compile()
        return (compiled, diagnostics)
    }

    static let yaml = """
        version: 2
        unit_tests:
          - name: joins_customers
            model: orders
            config: {tags: [critical]}
            given:
              - input: ref('stg_orders')
                rows:
                  - {id: 1, customer_id: 10, amount: 5}
              - input: ref('stg_customers')
                format: csv
                rows: |
                  id,name
                  10,O'Hara
            expect:
              rows:
                - {order_id: 1, customer_name: "O'Hara"}
        """

    @Test func unitTestsBecomeNodesAttachedToTheirModel() throws {
        let (compiled, diagnostics) = compile(Self.yaml)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let id = "unit_test.shop.orders.joins_customers"
        let node = try #require(compiled?.nodes[id])
        #expect(node.graphNode.resourceType == .unitTest)
        #expect(node.graphNode.testType == "unit")
        #expect(node.graphNode.fqn == ["shop", "orders", "joins_customers"])
        #expect(node.graphNode.tags == ["critical"])
        #expect(compiled?.graph.parents(of: id) == ["model.shop.orders"])
        #expect(node.unitTest?.expectedColumns == ["order_id", "customer_name"])
        let selector = NodeSelector(graph: try #require(compiled?.graph), rootPackage: "shop")
        for expression in ["test_type:unit", "resource_type:unit_test", "joins_customers", "tag:critical"] {
            #expect(selector.select(try SelectorParser.parse([expression]), exclude: nil) == [id], "\(expression)")
        }
    }

    @Test func folderConfigurationAppliesByFqnAndDisabledTestsAreLeftOut() throws {
        let yaml =
            Self.yaml + """

                  - name: switched_off
                    model: orders
                    config: {enabled: false}
                    given: []
                    expect: {rows: []}
                  - name: totals_off
                    model: order_totals
                    given: []
                    expect: {rows: []}
                """
        let project =
            "name: shop\nprofile: shop\nunit_tests:\n  shop:\n    +tags: [unit]\n    order_totals:\n      +enabled: false\n"
        let (compiled, diagnostics) = compile(yaml, extra: ["/p/dbt_project.yml": project])
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let ids = compiled?.nodes.keys.filter { $0.hasPrefix("unit_test.") }
        #expect(ids == ["unit_test.shop.orders.joins_customers"])
        #expect(
            compiled?.nodes["unit_test.shop.orders.joins_customers"]?.graphNode.tags.sorted() == ["critical", "unit"])
    }

    @Test func givenInputsAreRewrittenIntoCTEsOfLiteralRows() throws {
        let (compiled, diagnostics) = compile(Self.yaml)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let sql = try #require(compiled?.nodes["unit_test.shop.orders.joins_customers"]?.compiledCode)
        // Columns the rows leave out are NULL; the model's qualified references keep working through the alias.
        #expect(
            sql == """
                with __dbt__cte__stg_orders as (
                select 1 as "id", 10 as "customer_id", 5 as "amount"
                ),
                __dbt__cte__stg_customers as (
                select 10 as "id", 'O''Hara' as "name", NULL as "tier"
                )
                select o.id as order_id, c.name as customer_name, o.amount * 1 as amount
                from __dbt__cte__stg_orders o join __dbt__cte__stg_customers c on c.id = o.customer_id
                """)
    }

    @Test func overridesSetVarsAndIsIncrementalAndThisCanBeGiven() throws {
        let yaml = """
            unit_tests:
              - name: taxed
                model: orders
                overrides: {vars: {tax_rate: 2}}
                given:
                  - {input: ref('stg_orders'), rows: []}
                  - {input: ref('stg_customers'), rows: []}
                expect: {rows: []}
              - name: only_new_rows
                model: order_totals
                overrides: {macros: {is_incremental: true}}
                given:
                  - input: ref('orders')
                    rows: [{order_id: 1, amount: 5}, {order_id: 3, amount: 7}]
                  - input: this
                    rows: [{order_id: 2}]
                expect:
                  rows: [{order_id: 3, amount: 7}]
            """
        let (compiled, diagnostics) = compile(yaml)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let taxed = try #require(compiled?.nodes["unit_test.shop.orders.taxed"]?.compiledCode)
        #expect(taxed.contains("o.amount * 2 as amount"))
        #expect(
            taxed.contains(
                "__dbt__cte__stg_orders as (\nselect NULL as \"id\", NULL as \"customer_id\", NULL as \"amount\" where 1 = 0\n)"
            ))
        let incremental = try #require(compiled?.nodes["unit_test.shop.order_totals.only_new_rows"]?.compiledCode)
        #expect(incremental.contains("__dbt__cte__this as (\nselect 2 as \"order_id\", NULL as \"amount\"\n)"))
        #expect(incremental.contains("select max(order_id) from __dbt__cte__this AS \"order_totals\""))
    }

    @Test func sourcesFixturesAndMacroAndEnvironmentOverrides() throws {
        let yaml = """
            sources:
              - name: raw
                tables: [{name: payments, columns: [{name: id}, {name: cents}]}]
            unit_tests:
              - name: converts_cents
                model: payments
                overrides:
                  macros: {cents_to_dollars: "cents / 100.0", invocation_id: fixed}
                  env_vars: {PAYMENT_REGION: eu}
                given:
                  - {input: "source('raw', 'payments')", format: csv, fixture: few_payments}
                expect:
                  format: sql
                  rows: select 1 as id, 2.5 as dollars
            """
        let extra = [
            "/p/models/payments.sql": """
            select id, {{ cents_to_dollars('cents') }} as dollars, '{{ env_var('PAYMENT_REGION', 'us') }}' as region,
                '{{ invocation_id }}' as run
            from {{ source('raw', 'payments') }}

            """,
            "/p/macros/money.sql": "{% macro cents_to_dollars(column) %}({{ column }} / 100){% endmacro %}\n",
            "/p/tests/fixtures/few_payments.csv": "id,cents\n1,250\n",
        ]
        let (compiled, diagnostics) = compile(yaml, extra: extra)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let node = try #require(compiled?.nodes["unit_test.shop.payments.converts_cents"])
        #expect(
            node.compiledCode == """
                with __dbt__cte__raw__payments as (
                select 1 as "id", 250 as "cents"
                )
                select id, cents / 100.0 as dollars, 'eu' as region,
                    'fixed' as run
                from __dbt__cte__raw__payments AS "payments"
                """)
        #expect(node.unitTest?.expectedSQL == "select 1 as id, 2.5 as dollars")
        // The fixture is not a singular data test.
        #expect(compiled?.nodes.keys.contains { $0.hasPrefix("test.") } == false)
    }

    @Test func anEmptyInputWithUnknownColumnsIsAWarning() throws {
        let yaml = """
            sources:
              - {name: raw, tables: [{name: events}]}
            unit_tests:
              - name: no_events
                model: event_count
                given:
                  - {input: "source('raw', 'events')", rows: []}
                expect: {rows: [{n: 0}]}
            """
        let extra = ["/p/models/event_count.sql": "select count(*) as n from {{ source('raw', 'events') }}\n"]
        let (compiled, diagnostics) = compile(yaml, extra: extra)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        #expect(
            diagnostics.diagnostics.map(\.headline) == [
                "models/schema.yml:7:17: warning: the columns of source('raw', 'events') in unit test 'no_events' are unknown [P1108]"
            ])
        #expect(compiled?.nodes["unit_test.shop.event_count.no_events"]?.compiledCode?.contains("where 1 = 0") == true)
    }

    @Test func postgresCastsDocumentedColumns() throws {
        let yaml = """
            models:
              - name: stg_orders
                columns:
                  - {name: id, data_type: integer}
                  - {name: amount, data_type: "numeric(10,2)"}
            unit_tests:
              - name: typed
                model: orders
                given:
                  - {input: ref('stg_orders'), rows: [{id: 1}]}
                  - {input: ref('stg_customers'), rows: [{id: 1, name: null}]}
                expect: {rows: [{order_id: 1}]}
            """
        let (compiled, diagnostics) = compile(yaml, engine: "postgres")
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let sql = try #require(compiled?.nodes["unit_test.shop.orders.typed"]?.compiledCode)
        #expect(
            sql.contains(
                #"select cast(1 as integer) as "id", NULL as "customer_id", cast(NULL as numeric(10,2)) as "amount""#))
    }

    @Test func aMissingInputIsAnErrorAtTheTestWithTheModelsReference() throws {
        let yaml = """
            unit_tests:
              - name: forgets_customers
                model: orders
                given:
                  - {input: ref('stg_orders'), rows: [{id: 1}]}
                expect: {rows: [{order_id: 1}]}
            """
        let (_, diagnostics) = compile(yaml)
        let rendered = DiagnosticRenderer(colored: false).render(diagnostics.diagnostics.filter { $0.code == "P1104" })
        #expect(
            rendered == """
                models/schema.yml:2:11: error: unit test 'forgets_customers' gives no rows for ref('stg_customers'), which model 'orders' reads [P1104]
                   |
                 2 |   - name: forgets_customers
                   |           ^^^^^^^^^^^^^^^^^ every input of the model must be given
                   |
                 2 | from {{ ref('stg_orders') }} o join {{ ref('stg_customers') }} c on c.id = o.customer_id
                   |                                        -------------------- read here (models/orders.sql:2:40)
                   = help: add '- input: ref('stg_customers')' with its 'rows' (an empty list for no rows) under 'given'

                """)
    }

    @Test func malformedEntriesAreLocatedErrors() throws {
        let yaml = """
            unit_tests:
              - name: no_model
                given: []
                expect: {rows: []}
              - name: unknown_model
                model: orderz
                given: []
                expect: {rows: []}
              - name: unknown_input
                model: orders
                given:
                  - {input: ref('stg_orderz'), rows: []}
                  - {input: "select 1", rows: []}
                expect: {rows: []}
              - name: bad_csv
                model: orders
                given:
                  - input: ref('stg_orders')
                    format: csv
                    rows: |
                      id,amount
                      1,2,3
                expect: {rows: []}
            """
        let (_, diagnostics) = compile(yaml)
        let found = diagnostics.diagnostics.filter { $0.severity == .error }.map { "\($0.headline)" }
        #expect(
            found == [
                "models/schema.yml:2:11: error: unit test 'no_model' needs a 'model' [P1100]",
                "models/schema.yml:6:12: error: unit test 'unknown_model' tests unknown model 'orderz' [P1101]",
                "models/schema.yml:13:17: error: input 'select 1' of unit test 'unknown_input' is not ref(), source() or this [P1102]",
                "models/schema.yml:22:11: error: a CSV row of unit test 'bad_csv' has 3 fields, the header has 2 [P1103]",
            ])
        let suggestion = diagnostics.diagnostics.first { $0.code == "P1101" }?.help
        #expect(suggestion == "did you mean 'orders'?")
    }

    @Test func anInputNamingNothingSuggestsANearMiss() throws {
        let yaml = """
            unit_tests:
              - name: unknown_input
                model: orders
                given:
                  - {input: ref('stg_orderz'), rows: []}
                  - {input: ref('stg_customers'), rows: []}
                expect: {rows: []}
            """
        let (_, diagnostics) = compile(yaml)
        let error = try #require(diagnostics.diagnostics.first { $0.severity == .error })
        #expect(
            error.headline
                == "models/schema.yml:5:17: error: input ref('stg_orderz') of unit test 'unknown_input' names nothing in the project [P1102]"
        )
        #expect(error.help == "did you mean ref('stg_orders')?")
    }
}
