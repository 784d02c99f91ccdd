public import Foundation
import Logging
import NIOCore
import PostgresNIO
public import StrataCore
import Synchronization

/// The PostgreSQL `strata replicate` copies from (typically a read replica): one connection, reads in one
/// read-only snapshot each.
///
/// postgres-nio speaks no `COPY ... TO STDOUT`, so each row comes back as one text column the server has already
/// formatted as a COPY text line (`ReplicationSQL.copyLine`); its bytes go into the batch untouched, and a
/// PostgreSQL target hands them to `COPY ... FROM STDIN` as they are. Rows are fetched from a server-side cursor
/// in chunks: at most one batch is held in memory.
public final class ReplicationReader: ReplicationSource {
    let pool: ConnectionPool
    /// The one session, opened again if a stop closed it.
    private let session = Mutex<PooledConnection?>(nil)
    /// Bytes after which a batch is cut even before `batchSize` rows (wide rows).
    static let maximumBatchBytes = 32 << 20

    private init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// Connects to the source and checks the connection.
    /// - Parameters:
    ///   - config: where and as whom; a missing password is looked up in `~/.pgpass` (or `PGPASSFILE`).
    ///   - applicationName: shown in the source's `pg_stat_activity`.
    /// - Returns: a ready reader.
    /// - Throws: `DatabaseError` when the source cannot be reached.
    public static func open(
        _ config: PostgresConnectionConfig, applicationName: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> ReplicationReader {
        var config = config
        if config.password?.isEmpty ?? true { config.password = PgPass.password(for: config, environment: environment) }
        let pool = ConnectionPool(
            configuration: try PostgresAdapter.connectionConfiguration(config), capacity: 1,
            applicationName: applicationName)
        let reader = ReplicationReader(pool: pool)
        _ = try await Self.texts("SELECT 1::text", on: try await reader.connection())
        return reader
    }

    public func describe(_ tables: [Relation]) async throws -> [Relation: SourceTable] {
        let schemas = tables.map(\.schema)
        let names = tables.map(\.identifier)
        let connection = try await connection()
        do {
            // Types defined in the source (enums, domains, composites) may not exist in the warehouse: their
            // text form is copied into a text column.
            let columns = try await Self.texts(
                """
                SELECT n.nspname::text, c.relname::text, a.attname::text,
                       CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace THEN format_type(a.atttypid, a.atttypmod) ELSE 'text' END
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_type t ON t.oid = a.atttypid
                JOIN unnest(\(schemas)::text[], \(names)::text[]) AS wanted(s, r) ON n.nspname = wanted.s AND c.relname = wanted.r
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY n.nspname, c.relname, a.attnum
                """, on: connection)
            let keys = try await Self.texts(
                """
                SELECT n.nspname::text, c.relname::text,
                       array_to_string(ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, o)
                                             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.o), E'\\x1f')
                FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN unnest(\(schemas)::text[], \(names)::text[]) AS wanted(s, r) ON n.nspname = wanted.s AND c.relname = wanted.r
                WHERE i.indisprimary
                """, on: connection)
            var result: [Relation: SourceTable] = [:]
            for row in columns {
                guard let schema = row[0], let table = row[1], let name = row[2], let type = row[3] else { continue }
                result[Relation(schema: schema, identifier: table), default: SourceTable(columns: [], primaryKey: [])]
                    .columns.append(
                        SourceColumn(name: name, dataType: type))
            }
            for row in keys {
                guard let schema = row[0], let table = row[1], let key = row[2] else { continue }
                result[Relation(schema: schema, identifier: table)]?.primaryKey = key.split(separator: "\u{1f}").map(
                    String.init)
            }
            return result
        }
    }

    /// The session, connected when there is none (or it was closed).
    private func connection() async throws -> PostgresConnection {
        if let open = session.withLock({ $0 }), !open.connection.isClosed { return open.connection }
        let fresh = try await pool.connect()
        session.withLock { $0 = fresh }
        return fresh.connection
    }

    public func read(_ read: SourceRead, batchSize: Int, _ body: (RowBatch) async throws -> Bool) async throws {
        let connection = try await connection()
        try await Self.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", on: connection)
        var next: Task<RowBatch?, any Error>?
        do {
            var highWater: String?
            if let sql = read.highWaterSQL {
                highWater = try await Self.texts(PostgresQuery(unsafeSQL: sql), on: connection).first?.first ?? nil
            }
            try await Self.run("DECLARE strata_replicate NO SCROLL CURSOR FOR \(read.sql)", on: connection)
            // The next batch is fetched while the warehouse writes this one (pg_dump | psql overlaps the same way).
            let fetcher = BatchFetcher(read: read, highWater: highWater, batchSize: batchSize, connection: connection)
            next = Task { try await fetcher.next() }
            while let batch = try await next?.value {
                next = Task { try await fetcher.next() }
                guard try await body(batch) else { break }
            }
            // No fetch may be in flight when the transaction ends.
            _ = try? await next?.value
            next = nil
            try await Self.run("COMMIT", on: connection)
        } catch {
            _ = try? await next?.value
            // The session may be gone (or mid-result): a new one is opened for the next read.
            try? await connection.close()
            throw PostgresErrors.databaseError(error, sql: read.sql)
        }
    }

    public func close() async {
        if let open = session.withLock({ $0.take() }) { try? await open.connection.close() }
    }

    /// A query sent on a session the server has closed never completes in postgres-nio: fail first.
    static func checkOpen(_ connection: PostgresConnection) throws {
        guard connection.isClosed else { return }
        throw DatabaseError(message: "the connection to the replication source was lost", connectionLost: true)
    }

    static func run(_ sql: String, on connection: PostgresConnection) async throws {
        try checkOpen(connection)
        do {
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresAdapter.logger)
            {}
        } catch {
            throw PostgresErrors.databaseError(error, sql: sql)
        }
    }

