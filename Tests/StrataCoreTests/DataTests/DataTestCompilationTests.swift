@testable import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Testing

/// Generic and singular data tests: YAML → test nodes (names, ids, dependencies), rendering of the built-ins,
/// configuration, and diagnostics for bad test entries.
@Suite struct DataTestCompilationTests {
    static let target = TargetInfo(name: "dev", type: "sqlite", schema: "main", database: "main", threads: 1)

    static let baseFiles: [String: String] = [
        "/p/dbt_project.yml": "name: shop\nprofile: shop\ndata_tests:\n  shop:\n    +tags: [quality]\n    singular:\n      +severity: warn\n",
        "/p/seeds/raw_customers.csv": "id,name\n1,Ann\n",
        "/p/models/customers.sql": "select id as customer_id, name from {{ ref('raw_customers') }}\n",
        "/p/models/orders.sql": "select 1 as order_id, 1 as customer_id, 'placed' as status\n",
        "/p/tests/generic/is_even.sql": "{% test is_even(model, column_name, offset=0) %}\nselect * from {{ model }} where ({{ column_name }} + {{ offset }}) % 2 = 1\n{% endtest %}\n",
        "/p/tests/singular/assert_one_order.sql": "select * from {{ ref('orders') }} where order_id <> 1\n",
    ]

    func compile(_ yaml: String, extra: [String: String] = [:]) -> (CompiledProject?, DiagnosticCollector) {
        var files = Self.baseFiles
        files["/p/models/schema.yml"] = yaml
        files.merge(extra) { $1 }
        let diagnostics = DiagnosticCollector()
        guard let project = ProjectLoader(fileSystem: InMemoryFileSystem(files), diagnostics: diagnostics).load(directory: "/p") else {
            return (nil, diagnostics)
        }
        let compiled = Compiler(
            project: project, target: Self.target, traits: EngineTraits(name: "sqlite", seedTypes: [:]), diagnostics: diagnostics
        ).compile()
        return (compiled, diagnostics)
    }

    static let yaml = """
        version: 2
        models:
          - name: orders
            columns:
              - name: order_id
                data_tests:
                  - unique
                  - not_null:
                      config:
                        where: "status = 'placed'"
              - name: status
                tests:
                  - accepted_values:
                      arguments:
                        values: ['placed', 'shipped']
                      config:
                        severity: warn
              - name: customer_id
                data_tests:
                  - relationships:
                      to: ref('customers')
                      field: customer_id
                  - is_even:
                      offset: 1
        """

    func tests(_ compiled: CompiledProject) -> [String: CompiledNode] {
        var byName: [String: CompiledNode] = [:]
        for node in compiled.nodes.values where node.graphNode.resourceType == .test { byName[node.graphNode.name] = node }
        return byName
    }

    @Test func yamlEntriesBecomeNamedTestNodes() throws {
        let (compiled, diagnostics) = compile(Self.yaml)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let byName = tests(try #require(compiled))
        #expect(
            Set(byName.keys) == [
                "unique_orders_order_id", "not_null_orders_order_id", "accepted_values_orders_status__placed__shipped",
                "relationships_orders_customer_id__customer_id__ref_customers_", "is_even_orders_customer_id__1",
                "assert_one_order",
            ])
        let unique = try #require(byName["unique_orders_order_id"])
        #expect(unique.id.hasPrefix("test.shop.unique_orders_order_id."))
        #expect(unique.id.split(separator: ".").last?.count == 10)
        #expect(unique.graphNode.testType == "generic")
        #expect(unique.graphNode.testName == "unique")
        #expect(unique.graphNode.attachedNodeID == "model.shop.orders")
        #expect(unique.dependsOn == ["model.shop.orders"])
        #expect(unique.graphNode.tags == ["quality"])
        let relationships = try #require(byName["relationships_orders_customer_id__customer_id__ref_customers_"])
        #expect(relationships.dependsOn == ["model.shop.customers", "model.shop.orders"])
        #expect(relationships.graphNode.attachedNodeID == "model.shop.orders")
        let singular = try #require(byName["assert_one_order"])
        #expect(singular.id == "test.shop.assert_one_order")
        #expect(singular.graphNode.testType == "singular")
        #expect(singular.dependsOn == ["model.shop.orders"])
        #expect(singular.config["severity"]?.stringValue == "warn")
        #expect(byName["accepted_values_orders_status__placed__shipped"]?.config["severity"]?.stringValue == "warn")
    }

