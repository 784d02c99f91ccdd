import Foundation
@testable import StrataCore
import StrataDiagnostics
import StrataJinja
import StrataTestSupport
import Testing

/// The built-in generic tests written directly (`BuiltinTestSQL`) must be indistinguishable from rendering dbt's
/// templates: the same project compiled both ways gives identical test nodes and diagnostics, and the direct path
/// is really taken for the plain cases and declined for the ones it leaves to the interpreter.
@Suite struct BuiltinTestSQLTests {
    static let files: [String: String] = [
        "/p/dbt_project.yml": "name: shop\nprofile: shop\n",
        "/p/seeds/raw_customers.csv": "id,name\n1,Ann\n",
        "/p/models/customers.sql": "select id as customer_id, name from {{ ref('raw_customers') }}\n",
        "/p/models/orders.sql": "select 1 as order_id, 1 as customer_id, 'placed' as status, 2 as amount\n",
        "/p/models/recent.sql": "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('orders') }}\n",
        "/p/models/schema.yml": """
            version: 2
            sources:
              - name: raw
                tables:
                  - name: payments
                    columns:
                      - name: id
                        data_tests: [unique, not_null]
                      - name: order_id
                        data_tests:
                          - relationships:
                              to: ref('orders')
                              field: order_id
            models:
              - name: orders
                data_tests:
                  - dbt.unique:
                      column_name: order_id
                columns:
                  - name: order_id
                    data_tests:
                      - unique
                      - not_null:
                          config:
                            where: "status = 'placed'"
                      - relationships:
                          name: orders_reach_payments
                          to: source('raw', 'payments')
                          field: order_id
                  - name: status
                    data_tests:
                      - accepted_values:
                          values: ['placed', 'shipped', "it's"]
                      - accepted_values:
                          arguments:
                            values: []
                          config:
                            severity: warn
                  - name: amount
                    data_tests:
                      - accepted_values:
                          values: [1, 2, 3]
                          quote: false
                      - accepted_values:
                          values: [1.5, 2]
                      - accepted_values:
                          values: ['a']
                          quote: 'no'
                  - name: customer_id
                    data_tests:
                      - relationships:
                          to: ref( "customers" )
                          field: customer_id
                      - relationships:
                          to: ref('shop', 'customers')
                          field: customer_id
                          where: "customer_id > 0"
                      - relationships:
                          to: ref('recent')
                          field: customer_id
                      - relationships:
                          to: ref('customers', v=1)
                          field: customer_id
              - name: recent
                columns:
                  - name: order_id
                    data_tests: [not_null]
              - name: customers
                columns:
                  - name: customer_id
                    data_tests:
                      - unique:
                          config:
                            tags: [keys]
                      - relationships:
                          to: ref('order')
                          field: customer_id
            seeds:
              - name: raw_customers
                columns:
                  - name: id
                    data_tests: [unique]
            """,
    ]

    func compile(direct: Bool) throws -> (tests: [String: CompiledNode], diagnostics: [String]) {
        let diagnostics = DiagnosticCollector()
        let project = try #require(ProjectLoader(fileSystem: InMemoryFileSystem(Self.files), diagnostics: diagnostics).load(directory: "/p"))
        var compiler = Compiler(
            project: project, target: DataTestCompilationTests.target, traits: EngineTraits(name: "sqlite", seedTypes: [:]),
            diagnostics: diagnostics, invocationID: "fixed", startedAt: Date(timeIntervalSince1970: 0))
        compiler.rendersBuiltinTestsDirectly = direct
        let compiled = try #require(compiler.compile())
        var tests: [String: CompiledNode] = [:]
        for node in compiled.nodes.values where node.graphNode.resourceType == .test { tests[node.id] = node }
        return (tests, diagnostics.diagnostics.map { "\($0.severity) \($0.message) \($0.help ?? "") \($0.primary?.location.line ?? 0)" })
    }

    @Test func directAndRenderedTestsAreIdentical() throws {
        let direct = try compile(direct: true)
        let rendered = try compile(direct: false)
        #expect(direct.tests.count == 20)
        #expect(Set(direct.tests.keys) == Set(rendered.tests.keys))
        for (id, node) in rendered.tests {
            let other = try #require(direct.tests[id])
            #expect(other.compiledCode == node.compiledCode, "\(id)")
            #expect(other.rawCode == node.rawCode, "\(id)")
            #expect(other.dependsOn == node.dependsOn, "\(id)")
            #expect(other.refs == node.refs, "\(id)")
            #expect(other.sources == node.sources, "\(id)")
            #expect(other.macros == node.macros, "\(id)")
            #expect(other.config == node.config, "\(id)")
            #expect(other.checksum == node.checksum, "\(id)")
            #expect(other.testMetadata == node.testMetadata, "\(id)")
        }
        // The unknown ref is reported once, the same way.
        #expect(direct.diagnostics == rendered.diagnostics)
        #expect(direct.diagnostics.contains { $0.contains("unknown model 'order' in ref()") && $0.contains("did you mean 'orders'?") })
        // Spot checks that the shared output is dbt's SQL.
        let byName = Dictionary(direct.tests.values.map { ($0.graphNode.name, $0) }) { first, _ in first }
        #expect(byName["accepted_values_orders_amount__False__1__2__3"]?.compiledCode?.contains("not in (\n    1,2,3\n)") == true)
        #expect(byName["accepted_values_orders_status__placed__shipped__it_s"]?.compiledCode?.contains("'placed','shipped','it's'") == true)
        #expect(byName["not_null_recent_order_id"]?.compiledCode?.hasPrefix("with __dbt__cte__recent as (") == true)
        #expect(byName["orders_reach_payments"]?.sources == [["raw", "payments"]])
        #expect(byName["orders_reach_payments"]?.compiledCode?.contains("from \"raw\".\"payments\"") == true, "\(byName["orders_reach_payments"]?.compiledCode ?? "")")
    }