    /// Every cell as text (the queries here select text only).
    static func texts(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [[String?]] {
        try checkOpen(connection)
        do {
            return try await connection.query(query, logger: PostgresAdapter.logger).collect().map { row in
                row.map { $0.bytes.map { String(buffer: $0) } }
            }
        } catch {
            throw PostgresErrors.databaseError(error, sql: query.sql)
        }
    }
}

/// Reads a declared cursor's rows in chunks of up to a batch.
///
/// Each chunk is read to its end before the batch is handed on, so no result is in flight on the source while the
/// caller waits (an interrupted stream, waiting for demand, can trip postgres-nio's row-stream state machine).
/// Used from one task at a time.
private final class BatchFetcher: @unchecked Sendable {
    let read: SourceRead
    let highWater: String?
    let batchSize: Int
    let connection: PostgresConnection
    private var finished = false

    init(read: SourceRead, highWater: String?, batchSize: Int, connection: PostgresConnection) {
        self.read = read
        self.highWater = highWater
        self.batchSize = batchSize
        self.connection = connection
    }

    /// The next batch, or nil at the end.
    func next() async throws -> RowBatch? {
        guard !finished else { return nil }
        let chunk = min(batchSize, 10_000)
        var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
        var count = 0
        var lastRow: PostgresRow?
        while count < batchSize, buffer.readableBytes < ReplicationReader.maximumBatchBytes {
            var fetched = 0
            try ReplicationReader.checkOpen(connection)
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "FETCH FORWARD \(chunk) FROM strata_replicate"), logger: PostgresAdapter.logger
            )
            for try await row in rows {
                if let line = row.first?.bytes { buffer.writeImmutableBuffer(line) }
                buffer.writeInteger(UInt8(ascii: "\n"))
                count += 1
                fetched += 1
                lastRow = row
            }
            if fetched < chunk {
                finished = true
                break
            }
        }
        guard count > 0, let row = lastRow else { return nil }
        let cells = row.map { $0.bytes.map { String(buffer: $0) } }
        return RowBatch(
            copyText: Array(buffer.readableBytesView), rowCount: count, lastCursor: read.readsCursor ? cells[1] : nil,
            lastKey: cells.suffix(read.keyCount).map { $0 ?? "" }, highWater: highWater)
    }
}
