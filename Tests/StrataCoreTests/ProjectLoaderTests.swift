import Foundation
import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Testing

@Suite struct PlainLayoutLoaderTests {
    let files = InMemoryFileSystem([
        "/p/strata.yml": "name: insurer\nvars:\n  start: '2024-01-01'\n",
        "/p/models/core/deals.sql": "/*---\ndescription: One row per deal.\nmaterialized: table\ntags: [finance]\ncolumns:\n  deal_id: The id.\n---*/\nselect 1 as deal_id\n",
        "/p/models/claims_1/base.sql": "select * from core.deals\n",
        "/p/models/claims_2/risk.sql": "select * from base\n",
        "/p/models/claims_2/schema.yml": "models:\n  - name: risk\n    description: Risk per member.\n    config:\n      tags: [risk]\n",
        "/p/seeds/raw/members.csv": "id,name\n1,Zoë\n",
    ])

    func load() -> (Project?, DiagnosticCollector) {
        let diagnostics = DiagnosticCollector()
        return (ProjectLoader(fileSystem: files, diagnostics: diagnostics).load(directory: "/p"), diagnostics)
    }

    @Test func stagedFoldersLandInTheirSchema() throws {
        let (project, diagnostics) = load()
        let models = try #require(project).models
        #expect(!diagnostics.hasErrors)
        #expect(Set(models.map(\.name)) == ["core.deals", "claims.base", "claims.risk"])
        #expect(models.first { $0.name == "claims.risk" }?.config.schema == "claims")
        #expect(models.first { $0.name == "claims.risk" }?.fqn == ["insurer", "claims_2", "risk"])
        #expect(project?.layout == .plain)
    }

    @Test func headerGivesDescriptionColumnsAndConfig() throws {
        let (project, _) = load()
        let deals = try #require(project?.models.first { $0.name == "core.deals" })
        #expect(deals.description == "One row per deal.")
        #expect(deals.config.materialized == "table")
        #expect(deals.config.tags == ["finance"])
        #expect(deals.columns.map(\.name) == ["deal_id"])
        #expect(deals.id == "model.insurer.core.deals")
    }

    @Test func propertiesFilesPatchModelsInTheirFolderSchema() throws {
        let (project, _) = load()
        let risk = try #require(project?.models.first { $0.name == "claims.risk" })
        #expect(risk.description == "Risk per member.")
        #expect(risk.config.tags == ["risk"])
    }

    @Test func seedsUseTheirFolderAsSchema() throws {
        let (project, _) = load()
        let seed = try #require(project?.seeds.first)
        #expect(seed.name == "raw.members")
        #expect(seed.config.schema == "raw")
        #expect(project?.settings.vars["start"] == .string("2024-01-01"))
    }

    @Test func malformedHeaderIsReportedWithItsLocation() {
        files.write("/p/models/core/bad.sql", "/*---\ndescription: [unclosed\n---*/\nselect 1\n")
        let (_, diagnostics) = load()
        let error = diagnostics.diagnostics.first { $0.severity == .error }
        #expect(error?.code == "P1001")
        #expect(error?.primary?.file.path == "models/core/bad.sql")
        #expect((error?.primary?.location.line ?? 0) >= 2)
    }

    @Test func modelsOutsideASchemaFolderAreRejected() {
        files.write("/p/models/loose.sql", "select 1")
        let (_, diagnostics) = load()
        #expect(diagnostics.diagnostics.contains { $0.code == "P1010" })
    }
}

@Suite struct DbtLayoutLoaderTests {
    let files = InMemoryFileSystem([
        "/d/dbt_project.yml": """
            name: shop
            profile: shop
            model-paths: [models]
            vars: {currency: EUR}
            models:
              shop:
                +materialized: view
                staging:
                  +schema: staging
                  +tags: [staging]
                marts:
                  materialized: table
                  finance:
                    +tags: [finance]
            """,
        "/d/models/staging/stg_orders.sql": "select * from {{ source('raw', 'orders') }}",
        "/d/models/marts/finance/fct_revenue.sql": "{{ config(tags=['daily']) }} select * from {{ ref('stg_orders') }}",
        "/d/models/staging/sources.yml": """
            version: 2
            sources:
              - name: raw
                schema: raw_data
                loader: fivetran
                tables:
                  - name: orders
                    identifier: orders_v2
                    columns:
                      - name: id
                        description: Order id.
            models:
              - name: stg_orders
                description: Orders, cleaned.
                columns:
                  - name: id
                    description: Order id.
              - name: stg_orderz
            """,
        "/d/macros/cents.sql": "{% macro cents(x) %}{{ x }} / 100{% endmacro %}",
        "/d/seeds/countries.csv": "code,name\nDE,Germany\n",
    ])

