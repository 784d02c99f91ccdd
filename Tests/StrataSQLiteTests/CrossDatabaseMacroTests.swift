import Foundation
import StrataCore
import StrataSQLite
import StrataTestSupport
import Testing

/// dbt's cross-database macros, rendered for SQLite and run in a real SQLite database.
@Suite struct CrossDatabaseMacroTests {
    /// Expression template → the value SQLite must compute.
    static let cases: [(String, String)] = [
        ("{{ dbt.datediff(\"'2024-01-01'\", \"'2024-03-01'\", 'day') }}", "60"),
        ("{{ datediff(\"'2024-01-31'\", \"'2024-03-01'\", 'month') }}", "2"),
        ("{{ datediff(\"'2022-06-01'\", \"'2024-01-01'\", 'year') }}", "2"),
        ("{{ datediff(\"'2024-01-01 10:00:00'\", \"'2024-01-02 12:30:00'\", 'hour') }}", "26"),
        ("{{ datediff(\"'2024-01-01 10:00:00'\", \"'2024-01-01 10:45:00'\", 'minute') }}", "45"),
        ("{{ datediff(\"'2024-01-01'\", \"'2024-07-01'\", 'quarter') }}", "2"),
        ("{{ dateadd('day', 30, \"'2024-01-01'\") }}", "2024-01-31 00:00:00"),
        ("{{ dateadd('month', -1, \"'2024-03-15'\") }}", "2024-02-15 00:00:00"),
        ("{{ dateadd('week', 2, \"'2024-01-01'\") }}", "2024-01-15 00:00:00"),
        ("{{ date_trunc('month', \"'2024-03-15'\") }}", "2024-03-01"),
        ("{{ date_trunc('quarter', \"'2024-05-15'\") }}", "2024-04-01"),
        ("{{ date_trunc('week', \"'2024-03-14'\") }}", "2024-03-11"),
        ("{{ last_day(\"'2024-02-10'\", 'month') }}", "2024-02-29"),
        ("{{ concat([\"'a'\", \"'b'\", \"'c'\"]) }}", "abc"),
        ("{{ safe_cast(\"'42'\", type_int()) }}", "42"),
        ("{{ split_part(\"'a,b,c'\", \"','\", 2) }}", "b"),
        ("{{ split_part(\"'a,b,c'\", \"','\", 3) }}", "c"),
        ("{{ string_literal('hi') }}", "hi"),
        ("{{ replace(\"'banana'\", \"'a'\", \"'o'\") }}", "bonono"),
        ("{{ length(\"'hello'\") }}", "5"),
        ("{{ position(\"'l'\", \"'hello'\") }}", "3"),
        ("{{ right(\"'hello'\", 3) }}", "llo"),
        ("'{{ escape_single_quotes(\"it's\") }}'", "it's"),
        ("{{ cast_bool_to_text('1 = 1') }}", "true"),
        ("cast({{ current_timestamp() }} as text) is not null", "1"),
        ("{{ hash(\"'x'\") }}", "78"),
    ]

    @Test func crossDatabaseMacrosRunInSQLite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = TargetInfo(name: "test", type: "sqlite", schema: "main", database: "main", threads: 1)
        let project = try CrossDatabaseMacroProject(
            expressions: Self.cases.map(\.0),
            aggregates: """
                with t as (select 1 as k, 'b' as s, 0 as f union all select 1, 'a', 1)
                select {{ listagg('s', "','", 'order by s') }} as l, {{ bool_or('f') }} as b, {{ any_value('k') }} as a from t
                """,
            in: directory, target: target, traits: SQLiteAdapter.engineTraits)
        let adapter = try await SQLiteAdapter.open(path: directory.path + "/warehouse.sqlite")
        for (index, (expression, expected)) in Self.cases.enumerated() {
            let sql = try #require(project.expressionSQL(index))
            let result = try await adapter.query(sql, limit: nil)
            #expect(result.rows.first?.first?.text == expected, "\(expression) → \(sql)")
        }
        let sql = try #require(project.aggregatesSQL)
        let row = try await adapter.query(sql, limit: nil).rows.first
        #expect(row?.map(\.text) == ["a,b", "1", "1"], "\(sql)")
        await adapter.close()
    }
}
