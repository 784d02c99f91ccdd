import Foundation
import PostgresNIO
import Synchronization
public import StrataCore

/// The run lock as a session-level PostgreSQL advisory lock, held on a connection of its own for the whole run:
/// it is released when the run ends or its connection dies, so a crashed run never leaves the warehouse locked.
struct AdvisoryRunLock: RunLock {
    let leased: PooledConnection

    func release() async {
        try? await leased.connection.close()
    }

    /// The 64-bit advisory key for a lock name (stable across processes and machines).
    static func key(_ name: String) -> Int64 {
        Int64(bitPattern: ("strata run lock:" + name).hashValueStable)
    }
}

extension PostgresAdapter {
    public func acquireRunLock(name: String, application: String, policy: RunLockPolicy) async throws -> any RunLock {
        let key = AdvisoryRunLock.key(name)
        let leased: PooledConnection
        if let reserved = await reservedLockConnection.withLock({ $0.take() })?.value {
            leased = reserved
        } else {
            leased = try await pool.connect()
        }
        do {
            if try await rows("SELECT pg_try_advisory_lock(\(key))", on: leased.connection).first?.first == .bool(true) {
                return AdvisoryRunLock(leased: leased)
            }
            let holder = try? await lockHolder(key: key, on: leased.connection)
            switch policy {
            case .failImmediately:
                throw RunLockBusy(name: name, holder: holder)
            case .wait(let waiting):
                waiting(holder)
                try await run("SELECT pg_advisory_lock(\(key))", on: leased.connection)
                return AdvisoryRunLock(leased: leased)
            }
        } catch {
            try? await leased.connection.close()
            throw error
        }
    }

    /// Who holds an advisory lock: the holder's `application_name` names the strata command, process and host.
    private func lockHolder(key: Int64, on connection: PostgresConnection) async throws -> RunLockHolder? {
        let high = Int64(UInt64(bitPattern: key) >> 32)
        let low = Int64(UInt64(bitPattern: key) & 0xFFFF_FFFF)
        let rows = try await rows(
            """
            SELECT coalesce(nullif(a.application_name, ''), 'a session of ' || a.usename || ' (backend pid ' || a.pid || ')'),
                   to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = \(high) AND l.objid::bigint = \(low) AND l.objsubid = 1
            """, on: connection)
        guard let row = rows.first else { return nil }
        return RunLockHolder(application: row[0].text ?? "another session", since: row[1].text)
    }

    public func serverInfo() async throws -> [(String, String)] {
        try await pool.withConnection { leased in
            let rows = try await self.rows(
                """
                SELECT version(), current_setting('server_version'), current_database(), current_user::text,
                       current_setting('server_encoding'), current_setting('client_encoding'), current_setting('TimeZone'),
                       current_setting('DateStyle'), current_setting('search_path'), current_setting('max_connections'),
                       current_setting('default_transaction_isolation'),
                       coalesce((SELECT CASE WHEN ssl THEN 'on (' || version || ')' ELSE 'off' END FROM pg_stat_ssl WHERE pid = pg_backend_pid()), 'unknown'),
                       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)::text,
                       has_database_privilege(current_database(), 'CREATE')::text,
                       (SELECT count(*) FROM pg_extension WHERE extname = 'postgres_fdw')::text
                """, on: leased.connection)
            guard let row = rows.first else { return [] }
            let labels = [
                "server", "server version", "database", "user", "server encoding", "client encoding", "time zone", "date style",
                "search path", "max connections", "default isolation", "SSL", "superuser", "may create schemas", "postgres_fdw installed",
            ]
            return zip(labels, row.map { $0.text ?? "" }).map { ($0, $1) }
        }
    }
}
