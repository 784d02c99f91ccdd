import Foundation
import StrataTestSupport
import Testing

/// Snapshots through the `strata` binary on both engines: three builds with a change and a hard delete, then the
/// as-of accessor read at three times.
@Suite(.serialized) struct SnapshotCommandTests {
    typealias Engine = WarehouseSandbox.Engine

    static let snapshots = """
        {% snapshot orders_snapshot %}
        {{ config(target_schema='snapshots', unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate') }}
        select id, status, updated_at from raw.orders
        {% endsnapshot %}

        {% snapshot orders_checked %}
        {{ config(target_schema='snapshots', unique_key='id', strategy='check', check_cols=['status'], hard_deletes='new_record') }}
        select id, status from raw.orders
        {% endsnapshot %}

        {% snapshot orders_checked_stamped %}
        {{ config(target_schema='snapshots', unique_key='id', strategy='check', check_cols=['status'], updated_at='updated_at') }}
        select id, status, updated_at from raw.orders
        {% endsnapshot %}
        """

    @Test(arguments: Engine.allCases) func threeBuildsWithAChangeAndAHardDeleteReadAsOfThreeTimes(engine: Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "snapshot_history") else { return }
        defer { sandbox.directory.remove() }
        try sandbox.directory.write("snapshots/orders.sql", Self.snapshots)
        let orders = sandbox.physical("raw", "orders")
        if engine == .postgres { try sandbox.execute("create schema raw") }
        let stamp = engine == .postgres ? "timestamp" : "text"
        try sandbox.execute("create table \(orders) (id integer, status text, updated_at \(stamp))")
        try sandbox.execute("insert into \(orders) values (1, 'placed', '2026-01-01 00:00:00'), (2, 'placed', '2026-01-01 00:00:00')")
        let first = try sandbox.strata(["snapshot"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("created snapshot table snapshots.orders_snapshot"), "\(first.stderr)")

        try sandbox.execute("update \(orders) set status = 'shipped', updated_at = '2026-02-01 00:00:00' where id = 1")
        let second = try sandbox.strata(["build"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("recorded snapshot of snapshots.orders_snapshot"), "\(second.stderr)")
        try sandbox.execute("delete from \(orders) where id = 2")
        #expect(try sandbox.strata(["snapshot"]).status == 0)
        let afterDelete = HistoryCommandTests.instant()

        #expect(
            try sandbox.query("select id, status, dbt_valid_from, dbt_valid_to is null as current from snapshots.orders_snapshot order by id, dbt_valid_from")
                == "id,status,dbt_valid_from,current\n1,placed,2026-01-01 00:00:00,\(Self.bool(false, engine))\n1,shipped,2026-02-01 00:00:00,\(Self.bool(true, engine))\n2,placed,2026-01-01 00:00:00,\(Self.bool(false, engine))\n")
        #expect(
            try sandbox.query("select id, status, dbt_is_deleted from snapshots.orders_checked where dbt_valid_to is null order by id")
                == "id,status,dbt_is_deleted\n1,shipped,False\n2,placed,True\n")

        // A check snapshot with updated_at stamps its versions with it, as dbt does.
        #expect(
            try sandbox.query("select id, status, dbt_valid_from from snapshots.orders_checked_stamped order by id, dbt_valid_from")
                == "id,status,dbt_valid_from\n1,placed,2026-01-01 00:00:00\n1,shipped,2026-02-01 00:00:00\n2,placed,2026-01-01 00:00:00\n")

        func asOf(_ time: String) throws -> String {
            let output = try sandbox.strata(["query", "--format", "csv", "--as-of", time, "select id, status from snapshots.orders_snapshot order by id"])
            #expect(output.status == 0, "\(output.stderr)")
            return output.stdout
        }
        #expect(try asOf("2026-01-15") == "id,status\n1,placed\n2,placed\n")
        #expect(try asOf("2026-03-01") == "id,status\n1,shipped\n2,placed\n")
        #expect(try asOf(afterDelete) == "id,status\n1,shipped\n")
        let checked = try sandbox.strata(["query", "--format", "csv", "--as-of", afterDelete, "select id, status from snapshots.orders_checked order by id"])
        #expect(checked.stdout == "id,status\n1,shipped\n", "a deleted-row marker is not a row")
        if engine == .postgres {
            #expect(try sandbox.query("select id, status from snapshots.orders_snapshot__at('2026-01-15') order by id") == "id,status\n1,placed\n2,placed\n")
        } else {
            #expect(try sandbox.query("select count(*) as versions from snapshots.orders_snapshot__history") == "versions\n3\n")
        }
    }

    static func bool(_ value: Bool, _ engine: Engine) -> String { engine == .postgres ? String(value) : (value ? "1" : "0") }
}
