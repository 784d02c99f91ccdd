import Foundation
import StrataCore
import StrataPostgres
import StrataTestSupport
import Testing

/// Federated sources through postgres_fdw, against a second database on the test server standing in for a
/// read replica.
@Suite struct FederatedSourceTests {
    @Test func importsRefreshesAndKeepsReadersOfForeignTables() async throws {
        guard let w = try await ScratchWarehouse.open("federated"), let config = PostgresTestServer.config else { return }
        let remoteDatabase = PostgresTestServer.uniqueSchema("replica")
        _ = try await w.adapter.execute("CREATE DATABASE \(remoteDatabase)")
        var remoteConfig = config
        remoteConfig.database = remoteDatabase
        let replica = try await PostgresAdapter.open(remoteConfig, connections: 1)
        _ = try await replica.execute("create table users(id int primary key, email text); insert into users values (1, 'a@x'), (2, 'b@x')")
        let source = FederatedSource(
            sourceName: "app", localSchema: w.schema + "_app", remote: remoteConfig, remoteSchema: "public", tables: ["users"])

        let first = try await w.adapter.prepareFederatedSources([source], refresh: false)
        #expect(first == ["federated source app: imported 1 table(s) from \(remoteConfig)/public into \(source.localSchema)"])
        try await w.build("user_count", .view, "select count(*) as n from \(source.localSchema).users")
        #expect(try await w.scalar("select n from \(w.schema).user_count") == "2")

        // A remote column appears only after a refresh, which keeps the view reading the table.
        _ = try await replica.execute("alter table users add column country text; insert into users values (3, 'c@x', 'DE')")
        _ = try await w.adapter.prepareFederatedSources([source], refresh: false)
        #expect(try await w.adapter.columns(of: Relation(schema: source.localSchema, identifier: "users")).map(\.name) == ["id", "email"])
        _ = try await w.adapter.prepareFederatedSources([source], refresh: true)
        #expect(try await w.adapter.columns(of: Relation(schema: source.localSchema, identifier: "users")).map(\.name) == ["id", "email", "country"])
        #expect(try await w.scalar("select n from \(w.schema).user_count") == "3")

        var missing = source
        missing.tables = ["users", "no_such_table"]
        await #expect(throws: DatabaseError.self) { _ = try await w.adapter.prepareFederatedSources([missing], refresh: false) }

        await replica.close()
        _ = try await w.adapter.execute("DROP SCHEMA \(source.localSchema) CASCADE; DROP SERVER \(source.serverName) CASCADE")
        _ = try await w.adapter.execute("DROP DATABASE \(remoteDatabase) WITH (FORCE)")
        await w.close()
    }
}
