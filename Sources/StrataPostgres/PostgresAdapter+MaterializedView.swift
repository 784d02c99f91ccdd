import Foundation
import PostgresNIO
import StrataCore

/// `materialized: materialized_view`: a materialized view, rebuilt and swapped in like a table when its
/// definition changed and refreshed otherwise, with a plain view `<name>__rt` beside it running the same query
/// live (`Relation.realTimeTwin`).
extension PostgresAdapter {
    /// Builds or refreshes a materialized view and its twin.
    /// - Returns: the status for the run results (`REFRESH MATERIALIZED VIEW` or `CREATE MATERIALIZED VIEW`).
    func buildMaterializedView(_ request: MaterializationRequest) async throws -> String {
        let current = try await pool.withConnection { leased in
            try await self.unchangedMaterializedView(request, on: leased.connection)
        }
        if let current {
            try await refresh(request, populated: current.populated)
            return "REFRESH MATERIALIZED VIEW"
        }
        let scratch = ScratchNames(request.relation)
        let prefix = "CREATE MATERIALIZED VIEW \(scratch.new.quoted) AS "
        try await pool.withConnection { leased in
            let connection = leased.connection
            if let leftover = try await self.existing(scratch.new, on: connection) {
                try await self.run("DROP \(leftover.kind.keyword) \(scratch.new.quoted)", on: connection)
            }
            do {
                try await self.run(prefix + request.sql, on: connection)
            } catch let error as DatabaseError {
                throw PostgresErrors.rebased(error, prefix: prefix, body: request.sql)
            }
            try await self.createIndexes(
                request.physical.indexes, on: scratch.new, named: request.relation.identifier, connection: connection)
        }
        do {
            try await swap(
                into: request.relation, from: scratch, newKind: .materializedView, definition: nil,
                rebuiltLater: request.rebuiltLater,
                physical: request.physical,
                finishing: { connection in try await self.replaceTwin(of: request, on: connection) },
                stateStatements: request.stateStatements)
        } catch {
            await dropLeftover(scratch.new)
            throw error
        }
        return "CREATE MATERIALIZED VIEW"
    }

    /// The existing materialized view when it already holds exactly the request's query, nil when it must be
    /// (re)built: missing, another kind of object, or a different definition.
    ///
    /// "Same definition" is decided by PostgreSQL itself: the new SQL becomes a temporary view in this session
    /// and the two parse trees are printed back with `pg_get_viewdef`, under the same search path. The printout
    /// is canonical (whitespace, comments, casts, qualification and `*` expansion normalized), so formatting
    /// edits do not force a rebuild while any change to what is selected does. The temporary view is rolled back.
    private func unchangedMaterializedView(
        _ request: MaterializationRequest, on connection: PostgresConnection
    ) async throws -> (oid: UInt32, populated: Bool)? {
        guard let current = try await existing(request.relation, on: connection), current.kind == .materializedView
        else { return nil }
        let prefix = "CREATE TEMP VIEW strata_matview_probe AS "
        try await run("BEGIN", on: connection)
        do {
            do {
                try await run(prefix + request.sql, on: connection)
            } catch let error as DatabaseError {
                throw PostgresErrors.rebased(error, prefix: prefix, body: request.sql)
            }
            let rows = try await rows(
                """
                SELECT pg_get_viewdef('pg_temp.strata_matview_probe'::regclass) = pg_get_viewdef(\(unescaped: String(current.oid))::oid),
                       (SELECT relispopulated FROM pg_class WHERE oid = \(unescaped: String(current.oid)))
                """, on: connection)
            try await run("ROLLBACK", on: connection)
            guard let row = rows.first, row[0] == .bool(true) else { return nil }
            return (current.oid, row[1] == .bool(true))
        } catch {
            try? await run("ROLLBACK", on: connection)
            throw error
        }
    }

