import Foundation
import PostgresNIO
public import StrataCore

/// What sync, prune and dry runs need beyond building: the catalog at a glance, drops, a rolled-back transaction.
extension PostgresAdapter {
    public func quotedName(_ relation: Relation) -> String { relation.quoted }

    public func listRelations(inSchemas schemas: Set<String>) async throws -> [Relation: RelationKind] {
        guard !schemas.isEmpty else { return [:] }
        let rows = try await pool.withConnection { leased in
            try await self.rows(
                """
                SELECT n.nspname, c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY(\(Array(schemas))) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                """, on: leased.connection)
        }
        var relations: [Relation: RelationKind] = [:]
        for row in rows {
            guard let schema = row[0].text, let name = row[1].text else { continue }
            relations[Relation(schema: schema, identifier: name)] = Self.kind(relkind: row[2].text)
        }
        return relations
    }

    /// Every relation's columns in one query, rather than one round trip per relation.
    public func catalog(inSchemas schemas: Set<String>) async throws -> [Relation: CatalogRelation] {
        guard !schemas.isEmpty else { return [:] }
        let rows = try await pool.withConnection { leased in
            try await self.rows(
                """
                SELECT n.nspname, c.relname, c.relkind::text, a.attname, format_type(a.atttypid, a.atttypmod)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname = ANY(\(Array(schemas))) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                ORDER BY n.nspname, c.relname, a.attnum
                """, on: leased.connection)
        }
        var catalog: [Relation: CatalogRelation] = [:]
        for row in rows {
            guard let schema = row[0].text, let name = row[1].text else { continue }
            let relation = Relation(schema: schema, identifier: name)
            var entry = catalog[relation] ?? CatalogRelation(kind: Self.kind(relkind: row[2].text), columns: [])
            if let column = row[3].text { entry.columns.append(ColumnDescription(name: column, dataType: row[4].text ?? "")) }
            catalog[relation] = entry
        }
        return catalog
    }

    private static func kind(relkind: String?) -> RelationKind {
        switch relkind {
        case "v": .view
        case "m": .materializedView
        case "f": .external
        default: .table
        }
    }

    public func drop(_ relation: Relation, stateStatements: [String]) async throws {
        try await ddlLock.withLock {
            try await self.pool.withConnection { leased in
                let connection = leased.connection
                try await self.transaction(on: connection) {
                    if let current = try await self.existing(relation, on: connection) {
                        try await self.run("DROP \(current.kind.keyword) \(relation.quoted)", on: connection)
                    }
                    for statement in stateStatements { try await self.run(statement, on: connection) }
                }
            }
        }
    }

    public func withRolledBackTransaction<T: Sendable>(_ body: @Sendable (any DryRunTransaction) async throws -> T) async throws -> T {
        try await onOneConnection(inTransactionThatCommits: false) { connection in
            try await body(PostgresDryRun(adapter: self, connection: connection))
        }
    }

    /// Creates a request's object inside the dry run's transaction, under a savepoint. The existing object is
    /// dropped with its dependents (inside the transaction only) so that a changed definition is checked as it
    /// will be built; tables are created `WITH NO DATA`, which plans the query without running it.
    fileprivate func dryRunMaterialize(_ request: MaterializationRequest, on connection: PostgresConnection) async throws {
        try await run("SAVEPOINT strata_dry_run", on: connection)
        do {
            if let current = try await existing(request.relation, on: connection) {
                try await run("DROP \(current.kind.keyword) \(request.relation.quoted) CASCADE", on: connection)
            }
            let prefix: String
            let suffix: String
            switch request.kind {
            case .table: (prefix, suffix) = ("CREATE TABLE \(request.relation.quoted) AS ", "\nWITH NO DATA")
            default: (prefix, suffix) = ("CREATE VIEW \(request.relation.quoted) AS ", "")
            }
            do {
                try await run(prefix + request.sql + suffix, on: connection)
            } catch let error as DatabaseError {
                throw PostgresErrors.rebased(error, prefix: prefix, body: request.sql)
            }
            try await run("RELEASE SAVEPOINT strata_dry_run", on: connection)
        } catch {
            try? await run("ROLLBACK TO SAVEPOINT strata_dry_run", on: connection)
            try? await run("RELEASE SAVEPOINT strata_dry_run", on: connection)
            throw error
        }
    }
}

/// The dry run's view of the adapter: one connection inside one transaction.
private struct PostgresDryRun: DryRunTransaction {
    let adapter: PostgresAdapter
    let connection: PostgresConnection

    func materialize(_ request: MaterializationRequest) async throws {
        try await adapter.dryRunMaterialize(request, on: connection)
    }
}
