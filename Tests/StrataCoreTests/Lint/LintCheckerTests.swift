import StrataCore
import StrataDiagnostics
import Testing

/// Compiles an in-memory project and lints it.
private func lint(_ files: [String: String]) throws -> [Diagnostic] {
    try compileInMemory(files).lintDiagnostics()
}

/// `path:line:col` of a diagnostic's primary label.
private func place(_ diagnostic: Diagnostic) -> String {
    guard let primary = diagnostic.primary else { return diagnostic.path ?? "?" }
    return "\(primary.file.path):\(primary.location)"
}

@Suite struct SchemaReadRuleTests {
    let plain: [String: String] = [
        "/p/strata.yml": """
            name: shop
            lint:
              schemas:
                core: [raw]
                "app_*": [core, self]
            """,
        "/p/seeds/raw/customers.csv": "id,name\n1,Ada\n",
        "/p/models/core/customers.sql": "select id, name from raw.customers\n",
        "/p/models/core/orders.sql": "select 1 as id\n",
        "/p/models/app_sales/summary.sql": "select c.id\nfrom core.customers c\n  join raw.customers r on r.id = c.id\n",
        "/p/models/app_sales/daily.sql": "select * from summary\n",
    ]

    @Test func plainSQLReferenceOutsideTheAllowedSchemasIsReportedAtTheRelationName() throws {
        let problems = try lint(plain)
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.code == "L6001")
        #expect(problem.severity == .error)
        #expect(place(problem) == "models/app_sales/summary.sql:3:8")
        #expect(problem.message.contains("'app_sales.summary' in schema 'app_sales' reads 'raw.customers' in schema 'raw'"))
        #expect(problem.notes == ["'app_*' may read: core, self (strata.yml:5:5)"])
    }

    @Test func selfAllowsTheOwnSchemaOnlyWhenListed() throws {
        var files = plain
        files["/p/models/core/orders.sql"] = "select * from customers\n"
        let problems = try lint(files)
        #expect(problems.map(place).sorted() == ["models/app_sales/summary.sql:3:8", "models/core/orders.sql:1:15"])
    }

    @Test func tablesOutsideTheProjectAreCheckedByTheirSchema() throws {
        var files = plain
        files["/p/models/core/orders.sql"] = "select *\nfrom stripe.charges\n  join raw.refunds using (id)\n  join unqualified using (id)\n"
        let problems = try lint(files)
        #expect(problems.map(place).sorted() == ["models/app_sales/summary.sql:3:8", "models/core/orders.sql:2:6"])
        #expect(problems.contains { $0.message.contains("'core.orders' in schema 'core' reads 'stripe.charges' in schema 'stripe'") })
    }

    @Test func warnSeverityTurnsViolationsIntoWarnings() throws {
        var files = plain
        files["/p/strata.yml"]! += "\n  severity: warn\n"
        let problems = try lint(files)
        #expect(problems.map(\.severity) == [.warning])
    }

    @Test func dbtRefCallIsReportedAtTheCall() throws {
        let problems = try lint([
            "/p/dbt_project.yml": """
                name: shop
                profile: shop
                vars:
                  strata_lint:
                    schemas:
                      "*_marts": ["*_core", "source:raw"]
                """,
            "/p/models/staging/schema.yml": "sources:\n  - name: raw\n    tables: [{name: orders}]\n",
            "/p/models/core/stg_orders.sql": "{{ config(schema='core') }}\nselect * from {{ source('raw', 'orders') }}\n",
            "/p/models/core/helper.sql": "{{ config(schema='scratch') }}\nselect 1 as id\n",
            "/p/models/marts/orders.sql": "{{ config(schema='marts') }}\nselect o.*\nfrom {{ ref('stg_orders') }} o\n  left join {{ ref('helper') }} h on true\n",
        ])
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.code == "L6001")
        #expect(place(problem) == "models/marts/orders.sql:4:16")
        #expect(problem.message.contains("reads 'helper' in schema 'main_scratch'"))
    }

    @Test func sourcesAreAllowedByTheirName() throws {
        let problems = try lint([
            "/p/dbt_project.yml": """
                name: shop
                vars:
                  strata_lint:
                    schemas:
                      main: ["source:other"]
                """,
            "/p/models/schema.yml": "sources:\n  - name: raw\n    tables: [{name: orders}]\n",
            "/p/models/orders.sql": "select *\nfrom {{ source('raw', 'orders') }}\n",
        ])
        #expect(problems.map(place) == ["models/orders.sql:2:9"])
        #expect(problems.first?.message.contains("source 'raw.orders'") == true)
    }
}