    /// Refreshes an unchanged materialized view, in one transaction with everything that goes with it.
    ///
    /// The transaction also brings its indexes, grants and comments in line with the config, replaces the twin
    /// and records the state. `CONCURRENTLY` (readers keep reading during the refresh) needs a unique index and a
    /// populated view.
    ///
    /// The transaction runs under `ddlLock` for its whole length: it changes the catalog (indexes, the twin), and
    /// taking the lock halfway, while the refresh holds its lock on the view, could wait on a swap that waits on
    /// that view.
    private func refresh(_ request: MaterializationRequest, populated: Bool) async throws {
        try await ddlLock.withLock {
            try await self.pool.withConnection { leased in
                let connection = leased.connection
                try await self.transaction(on: connection) {
                    try await self.reconcileIndexes(
                        request.physical.indexes, on: request.relation, connection: connection)
                    let concurrently = populated && request.physical.hasUniqueIndex ? "CONCURRENTLY " : ""
                    try await self.run(
                        "REFRESH MATERIALIZED VIEW \(concurrently)\(request.relation.quoted)", on: connection)
                    try await self.applyGrantsAndComments(
                        request.physical, to: request.relation, kind: .materializedView, on: connection)
                    try await self.replaceTwin(of: request, on: connection)
                    for statement in request.stateStatements() { try await self.run(statement, on: connection) }
                }
            }
        }
    }

    /// Creates or replaces the live twin view inside the caller's transaction; it gets the same grants (readers
    /// of the snapshot may read the live answer) but no comments or indexes.
    private func replaceTwin(of request: MaterializationRequest, on connection: PostgresConnection) async throws {
        let twin = request.relation.realTimeTwin
        let current = try await existing(twin, on: connection)
        if let current, current.kind != .view {
            throw DatabaseError(
                message:
                    "\(twin) is a \(current.kind.rawValue), but materialized view \(request.relation) needs that name for its live twin view",
                hint: "drop or rename \(twin)")
        }
        try await run("SAVEPOINT strata_twin", on: connection)
        let prefix = current == nil ? "CREATE VIEW \(twin.quoted) AS " : "CREATE OR REPLACE VIEW \(twin.quoted) AS "
        do {
            try await run(prefix + request.sql, on: connection)
        } catch let error as DatabaseError where current != nil && (error.code == "42P16" || error.code == "42804") {
            // Columns were dropped, renamed or retyped: replace the view (refused if something reads the twin).
            try await run("ROLLBACK TO SAVEPOINT strata_twin", on: connection)
            try await run("DROP VIEW \(twin.quoted)", on: connection)
            try await run("CREATE VIEW \(twin.quoted) AS " + request.sql, on: connection)
        }
        try await run("RELEASE SAVEPOINT strata_twin", on: connection)
        var grantsOnly = request.physical
        (grantsOnly.relationComment, grantsOnly.columnComments) = (nil, [:])
        try await applyGrantsAndComments(grantsOnly, to: twin, kind: .view, on: connection)
    }

    /// Drops the live twin of a materialized view that became another kind of object, unless something reads the
    /// twin (then it stays, as the user's to remove).
    func dropTwinQuietly(of relation: Relation, on connection: PostgresConnection) async throws {
        let twin = relation.realTimeTwin
        guard try await existing(twin, on: connection)?.kind == .view else { return }
        try await run("SAVEPOINT strata_twin_drop", on: connection)
        do {
            try await run("DROP VIEW \(twin.quoted)", on: connection)
        } catch {
            try await run("ROLLBACK TO SAVEPOINT strata_twin_drop", on: connection)
        }
        try await run("RELEASE SAVEPOINT strata_twin_drop", on: connection)
    }

    private func dropLeftover(_ relation: Relation) async {
        _ = try? await pool.withConnection { leased in
            if let leftover = try await self.existing(relation, on: leased.connection) {
                try await self.run("DROP \(leftover.kind.keyword) \(relation.quoted)", on: leased.connection)
            }
        }
    }
}
