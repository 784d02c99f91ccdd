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
        let expected = Self.fixture + "/expected/sqlite"
        let files = try FileManager.default.contentsOfDirectory(atPath: expected).filter { $0.hasSuffix(".tsv") && $0 != "test_results.tsv" }
        #expect(files.count >= 15)
        for file in files.sorted() {
            let name = String(file.dropLast(4))
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            let relation = Relation(schema: parts[0], identifier: parts[1])
            do {
                let columns = try await adapter.columns(of: relation)
                let rows = try await adapter.query("select * from \(name)", limit: nil)
                var reference = try String(contentsOfFile: expected + "/" + file, encoding: .utf8)
                reference = Self.acceptingNewerDeclaredTypes(reference, actual: columns)
                let actual = Self.dump(columns: columns, result: rows)
                #expect(actual == reference, "\(name) differs from dbt:\n\(unifiedDiff(expected: reference, actual: actual))")
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
        await adapter.close()
    }

    /// dbt-sqlite ran on Python's SQLite 3.40, which reports no declared type for a view column computed by an
    /// expression; the SQLite bundled with Strata reports a `CAST`'s type there. Where the reference has no type,
    /// the type found is accepted; every other type and every value must match.
    static func acceptingNewerDeclaredTypes(_ reference: String, actual: [ColumnDescription]) -> String {
        var lines = reference.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.first else { return reference }
        let columns = header.split(separator: "\t", omittingEmptySubsequences: false).enumerated().map { index, column -> String in
            guard column.hasSuffix(":"), index < actual.count else { return String(column) }
            return String(column) + actual[index].dataType
        }
        lines[0] = columns.joined(separator: "\t")
        return lines.joined(separator: "\n")
    }

    /// The reference format: `name:type` header, then rows sorted, NULL as \N, floats as Python's repr.
    static func dump(columns: [ColumnDescription], result: QueryResult) -> String {
        let header = columns.map { "\($0.name):\($0.dataType)" }.joined(separator: "\t")
        let rows = result.rows.map { row in row.map(value).joined(separator: "\t") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return ([header] + rows).map { $0 + "\n" }.joined()
    }

    static func value(_ value: QueryValue) -> String {
        switch value {
        case .null: return "\\N"
        case .integer(let i): return String(i)
        case .double(let d): return "\(d)"
        case .bool(let b): return b ? "1" : "0"
        case .decimal(let s): return s
        case .text(let s):
            return s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        case .blob(let bytes): return bytes.map { String($0) }.joined()
        }
    }
}