@Suite struct NamingAndDescriptionRuleTests {
    @Test func modelNamesMustMatchTheirFolderPattern() throws {
        let problems = try lint([
            "/p/dbt_project.yml": """
                name: shop
                vars:
                  strata_lint:
                    naming:
                      "models/staging/**": "^stg_[a-z0-9_]+$"
                """,
            "/p/models/staging/stg_orders.sql": "select 1 as id\n",
            "/p/models/staging/deep/orders.sql": "select 1 as id\n",
            "/p/models/marts/orders_daily.sql": "select 1 as id\n",
        ])
        #expect(problems.map(\.code) == ["L6002"])
        #expect(problems.map(place) == ["models/staging/deep/orders.sql:1:1"])
        #expect(problems.first?.message == "model name 'orders' does not match '^stg_[a-z0-9_]+$', required for 'models/staging/**'")
    }

    @Test func missingDescriptionsPointAtThePropertiesEntryOrTheModelFile() throws {
        let problems = try lint([
            "/p/dbt_project.yml": """
                name: shop
                vars:
                  strata_lint:
                    require_descriptions: {models: true, columns: true}
                """,
            "/p/models/schema.yml": """
                models:
                  - name: documented
                    description: Fine.
                    columns:
                      - name: id
                        description: The id.
                      - name: amount
                  - name: undocumented
                    columns:
                      - name: id
                        description: The id.
                """,
            "/p/models/documented.sql": "select 1 as id, 2 as amount\n",
            "/p/models/undocumented.sql": "select 1 as id\n",
            "/p/models/bare.sql": "select 1 as id\n",
        ])
        #expect(problems.map { "\($0.code) \(place($0))" } == [
            "L6003 models/bare.sql:1:1",
            "L6004 models/schema.yml:7:15",
            "L6003 models/schema.yml:8:11",
        ])
    }

    @Test func requireDescriptionsTrueMeansModelsOnly() throws {
        let problems = try lint([
            "/p/strata.yml": "lint:\n  require_descriptions: true\n",
            "/p/models/core/a.sql": "/*---\ndescription: A.\ncolumns:\n  id: ''\n---*/\nselect 1 as id\n",
            "/p/models/core/b.sql": "select 1 as id\n",
        ])
        #expect(problems.map { "\($0.code) \(place($0))" } == ["L6003 models/core/b.sql:1:1"])
    }
}

@Suite struct LintConfigurationTests {
    @Test func malformedRulesAreLocatedInTheYAML() throws {
        let problems = try lint([
            "/p/strata.yml": """
                lint:
                  schemas:
                    core: {raw: yes}
                  naming:
                    "models/**": "([a-z"
                  severity: fatal
                  require_description: true
                """,
            "/p/models/core/a.sql": "select 1 as id\n",
        ])
        #expect(problems.allSatisfy { $0.code == "L6000" && $0.severity == .error })
        #expect(problems.map(place) == ["strata.yml:3:11", "strata.yml:5:18", "strata.yml:6:13", "strata.yml:7:3"])
        #expect(problems.last?.help == "did you mean 'require_descriptions'?")
    }

    @Test func projectsWithoutLintBlockHaveNoProblems() throws {
        #expect(try lint(["/p/models/core/a.sql": "select * from core.b\n", "/p/models/core/b.sql": "select 1 as id\n"]).isEmpty)
    }
}
