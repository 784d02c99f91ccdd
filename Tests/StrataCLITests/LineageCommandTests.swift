import Foundation
import StrataTestSupport
import Testing

/// `strata lineage`: a column's upstream and downstream columns, as a tree or JSON, without a warehouse.
@Suite struct LineageCommandTests {
    static let snapshots = RepositoryPaths.root() + "/Tests/StrataCLITests/Snapshots"

    static func project() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("strata.yml", "name: shop\n")
        try directory.write("seeds/raw/deals.csv", "id,amount_cents,owner_id,stage\n1,1000,7,won\n")
        try directory.write(
            "models/staging/deals.sql", "select id, amount_cents / 100.0 as amount, owner_id, stage from raw.deals\n")
        try directory.write(
            "models/core/deals.sql",
            "select *, case when stage = 'won' then amount else 0 end as won_amount from staging.deals\n")
        try directory.write(
            "models/marts/owners.sql",
            """
            select owner_id, sum(won_amount) as won, max(n.note) as note
            from core.deals d left join ext.notes n on n.deal_id = d.id
            group by owner_id
            """)
        return directory
    }

    @Test func textTreeUpstream() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let output = try CLIRunner.run(["lineage", "--project-dir", directory.path, "marts.owners.won"])
        #expect(output.status == 0, "\(output.stderr)")
        assertGolden(output.stdout, at: "\(Self.snapshots)/lineage-upstream.txt")
    }

    @Test func textTreeDownstreamWithDepth() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let output = try CLIRunner.run([
            "lineage", "--project-dir", directory.path, "raw.deals.stage", "--downstream", "--depth", "2",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        assertGolden(output.stdout, at: "\(Self.snapshots)/lineage-downstream.txt")
    }

    @Test func jsonNodesAndEdges() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let output = try CLIRunner.run(["lineage", "--project-dir", directory.path, "owners.note", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        assertGolden(output.stdout, at: "\(Self.snapshots)/lineage-json.txt")
        let object = try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["root"] as? String == "marts.owners.note")
    }

    @Test func unknownColumnExitsTwoWithASuggestion() throws {
        let directory = try Self.project()
        defer { directory.remove() }
        let output = try CLIRunner.run(["lineage", "--project-dir", directory.path, "core.deals.amout"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("error: lineage: core.deals has no column 'amout' [G4301]"), "\(output.stderr)")
        #expect(output.stderr.contains("did you mean 'amount'?"))
    }
}