    @Test func idsAreStableAcrossCompilations() throws {
        let first = try #require(compile(Self.yaml).0)
        let second = try #require(compile(Self.yaml).0)
        #expect(Set(tests(first).values.map(\.id)) == Set(tests(second).values.map(\.id)))
    }

    @Test func builtinsRenderDbtSQL() throws {
        let byName = tests(try #require(compile(Self.yaml).0))
        let unique = try #require(byName["unique_orders_order_id"]?.compiledCode)
        #expect(unique.contains("from \"main\".\"orders\""))
        #expect(unique.contains("group by order_id"))
        #expect(unique.contains("having count(*) > 1"))
        let notNull = try #require(byName["not_null_orders_order_id"]?.compiledCode)
        #expect(notNull.contains("from (select * from \"main\".\"orders\" where status = 'placed') dbt_subquery"))
        #expect(notNull.contains("where order_id is null"))
        let accepted = try #require(byName["accepted_values_orders_status__placed__shipped"]?.compiledCode)
        #expect(accepted.contains("where value_field not in (\n    'placed','shipped'\n)"))
        let relationships = try #require(byName["relationships_orders_customer_id__customer_id__ref_customers_"]?.compiledCode)
        #expect(relationships.contains("from \"main\".\"customers\""))
        #expect(relationships.contains("left join parent"))
        let custom = try #require(byName["is_even_orders_customer_id__1"]?.compiledCode)
        #expect(custom.contains("(customer_id + 1) % 2 = 1"))
    }

    @Test func projectMacrosOverrideBuiltins() throws {
        let override = ["/p/macros/unique.sql": "{% test unique(model, column_name) %}select 'mine' from {{ model }}{% endtest %}\n"]
        let byName = tests(try #require(compile(Self.yaml, extra: override).0))
        #expect(byName["unique_orders_order_id"]?.compiledCode == "select 'mine' from \"main\".\"orders\"")
    }

    @Test func unknownTestNameSuggestsANearMiss() {
        let yaml = "models:\n  - name: orders\n    columns:\n      - name: order_id\n        data_tests:\n          - uniqe\n"
        let (_, diagnostics) = compile(yaml)
        let error = diagnostics.diagnostics.first { $0.code == DataTestCollector.unknownTest }
        #expect(error?.message == "unknown generic test 'uniqe'")
        #expect(error?.help == "did you mean 'unique'?")
        #expect(error?.primary?.location.line == 6)
        #expect(error?.primary?.location.column == 13)
        #expect(error?.primary?.file.path == "models/schema.yml")
    }

    @Test func missingArgumentIsReportedAtTheTest() {
        let yaml = "models:\n  - name: orders\n    columns:\n      - name: status\n        data_tests:\n          - accepted_values:\n              quote: false\n"
        let (_, diagnostics) = compile(yaml)
        let error = diagnostics.diagnostics.first { $0.code == DataTestCollector.missingArgument }
        #expect(error?.message == "test 'accepted_values' needs the argument 'values'")
        #expect(error?.primary?.location.line == 6)
    }

    @Test func longNamesKeepTheirFullNameAndGetAShortAlias() {
        let values: ConfigValue = .list((1...12).map { .string("status_value_\($0)") })
        let names = DataTestNaming.names(testType: "accepted_values", targetName: "stg_orders", arguments: [("column_name", .string("status")), ("values", values)])
        #expect(names.full.hasPrefix("accepted_values_stg_orders_status__status_value_1__status_value_2"))
        // The identifier (`accepted_values_stg_orders`) is cut to 30 characters, then the MD5 of the full name.
        #expect(names.short == "accepted_values_stg_orders_" + MD5.hex(names.full))
        let longTarget = DataTestNaming.names(
            testType: "relationships", targetName: "a_very_long_model_name_indeed", arguments: [("column_name", .string("an_equally_long_column_name"))])
        #expect(longTarget.short.hasPrefix("relationships_a_very_long_mode_"))
        #expect(longTarget.short.count == 30 + 1 + 32)
        #expect(DataTestNaming.sanitize("ref('a b')") == "ref_a_b_")
        #expect(DataTestNaming.sanitize("a\r\n--b") == "a_b")
        // Non-ASCII text goes by characters: an accented letter is one character outside [0-9a-zA-Z_].
        #expect(DataTestNaming.sanitize("caf\u{E9}-x") == "caf_x")
        #expect(DataTestNaming.sanitize("e\u{301}x") == "_x")
    }

    @Test func testsOfEphemeralModelsInlineTheModel() throws {
        let yaml = "models:\n  - name: recent\n    columns:\n      - name: order_id\n        data_tests:\n          - not_null\n"
        let extra = ["/p/models/recent.sql": "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('orders') }}\n"]
        let byName = tests(try #require(compile(yaml, extra: extra).0))
        let sql = try #require(byName["not_null_recent_order_id"]?.compiledCode)
        #expect(sql.hasPrefix("with __dbt__cte__recent as ("))
        #expect(sql.contains("from __dbt__cte__recent\nwhere order_id is null"))
    }

    @Test func packageTestsAreCalledThroughTheirNamespace() throws {
        let yaml = "models:\n  - name: orders\n    data_tests:\n      - utils.at_least_one:\n          column_name: order_id\n      - at_least_one:\n          column_name: order_id\n"
        let extra = [
            "/p/packages.yml": "packages:\n  - local: pkgs/utils\n",
            "/p/pkgs/utils/dbt_project.yml": "name: utils\n",
            "/p/pkgs/utils/macros/tests.sql": "{% test at_least_one(model, column_name) %}select 'utils' from {{ model }}{% endtest %}\n",
            "/p/macros/tests.sql": "{% test at_least_one(model, column_name) %}select 'root' from {{ model }}{% endtest %}\n",
        ]
        let (compiled, diagnostics) = compile(yaml, extra: extra)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let byName = tests(try #require(compiled))
        #expect(byName["utils_at_least_one_orders_order_id"]?.compiledCode == "select 'utils' from \"main\".\"orders\"")
        #expect(byName["utils_at_least_one_orders_order_id"]?.graphNode.testName == "at_least_one")
        #expect(byName["at_least_one_orders_order_id"]?.compiledCode == "select 'root' from \"main\".\"orders\"")
    }

    @Test func configPrecedenceAndColumnTags() throws {
        let yaml = """
            models:
              - name: orders
                columns:
                  - name: status
                    tags: [checked]
                    data_tests:
                      - lenient
                  - name: order_id
                    tags: [checked]
                    data_tests:
                      - lenient:
                          severity: error
            """
        let extra = ["/p/macros/lenient.sql": "{% test lenient(model, column_name) %}{{ config(severity='warn') }}select 1{% endtest %}\n"]
        let (compiled, diagnostics) = compile(yaml, extra: extra)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let lenient = try #require(compiled).nodes.values.filter { $0.graphNode.testName == "lenient" }
        #expect(lenient.count == 2)
        // The macro's config() applies unless the YAML entry says otherwise.
        #expect(Set(lenient.compactMap { $0.config["severity"]?.stringValue }) == ["warn", "error"])
        #expect(lenient.allSatisfy { $0.config.tags == ["quality", "checked"] })
    }

    @Test func duplicateTestsAreReportedOnce() throws {
        let yaml = "models:\n  - name: orders\n    columns:\n      - name: order_id\n        data_tests:\n          - unique\n          - unique\n"
        let (compiled, diagnostics) = compile(yaml)
        #expect(tests(try #require(compiled)).keys.filter { $0 == "unique_orders_order_id" }.count == 1)
        let warning = diagnostics.diagnostics.first { $0.code == DataTestCollector.duplicate }
        #expect(warning?.severity == .warning)
        #expect(warning?.primary?.location.line == 7)
    }

    @Test func renderErrorsPointAtTheTestEntry() {
        let yaml = "models:\n  - name: orders\n    columns:\n      - name: customer_id\n        data_tests:\n          - relationships:\n              to: ref('customer')\n              field: customer_id\n"
        let (_, diagnostics) = compile(yaml)
        let error = diagnostics.diagnostics.first { $0.severity == .error }
        #expect(error?.message == "test 'relationships_orders_customer_id__customer_id__ref_customer_': unknown model 'customer' in ref()")
        #expect(error?.help == "did you mean 'customers'?")
        #expect(error?.primary?.file.path == "models/schema.yml")
        #expect(error?.primary?.location.line == 6)
    }

    @Test func disabledTestsAreDropped() throws {
        let yaml = "models:\n  - name: orders\n    columns:\n      - name: order_id\n        data_tests:\n          - unique:\n              config:\n                enabled: false\n          - not_null\n"
        let byName = tests(try #require(compile(yaml).0))
        #expect(byName["unique_orders_order_id"] == nil)
        #expect(byName["not_null_orders_order_id"] != nil)
    }
}

/// Unique ids hash the test's metadata as dbt does, so they match dbt's own (ids from the shop_dbt fixture's
/// `expected/sqlite/test_results.tsv`).
@Suite struct DataTestIdentityTests {
    func definition(_ name: String, test: String, model: String, _ arguments: [(String, ConfigValue)]) -> DataTestDefinition {
        DataTestDefinition(
            kind: .generic, name: name, packageName: "shop_dbt", testName: test, attachedNodeID: "model.shop_dbt.\(model)",
            modelExpression: "ref('\(model)')", arguments: arguments, config: NodeConfig(),
            file: SourceFile(path: "models/staging/_staging.yml", text: ""), span: .point(0), path: "models/staging/_staging.yml")
    }

    @Test func md5MatchesKnownDigests() {
        #expect(MD5.hex("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(MD5.hex("abc") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(MD5.hex(String(repeating: "a", count: 1000)) == "cabe45dcc9ae5b66ba86600cca6b8ba8")
    }

    @Test func uniqueIdsMatchDbt() {
        #expect(
            definition("unique_stg_orders_order_id", test: "unique", model: "stg_orders", [("column_name", .string("order_id"))]).id
                == "test.shop_dbt.unique_stg_orders_order_id.e3b841c71a")
        #expect(
            definition(
                "accepted_values_stg_products_is_active__Y__N", test: "accepted_values", model: "stg_products",
                [("values", .list([.string("Y"), .string("N")])), ("column_name", .string("is_active"))]
            ).id == "test.shop_dbt.accepted_values_stg_products_is_active__Y__N.3e6005c932")
        #expect(
            definition(
                "relationships_stg_orders_customer_id__customer_id__ref_stg_customers_", test: "relationships", model: "stg_orders",
                [("to", .string("ref('stg_customers')")), ("field", .string("customer_id")), ("column_name", .string("customer_id"))]
            ).id == "test.shop_dbt.relationships_stg_orders_customer_id__customer_id__ref_stg_customers_.430bf21500")
    }

    @Test func pythonReprQuotesLikePython() {
        #expect(PythonValue.quote("a'b") == "\"a'b\"")
        #expect(PythonValue.quote("a'b\"c") == "'a\\'b\"c'")
        #expect(PythonValue.quote("x\ny") == "'x\\ny'")
        // repr() writes the common cases without the escaping pass, and the rest through it.
        #expect(PythonValue.string("plain").repr == "'plain'")
        #expect(PythonValue.string("ref('a')").repr == "\"ref('a')\"")
        #expect(PythonValue.string("say \"hi\"").repr == "'say \"hi\"'")
        #expect(PythonValue.string("a'b\"c").repr == "'a\\'b\"c'")
        #expect(PythonValue.string("tab\there").repr == "'tab\\there'")
    }
}
