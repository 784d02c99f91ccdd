import Foundation
import StrataTestSupport
import Testing

/// `strata source freshness` through the binary on both engines: one source table fresh, one past warn_after,
/// one past error_after, one without a rule; the exit code, dbt's progress lines and `target/sources.json`.
@Suite(.serialized) struct SourceFreshnessCommandTests {
    typealias Engine = WarehouseSandbox.Engine

    static let sources = """
        sources:
          - name: raw
            loader: airbyte
            meta: {owner: data-eng}
            loaded_at_field: loaded_at
            freshness:
              warn_after: {count: 1, period: hour}
              error_after: {count: 1, period: day}
            tables:
              - name: orders
              - name: payments
                identifier: loads
                freshness: {filter: "kind = 'payment'"}
              - name: refunds
                identifier: loads
                freshness: {warn_after: {count: 30, period: minute}, filter: "kind = 'refund'"}
              - name: customers
                freshness: null
          - name: crm
            freshness: {warn_after: {count: 1, period: day}}
            tables:
              - name: accounts
        """

    /// `raw.orders` loaded a minute ago, payments three hours ago, refunds three days ago.
    static func createTables(_ sandbox: WarehouseSandbox) throws {
        let (orders, loads, customers) = (
            sandbox.physical("raw", "orders"), sandbox.physical("raw", "loads"), sandbox.physical("raw", "customers")
        )
        let ago: (String) -> String
        if sandbox.engine == .postgres {
            try sandbox.execute("create schema raw")
            try sandbox.execute("create table \(orders) (id integer, loaded_at timestamptz)")
            try sandbox.execute("create table \(loads) (kind text, loaded_at timestamp)")
            ago = { "(now() at time zone 'utc') - interval '\($0)'" }
        } else {
            try sandbox.execute("create table \(orders) (id integer, loaded_at text)")
            try sandbox.execute("create table \(loads) (kind text, loaded_at text)")
            ago = { "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-\($0)')" }
        }
        try sandbox.execute("create table \(customers) (id integer)")
        try sandbox.execute(
            "insert into \(orders) values (1, \(sandbox.engine == .postgres ? "now() - interval '1 minute'" : ago("1 minutes")))"
        )
        try sandbox.execute("insert into \(loads) values ('payment', \(ago("3 hours"))), ('refund', \(ago("3 days")))")
    }

    @Test(arguments: Engine.allCases) func passWarnAndErrorStale(engine: Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "source_freshness") else { return }
        defer { sandbox.directory.remove() }
        try sandbox.directory.write("models/sources.yml", Self.sources)
        try Self.createTables(sandbox)

        let output = try sandbox.strata(["source", "freshness"])
        #expect(output.status == 1, "\(output.stderr)")
        // Progress lines without their dots and timing.
        let lines = output.stderr.split(separator: "\n").map { String($0.components(separatedBy: " ...").first ?? "") }
        #expect(lines.contains("1 of 3 START freshness of raw.orders"))
        #expect(lines.contains("1 of 3 PASS freshness of raw.orders"))
        #expect(lines.contains("2 of 3 WARN freshness of raw.payments"))
        #expect(lines.contains("3 of 3 ERROR STALE freshness of raw.refunds"))
        #expect(output.stderr.contains("1 selected source table has no freshness rule and is not checked"))
        #expect(output.stderr.contains("warning: source 'crm.accounts' has a freshness rule but no loaded_at_field; not checked [P1036]"))
        #expect(output.stderr.contains("Finished 3 sources (1 pass, 1 warn, 1 error)"))
        #expect(
            output.stderr.contains(
                "raw.refunds: freshness of raw.refunds: newest row 3d 0h old, over error_after 1 day"))

        let results = try Self.results(sandbox.directory.path + "/target/sources.json")
        #expect(
            results.keys.map { $0.split(separator: ".").suffix(2).joined(separator: ".") }.sorted() == [
                "raw.orders", "raw.payments", "raw.refunds",
            ])
        let statuses = results.values.map { $0["status"] as? String ?? "" }.sorted()
        #expect(statuses == ["error", "pass", "warn"])
        let refunds = try #require(
            results.values.first { ($0["unique_id"] as? String)?.hasSuffix("raw.refunds") == true })
        let criteria = try #require(refunds["criteria"] as? [String: Any])
        #expect((criteria["warn_after"] as? [String: Any])?["count"] as? Int == 30)
        #expect((criteria["error_after"] as? [String: Any])?["period"] as? String == "day")
        #expect(criteria["filter"] as? String == "kind = 'refund'")
        let age = try #require(refunds["max_loaded_at_time_ago_in_s"] as? Double)
        #expect(abs(age - 3 * 86_400) < 120, "age \(age)")
        #expect((refunds["max_loaded_at"] as? String)?.hasSuffix("Z") == true)
        let orders = try #require(
            results.values.first { ($0["unique_id"] as? String)?.hasSuffix("raw.orders") == true })
        let ordersAge = try #require(orders["max_loaded_at_time_ago_in_s"] as? Double)
        #expect(ordersAge > 0 && ordersAge < 180, "age \(ordersAge)")
    }

    @Test(arguments: Engine.allCases) func selectionWarnOnlyExitsZeroAndWritesOutput(engine: Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "source_freshness_select") else { return }
        defer { sandbox.directory.remove() }
        try sandbox.directory.write("models/sources.yml", Self.sources)
        try Self.createTables(sandbox)
        let path = sandbox.directory.path + "/fresh.json"
        let output = try sandbox.strata(["source", "freshness", "--select", "source:raw.payments", "--output", path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("1 of 1 WARN freshness of raw.payments"))
        #expect(try Self.results(path).count == 1)
    }

    @Test(arguments: Engine.allCases) func aFailingQueryIsARuntimeError(engine: Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "source_freshness_error") else { return }
        defer { sandbox.directory.remove() }
        try sandbox.directory.write("models/sources.yml", Self.sources)
        try Self.createTables(sandbox)
        try sandbox.execute("drop table \(sandbox.physical("raw", "orders"))")
        let output = try sandbox.strata(["source", "freshness", "--select", "source:raw.orders"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("1 of 1 ERROR freshness of raw.orders"), "\(output.stderr)")
        let result = try #require(try Self.results(sandbox.directory.path + "/target/sources.json").values.first)
        #expect(result["status"] as? String == "runtime error")
        #expect((result["error"] as? String)?.isEmpty == false)
    }

    /// `sources.json`'s results by unique id, after checking its metadata.
    static func results(_ path: String) throws -> [String: [String: Any]] {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let metadata = try #require(json["metadata"] as? [String: Any])
        #expect(metadata["dbt_schema_version"] as? String == "https://schemas.getdbt.com/dbt/sources/v3.json")
        #expect(json["elapsed_time"] is Double)
        let results = try #require(json["results"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: results.map { ($0["unique_id"] as? String ?? "", $0) })
    }
}
