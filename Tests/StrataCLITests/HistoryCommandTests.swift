import Foundation
import StrataTestSupport
import Testing

/// Models with `history: true` through the `strata` binary on both engines: every build records the model's
/// rows as versions, and `strata query --as-of` (PostgreSQL: the `__at` function) reads them as they were.
@Suite(.serialized) struct HistoryCommandTests {
    typealias Engine = WarehouseSandbox.Engine

    /// The current time as `--as-of` takes it, after a short pause so builds before and after it are apart.
    static func instant() -> String {
        Thread.sleep(forTimeInterval: 0.05)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        defer { Thread.sleep(forTimeInterval: 0.05) }
        return formatter.string(from: Date()) + "+00"
    }

    @Test(arguments: Engine.allCases) func asOfReadsTheRowsOfEachBuild(engine: Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "history_as_of") else { return }
        defer { sandbox.directory.remove() }
        try sandbox.directory.write("models/core/deals.sql", "/*---\nhistory: true\nunique_key: id\n---*/\nselect id, amount from raw.deals\n")
        try sandbox.directory.write("models/core/tags.sql", "/*---\nhistory: true\n---*/\nselect distinct amount > 15 as big from raw.deals\n")
        let deals = sandbox.physical("raw", "deals")
        if engine == .postgres { try sandbox.execute("create schema raw") }
        try sandbox.execute("create table \(deals) (id integer, amount integer)")
        try sandbox.execute("insert into \(deals) values (1, 10), (2, 20)")
        let before = Self.instant()
        #expect(try sandbox.strata(["build"]).status == 0)
        let first = Self.instant()
        try sandbox.execute("update \(deals) set amount = 11 where id = 1")
        try sandbox.execute("insert into \(deals) values (3, 30)")
        #expect(try sandbox.strata(["build"]).status == 0)
        let second = Self.instant()
        try sandbox.execute("delete from \(deals) where id = 2")
        #expect(try sandbox.strata(["build"]).status == 0)
        // A build that changes nothing records nothing.
        #expect(try sandbox.strata(["build"]).status == 0)
        let third = Self.instant()

        func asOf(_ time: String, _ sql: String) throws -> String {
            let output = try sandbox.strata(["query", "--format", "csv", "--as-of", time, sql])
            #expect(output.status == 0, "\(output.stderr)")
            return output.stdout
        }
        let query = "select d.id, d.amount from core.deals d order by d.id"
        #expect(try asOf(before, query) == "id,amount\n")
        #expect(try asOf(first, query) == "id,amount\n1,10\n2,20\n")
        #expect(try asOf(second, query) == "id,amount\n1,11\n2,20\n3,30\n")
        #expect(try asOf(third, query) == "id,amount\n1,11\n3,30\n")
        #expect(try sandbox.query("select count(*) as versions from core.deals__history") == "versions\n4\n")
        // Without a unique key, each distinct row is a version of its own: the first build had both values of `big`.
        #expect(try asOf(first, "select count(*) as n from core.tags") == "n\n2\n")
        if engine == .postgres {
            #expect(try sandbox.query("select id, amount from core.deals__at('\(first)') order by id") == "id,amount\n1,10\n2,20\n")
        }

        let unrelated = try sandbox.strata(["query", "--as-of", first, "select 1"])
        #expect(unrelated.status != 0)
        #expect(unrelated.stderr.contains("--as-of: the query reads no relation with history"))
        #expect(unrelated.stderr.contains("relations with history: core.deals, core.tags"))
    }

    @Test(arguments: Engine.allCases) func droppingAnEnvironmentDropsItsHistory(engine: Engine) throws {
        guard let sandbox = try WarehouseSandbox(engine, name: "history_env") else { return }
        defer { sandbox.directory.remove() }
        try sandbox.directory.write("models/core/deals.sql", "/*---\nhistory: true\n---*/\nselect 1 as id, 10 as amount\n")
        let build = try sandbox.strata(["build", "--env", "pr1"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(try sandbox.query("select count(*) as n from core__pr1.deals__history") == "n\n1\n")
        let drop = try sandbox.strata(["env", "drop", "pr1"])
        #expect(drop.status == 0, "\(drop.stderr)")
        let gone = try sandbox.strata(["query", "select count(*) from core__pr1.deals__history"])
        #expect(gone.status != 0, "the environment's history table is dropped with it")
    }
}
