import Foundation
import StrataCore
import StrataPostgres
import StrataTestSupport
import Testing

/// dbt's cross-database macros, rendered for PostgreSQL (`target.type` postgres, so `adapter.dispatch` picks the
/// `postgres__` implementations) and run on the real server. Values are what dbt-postgres's macros compute.
@Suite struct CrossDatabaseMacroPostgresTests {
    static let cases: [(String, String)] = [
        ("{{ dbt.datediff(\"'2024-01-01'::date\", \"'2024-03-01'::date\", 'day') }}", "60"),
        ("{{ datediff(\"'2024-01-31'::date\", \"'2024-03-01'::date\", 'month') }}", "2"),
        ("{{ datediff(\"'2022-06-01'::date\", \"'2024-01-01'::date\", 'year') }}", "2"),
        ("{{ datediff(\"'2024-01-01 10:00:00'::timestamp\", \"'2024-01-02 12:30:00'::timestamp\", 'hour') }}", "26"),
        ("{{ datediff(\"'2024-01-01 10:00:00'::timestamp\", \"'2024-01-01 10:45:00'::timestamp\", 'minute') }}", "45"),
        ("{{ datediff(\"'2024-01-01'::date\", \"'2024-07-01'::date\", 'quarter') }}", "2"),
        ("{{ dateadd('day', 30, \"'2024-01-01'::date\") }}", "2024-01-31 00:00:00"),
        ("{{ dateadd('month', -1, \"'2024-03-15'::date\") }}", "2024-02-15 00:00:00"),
        ("{{ dateadd('week', 2, \"'2024-01-01'::date\") }}", "2024-01-15 00:00:00"),
        ("{{ date_trunc('month', \"'2024-03-15'::date\") }}::date", "2024-03-01"),
        ("{{ date_trunc('quarter', \"'2024-05-15'::date\") }}::date", "2024-04-01"),
        ("{{ date_trunc('week', \"'2024-03-14'::date\") }}::date", "2024-03-11"),
        ("{{ last_day(\"'2024-02-10'::date\", 'month') }}", "2024-02-29"),
        ("{{ concat([\"'a'\", \"'b'\", \"'c'\"]) }}", "abc"),
        ("{{ safe_cast(\"'42'\", type_int()) }}", "42"),
        ("{{ split_part(\"'a,b,c'\", \"','\", 2) }}", "b"),
        ("{{ string_literal('hi') }}", "hi"),
        ("{{ replace(\"'banana'\", \"'a'\", \"'o'\") }}", "bonono"),
        ("{{ length(\"'hello'\") }}", "5"),
        ("{{ position(\"'l'\", \"'hello'\") }}", "3"),
        ("{{ right(\"'hello'\", 3) }}", "llo"),
        ("'{{ escape_single_quotes(\"it's\") }}'", "it's"),
        ("{{ cast_bool_to_text('1 = 1') }}", "true"),
        ("{{ current_timestamp() }} is not null", "true"),
        ("{{ hash(\"'x'\") }}", "9dd4e461268c8034f5c8564e155c67a6"),
        ("cast(null as {{ type_string() }}) is null", "true"),
        ("{{ safe_cast(\"'1.5'\", type_numeric()) }}", "1.500000"),
    ]

    @Test func crossDatabaseMacrosRunInPostgreSQL() async throws {
        guard PostgresTestServer.isAvailable, let config = PostgresTestServer.config else { return }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = TargetInfo(name: "test", type: "postgres", schema: "public", database: config.database, threads: 1)
        let project = try CrossDatabaseMacroProject(
            expressions: Self.cases.map(\.0),
            aggregates: """
                with t as (select 1 as k, 'b' as s, false as f union all select 1, 'a', true)
                select {{ listagg('s', "','", 'order by s') }} as l, {{ bool_or('f') }} as b, {{ any_value('k') }} as a from t
                """,
            in: directory, target: target, traits: PostgresAdapter.engineTraits)
        let adapter = try await PostgresAdapter.open(config, connections: 2)
        for (index, (expression, expected)) in Self.cases.enumerated() {
            let sql = try #require(project.expressionSQL(index))
            do {
                let result = try await adapter.query(sql, limit: nil)
                #expect(result.rows.first?.first?.text == expected, "\(expression) → \(sql)")
            } catch {
                Issue.record("\(expression) → \(sql): \(error)")
            }
        }
        let sql = try #require(project.aggregatesSQL)
        let row = try await adapter.query(sql, limit: nil).rows.first
        #expect(row?.map(\.text) == ["a,b", "true", "1"], "\(sql)")
        await adapter.close()
    }
}