    /// Which declarations the direct path takes: given the definitions the collector made, with the built-in macro.
    @Test func plainBuiltinsAreWrittenDirectlyAndTheRestAreLeftToTheTemplates() throws {
        let diagnostics = DiagnosticCollector()
        let project = try #require(ProjectLoader(fileSystem: InMemoryFileSystem(Self.files), diagnostics: diagnostics).load(directory: "/p"))
        var environment = Environment(options: .init(parse: Compiler.parseOptions))
        BuiltinTestMacros.install(into: &environment, project: project)
        let index = RelationIndex(
            refables: ["orders", "customers"].map {
                RelationIndex.Refable(id: "model.shop.\($0)", name: $0, package: "shop", relation: Relation(schema: "main", identifier: $0))
            } + [
                RelationIndex.Refable(
                    id: "model.shop.recent", name: "recent", package: "shop", relation: Relation(schema: "main", identifier: "recent"),
                    cteName: "__dbt__cte__recent")
            ],
            sources: [
                RelationIndex.SourceTable(
                    id: "source.shop.raw.payments", sourceName: "raw", tableName: "payments", relation: Relation(schema: "main", identifier: "payments"))
            ])
        let session = CompileSession(
            project: project, target: DataTestCompilationTests.target, cliVars: [:], environmentVariables: [:], index: index,
            invocationID: "fixed", startedAt: Date(timeIntervalSince1970: 0))
        let definitions = DataTestCollector(project: project, macros: environment.macros, diagnostics: diagnostics).collect()
        let writer = BuiltinTestSQL(session: session)
        var taken: Set<String> = []
        for definition in definitions where definition.kind == .generic {
            if writer.render(definition, macro: environment.macros.macro(named: "test_\(definition.testName ?? "")")) != nil {
                taken.insert(definition.name)
            }
        }
        #expect(taken.contains("unique_orders_order_id"))
        #expect(taken.contains("not_null_orders_order_id"))
        #expect(taken.contains("source_unique_raw_payments_id"))
        #expect(taken.contains("relationships_orders_customer_id__customer_id__ref_customers_"))
        #expect(taken.contains("not_null_recent_order_id"))
        #expect(taken.contains("accepted_values_orders_amount__False__1__2__3"))
        // Doubles print as Python prints them, a string `quote` is truthy text, a keyword in ref() is more than
        // the reader takes, and an unknown ref needs the interpreter's error: all rendered by the templates.
        #expect(!taken.contains("accepted_values_orders_amount__1_5__2"))
        #expect(!taken.contains("accepted_values_orders_amount__no__a"))
        #expect(!taken.contains("relationships_orders_customer_id__customer_id__ref_customers_v_1_"))
        #expect(!taken.contains("relationships_customers_customer_id__customer_id__ref_order_"))
        // A project's own `unique` is not the built-in.
        let override = try environment.parse(SourceFile(path: "macros/unique.sql", text: "{% test unique(model, column_name) %}x{% endtest %}"))
        let unique = try #require(definitions.first { $0.name == "unique_orders_order_id" })
        #expect(writer.render(unique, macro: override.macros.first) == nil)
    }

    /// The direct path fills in the very bodies the templates are made of: cut at each expression and at the loop.
    @Test func bodiesAreCutAtTheirExpressions() throws {
        #expect(Set(BuiltinTestMacros.pieces.keys) == ["unique", "not_null", "accepted_values", "relationships"])
        let notNull = try #require(BuiltinTestMacros.pieces["not_null"])
        #expect(notNull == [
            .text("select "), .expression("column_name"), .text("\nfrom "), .expression("model"), .text("\nwhere "),
            .expression("column_name"), .text(" is null"),
        ])
        let accepted = try #require(BuiltinTestMacros.pieces["accepted_values"])
        #expect(accepted.filter { $0 == .valueList }.count == 1)
        let relationships = try #require(BuiltinTestMacros.pieces["relationships"])
        #expect(Set(relationships.compactMap { if case .expression(let name) = $0 { name } else { nil } }) == ["column_name", "model", "field", "to"])
    }

    @Test func relationCallsAreReadOnlyWhenPlain() {
        #expect(RelationCall("ref('a')") == .ref(["a"]))
        #expect(RelationCall(" ref ( \"a\" ) ") == .ref(["a"]))
        #expect(RelationCall("ref('pkg', 'a')") == .ref(["pkg", "a"]))
        #expect(RelationCall("source('raw','t')") == .source("raw", "t"))
        #expect(RelationCall("source('raw')") == nil)
        #expect(RelationCall("ref('a', version=2)") == nil)
        #expect(RelationCall("ref('a') ~ 'x'") == nil)
        #expect(RelationCall("refs('a')") == nil)
        #expect(RelationCall("ref('a\\'b')") == nil)
        #expect(RelationCall("ref(a)") == nil)
    }
}
