import Foundation
import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Testing

/// Sources' catalog properties (loader, owner, meta, freshness, loaded_at_field): dbt's table-over-source
/// inheritance, located errors for malformed rules, and what the manifest writes.
@Suite struct SourceCatalogTests {
    static let catalog = """
        sources:
          - name: raw
            loader: airbyte
            meta: {owner: data-eng, audience: Finance}
            loaded_at_field: _loaded_at
            freshness:
              warn_after: {count: 12, period: hour}
              error_after: {count: 1, period: day}
            tables:
              - name: orders
              - name: payments
                owner: payments-team
                meta: {audience: Product}
                loaded_at_field: synced_at
                freshness:
                  error_after: {count: 3, period: day}
                  filter: "amount > 0"
              - name: customers
                freshness: null
              - name: events
                config:
                  freshness: {warn_after: {count: 30, period: minute}}
          - name: crm
            tables:
              - name: accounts
        """

    func load(_ sources: String) -> (Project?, DiagnosticCollector) {
        let files = InMemoryFileSystem([
            "/p/strata.yml": "name: cat\n", "/p/models/sources.yml": sources, "/p/models/core/a.sql": "select 1 as x\n",
        ])
        let diagnostics = DiagnosticCollector()
        return (ProjectLoader(fileSystem: files, diagnostics: diagnostics).load(directory: "/p"), diagnostics)
    }

    func source(_ project: Project?, _ name: String) throws -> Source {
        try #require(project?.sources.first { "\($0.sourceName).\($0.tableName)" == name })
    }