    func load() -> (Project?, DiagnosticCollector) {
        let diagnostics = DiagnosticCollector()
        return (ProjectLoader(fileSystem: files, diagnostics: diagnostics).load(directory: "/d"), diagnostics)
    }

    @Test func folderConfigsInheritAndTagsAccumulate() throws {
        let (project, _) = load()
        let project_ = try #require(project)
        let staging = try #require(project_.models.first { $0.name == "stg_orders" })
        let revenue = try #require(project_.models.first { $0.name == "fct_revenue" })
        #expect(staging.config.materialized == "view")
        #expect(staging.config.schema == "staging")
        #expect(staging.config.tags == ["staging"])
        #expect(revenue.config.materialized == "table")
        #expect(revenue.config.tags == ["finance"])
        #expect(revenue.fqn == ["shop", "marts", "finance", "fct_revenue"])
        #expect(revenue.id == "model.shop.fct_revenue")
    }

    @Test func sourcesAndPatchesAreRead() throws {
        let (project, diagnostics) = load()
        let source = try #require(project?.sources.first)
        #expect(source.id == "source.shop.raw.orders")
        #expect(source.relation == Relation(schema: "raw_data", identifier: "orders_v2"))
        #expect(source.extra["loader"] == .string("fivetran"))
        #expect(project?.models.first { $0.name == "stg_orders" }?.description == "Orders, cleaned.")
        let warning = diagnostics.diagnostics.first { $0.code == "P1030" }
        #expect(warning?.help == "did you mean 'stg_orders'?")
        #expect(warning?.primary?.location == SourceLocation(line: 18, column: 11))
    }

    @Test func macrosAndSeedsAreFound() throws {
        let (project, _) = load()
        #expect(project?.macroFiles.map(\.path) == ["macros/cents.sql"])
        #expect(project?.seeds.map(\.id) == ["seed.shop.countries"])
        #expect(project?.settings.vars["currency"] == .string("EUR"))
    }

    @Test func missingProjectIsAnError() {
        let diagnostics = DiagnosticCollector()
        #expect(ProjectLoader(fileSystem: files, diagnostics: diagnostics).load(directory: "/nowhere") == nil)
        #expect(diagnostics.diagnostics.first?.code == "P1000")
    }
}

@Suite struct FederatedSourceLoaderTests {
    func load(_ sources: String) -> (Project?, DiagnosticCollector) {
        let files = InMemoryFileSystem([
            "/p/strata.yml": "name: fed\n",
            "/p/models/sources.yml": sources,
            "/p/models/marts/revenue.sql": "select * from app_replica.users\n",
        ])
        let diagnostics = DiagnosticCollector()
        return (ProjectLoader(fileSystem: files, diagnostics: diagnostics).load(directory: "/p"), diagnostics)
    }

    @Test func readsTheRemoteDatabaseWithEnvironmentVariables() throws {
        setenv("STRATA_TEST_REPLICA_PASSWORD", "s3cret", 1)
        let (project, diagnostics) = load("""
            sources:
              - name: app
                schema: app_replica
                config:
                  federated:
                    host: replica.internal
                    port: 6543
                    dbname: app
                    user: reporting
                    password: "{{ env_var('STRATA_TEST_REPLICA_PASSWORD') }}"
                    schema: prod
                tables: [{name: users}, {name: orders, identifier: Orders}]
            """)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let source = try #require(project?.federatedSources.first)
        #expect(source.remote == PostgresConnectionConfig(host: "replica.internal", port: 6543, user: "reporting", password: "s3cret", database: "app"))
        #expect(source.localSchema == "app_replica")
        #expect(source.remoteSchema == "prod")
        #expect(source.tables == ["users", "Orders"])
        #expect(source.serverName == "strata_app")
    }

    @Test func reportsAMissingHostWhereTheBlockIs() {
        let (_, diagnostics) = load("""
            sources:
              - name: app
                config:
                  federated:
                    dbname: app
                tables: [{name: users}]
            """)
        let error = diagnostics.diagnostics.first { $0.code == "P1033" }
        #expect(error?.message == "a federated source needs 'host'")
        #expect(error?.primary?.file.path == "models/sources.yml")
    }
}
