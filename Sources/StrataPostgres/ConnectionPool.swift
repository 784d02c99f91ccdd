import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import StrataCore

/// A connection with the server-side facts Strata needs about it.
/// A result its reader stopped taking halfway: the connection may still be receiving its rows, so it is closed
/// rather than reused; `underlying` is why the reader stopped.
struct AbandonedResult: Error {
    let underlying: any Error
}

struct PooledConnection: Sendable {
    let id: Int
    let connection: PostgresConnection
    /// The server process serving this connection, for `pg_cancel_backend`.
    let backendPID: Int32
}

/// Connections to one PostgreSQL database, at most `capacity` open at once.
///
/// Our own pool rather than `PostgresClient`: COPY needs a `PostgresConnection`, cancellation needs each busy
/// connection's backend PID, and a transaction must stay on one connection from BEGIN to COMMIT.
actor ConnectionPool {
    private let configuration: PostgresConnection.Configuration
    private let capacity: Int
    private let applicationName: String
    /// Session settings every connection starts with (`default_transaction_read_only`, `role`).
    private let sessionSettings: [(name: String, value: String)]
    private var idle: [PooledConnection] = []
    private var busy: [Int: PooledConnection] = [:]
    private var opened = 0
    private var nextID = 0
    /// Leases waiting for a connection, first come first served: a released connection is handed to the oldest
    /// directly (nil means "capacity freed, open one"), so a newcomer can never take it first and push a waiter
    /// back in the line — which gave the data API its long latency tail under load.
    private var waiters: [CheckedContinuation<PooledConnection?, Never>] = []
    private var closed = false

    private static let logger: Logger = {
        var logger = Logger(label: "strata.postgres")
        logger.logLevel = .critical
        return logger
    }()

    init(
        configuration: PostgresConnection.Configuration, capacity: Int, applicationName: String,
        sessionSettings: [(name: String, value: String)] = []
    ) {
        self.configuration = configuration
        self.capacity = max(1, capacity)
        self.applicationName = applicationName
        self.sessionSettings = sessionSettings
    }

    /// Runs `body` on a leased connection and returns the connection afterwards (closing it if it broke).
    func withConnection<T: Sendable>(_ body: @Sendable (PooledConnection) async throws -> T) async throws -> T {
        let leased = try await lease()
        do {
            let result = try await body(leased)
            release(leased)
            return result
        } catch {
            // The server may report a terminated session before the channel notices it is closed: a connection
            // whose error says it was lost never goes back to the pool.
            release(leased, broken: (error as? DatabaseError)?.connectionLost == true || error is AbandonedResult)
            throw error
        }
    }

    private func lease() async throws -> PooledConnection {
        while true {
            if closed { throw DatabaseError(message: "the connection pool is closed", connectionLost: true) }
            if waiters.isEmpty, let connection = idle.popLast() {
                if connection.connection.isClosed {
                    opened -= 1
                    continue
                }
                busy[connection.id] = connection
                return connection
            }
            if opened < capacity {
                opened += 1
                do {
                    let connection = try await connect()
                    busy[connection.id] = connection
                    return connection
                } catch {
                    opened -= 1
                    wakeOne()
                    throw error
                }
            }
            if let handed = await withCheckedContinuation({ waiters.append($0) }) {
                if handed.connection.isClosed {
                    opened -= 1
                    continue
                }
                busy[handed.id] = handed
                return handed
            }
        }
    }

    private func release(_ connection: PooledConnection, broken: Bool = false) {
        busy[connection.id] = nil
        if connection.connection.isClosed || closed || broken {
            opened -= 1
            if !connection.connection.isClosed { Task { try? await connection.connection.close() } }
            wakeOne()
        } else if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume(returning: nil) }
    }

    /// Opens a connection outside the pool's accounting (the run lock and cancel requests need their own).
    func connect() async throws -> PooledConnection {
        nextID += 1
        let id = nextID
        do {
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: Self.logger)
            do {
                var setup: PostgresQuery = "SELECT pg_backend_pid(), set_config('application_name', \(applicationName), false)"
                if !sessionSettings.isEmpty {
                    // Values go in as bound parameters; setting names are ours.
                    var bindings = PostgresBindings()
                    bindings.append(applicationName)
                    var sql = "SELECT pg_backend_pid(), set_config('application_name', $1, false)"
                    for setting in sessionSettings {
                        bindings.append(setting.value)
                        sql += ", set_config('\(setting.name)', $\(bindings.count), false)"
                    }
                    setup = PostgresQuery(unsafeSQL: sql, binds: bindings)
                }
                let rows = try await connection.query(setup, logger: Self.logger).collect()
                let pid = rows.first?.first.map { cell -> Int32 in
                    if case .integer(let value) = BinaryValues.value(cell) { return Int32(value) }
                    return 0
                } ?? 0
                return PooledConnection(id: id, connection: connection, backendPID: pid)
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            var failure = PostgresErrors.databaseError(error, sql: nil)
            if failure.code == nil, let host = configuration.host, let port = configuration.port {
                // Before the session exists nothing was "lost": say where we tried to go and what the network said.
                let reason = (error as? PSQLError)?.underlying.map { "\($0)" } ?? failure.message
                let errno = reason.range(of: #"\): [^)]+\)"#, options: .regularExpression).map { String(reason[$0].dropFirst(3).dropLast()) }
                failure.message = "cannot connect to PostgreSQL at \(host):\(port) as \(configuration.username): \(errno ?? reason)"
                failure.hint = "check that the server runs and accepts TCP connections there (strata debug shows the target in use)"
            }
            throw failure
        }
    }

    /// Asks the server to cancel whatever the leased connections are running right now.
    /// - Returns: how many running statements were asked to stop.
    func cancelRunning() async -> Int {
        let pids = busy.values.map(\.backendPID)
        guard !pids.isEmpty, let canceller = try? await connect() else { return 0 }
        var cancelled = 0
        for pid in pids {
            let rows = try? await canceller.connection.query("SELECT pg_cancel_backend(\(pid))", logger: Self.logger).collect()
            if (try? rows?.first?.decode(Bool.self)) == true { cancelled += 1 }
        }
        try? await canceller.connection.close()
        return cancelled
    }

    /// Closes every idle connection now and every busy one when it is returned.
    func close() async {
        closed = true
        let connections = idle
        idle.removeAll()
        // Closed together: each close waits for the server's goodbye, which adds up at the end of every command.
        await withTaskGroup(of: Void.self) { group in
            for connection in connections { group.addTask { try? await connection.connection.close() } }
        }
        opened -= connections.count
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters.removeAll()
    }
}
