import Foundation
import StrataCore
import StrataSQLite
import StrataTestSupport
import Testing

/// Builds the dbt fixture with Strata on SQLite and compares every relation with what real dbt-sqlite built from
/// the same project (`Tests/Fixtures/Projects/shop_dbt/expected/sqlite`, made by its `regenerate.sh`): same
/// relations, same declared column types, same rows.
@Suite struct DbtParityTests {
    static let fixture = RepositoryPaths.root() + "/Tests/Fixtures/Projects/shop_dbt"

    @Test func everyRelationMatchesDbtSQLite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: Self.fixture)
        let target = TargetInfo(name: "sqlite", type: "sqlite", schema: "main", database: "database", threads: 4)
        let harness = try ProjectHarness(directory: directory.path, target: target, traits: SQLiteAdapter.engineTraits)
        let adapter = try await SQLiteAdapter.open(path: directory.path + "/target/shop.sqlite")
        let summary = await harness.run(harness.ids([.model, .seed, .test]), on: adapter)
        #expect(summary.count(.error) == 0)
        let compared = try await RelationDump.expectRelationsMatch(referenceFolder: Self.fixture + "/expected/sqlite", skipping: ["test_results.tsv"]) { relation in
            let columns = try await adapter.columns(of: relation)
            let rows = try await adapter.query("select * from \(relation.quoted)", limit: nil)
            return RelationDump.text(header: Self.headerAcceptingNewerDeclaredTypes(relation, columns: columns), rows: rows.rows, style: .pythonSQLite)
        }
        #expect(compared.count == 21)
        await adapter.close()
    }

    /// dbt-sqlite ran on Python's SQLite 3.40, which reports no declared type for a view column computed by an
    /// expression; the SQLite bundled with Strata reports a `CAST`'s type there. Where the reference has no type,
    /// the type found is accepted (left out of the header); every other type and every value must match.
    static func headerAcceptingNewerDeclaredTypes(_ relation: Relation, columns: [ColumnDescription]) -> [String] {
        let path = fixture + "/expected/sqlite/\(relation.schema).\(relation.identifier).tsv"
        let reference = (try? String(contentsOfFile: path, encoding: .utf8))?.prefix { $0 != "\n" }.split(separator: "\t") ?? []
        return columns.enumerated().map { index, column in
            let untyped = index < reference.count && reference[index].hasSuffix(":")
            return "\(column.name):" + (untyped ? "" : column.dataType)
        }
    }
}
