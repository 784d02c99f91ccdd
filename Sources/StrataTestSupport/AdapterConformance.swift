public import StrataCore
import Testing

/// The checks every warehouse adapter must pass, run unchanged against SQLite and PostgreSQL.
public struct AdapterConformance: Sendable {
    let adapter: any DatabaseAdapter
    let schema: String

    /// Creates the suite for an open adapter; relations are created in `schema`.
    public init(adapter: any DatabaseAdapter, schema: String) {
        self.adapter = adapter
        self.schema = schema
    }

    private func relation(_ name: String) -> Relation { Relation(schema: schema, identifier: name) }

    private func scalar(_ sql: String) async throws -> String? {
        try await adapter.query(sql, limit: nil).rows.first?.first?.text
    }

    /// Runs every check.
    public func runAll() async throws {
        try await adapter.createSchemas([schema])
        try await createsAndReplacesViews()
        try await swapsBetweenViewAndTable()
        try await failedReplacementKeepsThePreviousVersion()
        try await loadsAndReloadsSeeds()
        try await reportsDatabaseErrors()
        try await viewsReadOtherSchemas()
    }

    /// A view is created, then replaced by a new definition.
    public func createsAndReplacesViews() async throws {
        let view = relation("conformance_view")
        _ = try await adapter.materialize(MaterializationRequest(relation: view, kind: .view, sql: "select 1 as a", nodeID: "v"))
        #expect(try await scalar("select a from \(schema).conformance_view") == "1")
        _ = try await adapter.materialize(MaterializationRequest(relation: view, kind: .view, sql: "select 2 as a, 'x' as b", nodeID: "v"))
        #expect(try await scalar("select a from \(schema).conformance_view") == "2")
        #expect(try await adapter.relationKind(view) == .view)
        #expect(try await adapter.columns(of: view).map(\.name) == ["a", "b"])
    }

    /// The same name can change from a view to a table and back.
    public func swapsBetweenViewAndTable() async throws {
        let name = relation("conformance_swap")
        _ = try await adapter.materialize(MaterializationRequest(relation: name, kind: .view, sql: "select 1 as a", nodeID: "s"))
        _ = try await adapter.materialize(MaterializationRequest(relation: name, kind: .table, sql: "select 3 as a", nodeID: "s"))
        #expect(try await adapter.relationKind(name) == .table)
        #expect(try await scalar("select a from \(schema).conformance_swap") == "3")
        _ = try await adapter.materialize(MaterializationRequest(relation: name, kind: .view, sql: "select 4 as a", nodeID: "s"))
        #expect(try await adapter.relationKind(name) == .view)
        #expect(try await scalar("select a from \(schema).conformance_swap") == "4")
    }

    /// A replacement that fails leaves the previous object in place and readable.
    public func failedReplacementKeepsThePreviousVersion() async throws {
        for kind in [RelationKind.view, .table] {
            let name = relation("conformance_keep_\(kind.rawValue)")
            _ = try await adapter.materialize(MaterializationRequest(relation: name, kind: kind, sql: "select 7 as a", nodeID: "k"))
            await #expect(throws: DatabaseError.self) {
                _ = try await adapter.materialize(
                    MaterializationRequest(relation: name, kind: kind, sql: "select no_such_column from \(schema).conformance_keep_\(kind.rawValue)", nodeID: "k"))
            }
            #expect(try await scalar("select a from \(schema).conformance_keep_\(kind.rawValue)") == "7")
            #expect(try await adapter.relationKind(name) == kind)
        }
    }

    /// Seeds load typed rows and a reload replaces the contents.
    public func loadsAndReloadsSeeds() async throws {
        let seed = relation("conformance_seed")
        let columns = [
            SeedColumn(name: "id", inferred: .integer), SeedColumn(name: "amount", inferred: .number),
            SeedColumn(name: "day", inferred: .date), SeedColumn(name: "active", inferred: .boolean),
            SeedColumn(name: "name", inferred: .text),
        ]
        let rows: [[String?]] = (1...2500).map { ["\($0)", "\($0).5", "2024-01-0\($0 % 9 + 1)", $0 % 2 == 0 ? "true" : "false", $0 == 3 ? nil : "Zoë \($0)"] }
        let response = try await adapter.loadSeed(seed, table: SeedTable(columns: columns, rows: rows))
        #expect(response.rowsAffected == 2500)
        #expect(try await scalar("select count(*) from \(schema).conformance_seed") == "2500")
        #expect(try await scalar("select sum(id) from \(schema).conformance_seed") == "3126250")
        #expect(try await scalar("select name from \(schema).conformance_seed where id = 2") == "Zoë 2")
        #expect(try await scalar("select count(*) from \(schema).conformance_seed where name is null") == "1")
        #expect(try await scalar("select count(*) from \(schema).conformance_seed where amount > 2499") == "2")
        _ = try await adapter.loadSeed(seed, table: SeedTable(columns: columns, rows: Array(rows.prefix(10))))
        #expect(try await scalar("select count(*) from \(schema).conformance_seed") == "10")
    }

    /// Failing statements surface the database's own message.
    public func reportsDatabaseErrors() async throws {
        do {
            _ = try await adapter.query("select * from \(schema).no_such_relation", limit: nil)
            Issue.record("querying a missing relation should fail")
        } catch let error as DatabaseError {
            #expect(error.message.contains("no_such_relation"))
        }
    }

    /// A view in one schema can read a table in another (SQLite forbids this across attached databases).
    public func viewsReadOtherSchemas() async throws {
        let other = schema + "_other"
        try await adapter.createSchemas([other])
        _ = try await adapter.materialize(MaterializationRequest(relation: Relation(schema: other, identifier: "base"), kind: .table, sql: "select 5 as a", nodeID: "b"))
        _ = try await adapter.materialize(MaterializationRequest(relation: relation("reader"), kind: .view, sql: "select base.a from \(other).base", nodeID: "r"))
        #expect(try await scalar("select a from \(schema).reader") == "5")
    }
}
