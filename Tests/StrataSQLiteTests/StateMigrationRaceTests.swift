import Foundation
import StrataCore
import StrataSQLite
import StrataTestSupport
import Testing

/// Two processes may migrate one warehouse's state at once (projects hold different run locks): a step another
/// process already applied must not fail the run.
@Suite struct StateMigrationRaceTests {
    @Test func aColumnAnotherProcessAddedDoesNotFailTheMigration() async throws {
        let directory = try TemporaryDirectory(prefix: "strata-migrate")
        defer { directory.remove() }
        let adapter = try await SQLiteAdapter.open(path: directory.path + "/warehouse.db")
        let store = StateStore(adapter: adapter)
        try await store.migrate()
        // As the other process sees it: its columns are there, its version row not yet.
        _ = try await adapter.execute("DELETE FROM \"strata.state_version\" WHERE version = 3")
        #expect(try await store.installedVersion() == 2)
        try await store.migrate()
        #expect(try await store.installedVersion() == 3)
        await adapter.close()
    }
}