    @Test func tablesInheritTheSourcesCatalog() throws {
        let (project, diagnostics) = load(Self.catalog)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let orders = try source(project, "raw.orders")
        #expect(orders.loader == "airbyte")
        #expect(orders.owner == "data-eng")
        #expect(orders.meta == ["owner": .string("data-eng"), "audience": .string("Finance")])
        #expect(orders.loadedAtField == "_loaded_at")
        #expect(
            orders.freshness
                == FreshnessRule(
                    warnAfter: FreshnessThreshold(count: 12, period: .hour),
                    errorAfter: FreshnessThreshold(count: 1, period: .day)))
    }

    @Test func tableValuesOverrideTheSourcesFieldByField() throws {
        let (project, _) = load(Self.catalog)
        let payments = try source(project, "raw.payments")
        #expect(payments.owner == "payments-team")
        #expect(payments.meta["audience"] == .string("Product"))
        #expect(payments.sourceMeta["audience"] == .string("Finance"))
        #expect(payments.loadedAtField == "synced_at")
        #expect(
            payments.freshness
                == FreshnessRule(
                    warnAfter: FreshnessThreshold(count: 12, period: .hour),
                    errorAfter: FreshnessThreshold(count: 3, period: .day), filter: "amount > 0"))
        let events = try source(project, "raw.events")
        #expect(events.freshness?.warnAfter == FreshnessThreshold(count: 30, period: .minute))
        #expect(events.freshness?.errorAfter == FreshnessThreshold(count: 1, period: .day))
    }

    @Test func nullFreshnessTurnsTheInheritedRuleOff() throws {
        let (project, _) = load(Self.catalog)
        #expect(try source(project, "raw.customers").freshness == nil)
        let accounts = try source(project, "crm.accounts")
        #expect(accounts.freshness == nil && accounts.loader == nil && accounts.owner == nil && accounts.meta.isEmpty)
    }

    @Test func statusFollowsDbtThresholds() {
        let rule = FreshnessRule(
            warnAfter: FreshnessThreshold(count: 1, period: .hour),
            errorAfter: FreshnessThreshold(count: 1, period: .day))
        #expect(rule.status(forAge: 60) == .pass)
        #expect(rule.status(forAge: 3_601) == .warn)
        #expect(rule.status(forAge: 86_401) == .error)
        #expect(
            FreshnessRule(errorAfter: FreshnessThreshold(count: 2, period: .minute)).status(forAge: 3_600) == .error)
    }

    @Test(arguments: [
        (
            "warn_after: {count: 0, period: hour}", 6, 41,
            "warn_after must be {count: <positive integer>, period: minute | hour | day}"
        ),
        (
            "warn_after: {count: 2, period: week}", 6, 52,
            "warn_after must be {count: <positive integer>, period: minute | hour | day}"
        ),
        ("error_afer: {count: 2, period: hour}", 6, 21, "unknown freshness key 'error_afer'"),
        ("filter: [a]", 6, 29, "freshness filter must be a SQL condition"),
    ])
    func malformedFreshnessIsLocated(rule: String, line: Int, column: Int, message: String) throws {
        let (_, diagnostics) = load(
            """
            sources:
              - name: raw
                loaded_at_field: _loaded_at
                tables:
                  - name: orders
                    freshness: {\(rule)}
            """)
        let error = try #require(diagnostics.diagnostics.first { $0.code == "P1035" }, "\(diagnostics.diagnostics)")
        #expect(error.message == message)
        #expect(error.primary?.location == SourceLocation(line: line, column: column))
    }

    @Test func aFreshnessThatIsNotAMappingIsLocated() throws {
        let (_, diagnostics) = load("sources:\n  - name: raw\n    freshness: daily\n    tables: [{name: orders}]\n")
        let error = try #require(diagnostics.diagnostics.first { $0.code == "P1035" })
        #expect(error.primary?.location == SourceLocation(line: 3, column: 16))
    }

    @Test func manifestCarriesTheCatalog() throws {
        let compiled = try compileInMemory([
            "/p/strata.yml": "name: cat\n", "/p/models/sources.yml": Self.catalog,
            "/p/models/core/a.sql": "select 1 as x\n",
        ])
        let directory = try TemporaryDirectory(prefix: "strata-catalog")
        defer { directory.remove() }
        try ArtifactWriter(targetPath: directory.path).writeManifest(compiled)
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/manifest.json"))) as? [String: Any])
        let sources = try #require(manifest["sources"] as? [String: [String: Any]])
        let payments = try #require(sources["source.cat.raw.payments"])
        #expect(payments["loader"] as? String == "airbyte")
        #expect(payments["loaded_at_field"] as? String == "synced_at")
        #expect(payments["meta"] as? [String: String] == ["owner": "data-eng", "audience": "Product"])
        #expect(payments["source_meta"] as? [String: String] == ["owner": "data-eng", "audience": "Finance"])
        let freshness = try #require(payments["freshness"] as? [String: Any])
        func threshold(_ key: String) -> String? {
            (freshness[key] as? [String: Any]).map { "\($0["count"] as? Int ?? -1) \($0["period"] as? String ?? "?")" }
        }
        #expect(threshold("warn_after") == "12 hour")
        #expect(threshold("error_after") == "3 day")
        #expect(freshness["filter"] as? String == "amount > 0")
        let customers = try #require(sources["source.cat.raw.customers"]?["freshness"] as? [String: Any])
        #expect((customers["warn_after"] as? [String: Any])?.isEmpty == true)
        #expect(customers["filter"] is NSNull)
    }
}

/// Load times as the freshness query returns them on both engines.
@Suite struct FreshnessTimestampTests {
    @Test(arguments: [
        ("2026-03-01", 1_772_323_200.0),
        ("2026-03-01 12:30", 1_772_368_200),
        ("2026-03-01T12:30:15Z", 1_772_368_215),
        ("2026-03-01 12:30:15.250", 1_772_368_215.25),
        ("2026-03-01 13:30:15+01:00", 1_772_368_215),
        ("2026-03-01 12:30:15+00", 1_772_368_215),
        ("2026-03-01T07:30:15-0500", 1_772_368_215),
    ])
    func parsesISOForms(text: String, seconds: Double) {
        #expect(FreshnessTimestamp.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: ["yesterday", "2026-13-01", "2026-03-01 25:00", "2026-03-01 12:30 junk"])
    func rejectsOtherText(text: String) {
        #expect(FreshnessTimestamp.parse(text) == nil)
    }

    @Test func numbersAreUnixSeconds() {
        #expect(FreshnessTimestamp.parse(.integer(86_400))?.timeIntervalSince1970 == 86_400)
        #expect(FreshnessTimestamp.parse(.null) == nil)
    }
}
