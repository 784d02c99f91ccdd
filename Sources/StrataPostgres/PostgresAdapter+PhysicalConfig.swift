import Foundation
import PostgresNIO
public import StrataCore

/// Indexes, grants and comments (dbt-postgres's `indexes`, `grants` and `persist_docs`).
extension PostgresAdapter {
    public func applyPhysicalConfig(_ config: PhysicalConfig, to relation: Relation, kind: RelationKind) async throws {
        guard !config.isEmpty else { return }
        try await ddlLock.withLock {
            try await self.pool.withConnection { leased in
                let connection = leased.connection
                try await self.transaction(on: connection) {
                    if kind == .table || kind == .materializedView {
                        try await self.reconcileIndexes(config.indexes, on: relation, connection: connection)
                    }
                    try await self.applyGrantsAndComments(config, to: relation, kind: kind, on: connection)
                }
            }
        }
    }

    /// Creates the configured indexes on a new object before it is swapped in (under fresh names, see
    /// `PhysicalConfig.Index.name(on:)`).
    func createIndexes(
        _ indexes: [PhysicalConfig.Index], on relation: Relation, named identifier: String,
        connection: PostgresConnection
    ) async throws {
        for index in indexes {
            try await run(
                Self.createIndexStatement(index, on: relation, named: index.name(on: identifier)), on: connection)
        }
    }

    static func createIndexStatement(_ index: PhysicalConfig.Index, on relation: Relation, named name: String) -> String
    {
        "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(Relation.quote(name)) ON \(relation.quoted) USING \(index.type ?? "btree") (\(index.columns.joined(separator: ", ")))"
    }

    /// The definition hashes of the indexes Strata created on a relation (by name), each with the index's name.
    func configuredIndexes(onOID oid: UInt32, connection: PostgresConnection) async throws -> [(
        hash: String, name: String
    )] {
        let rows = try await rows(
            """
            SELECT ic.relname::text FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid = \(unescaped: String(oid))
            """, on: connection)
        return rows.compactMap { row in
            guard let name = row.first?.text, let hash = PhysicalConfig.Index.definitionHash(ofIndexNamed: name) else {
                return nil
            }
            return (hash, name)
        }
    }

    /// Drops the indexes Strata created that are no longer configured and creates the configured ones that are
    /// missing, leaving indexes made by hand alone: how config changes reach an object that is kept (a
    /// refreshed materialized view, an incremental table).
    func reconcileIndexes(_ indexes: [PhysicalConfig.Index], on relation: Relation, connection: PostgresConnection)
        async throws
    {
        guard let current = try await existing(relation, on: connection) else { return }
        let present = try await configuredIndexes(onOID: current.oid, connection: connection)
        let wanted = Set(indexes.map(\.definitionHash))
        for stale in present where !wanted.contains(stale.hash) {
            try await run(
                "DROP INDEX \(Relation(schema: relation.schema, identifier: stale.name).quoted)", on: connection)
        }
        let presentHashes = Set(present.map(\.hash))
        for index in indexes where !presentHashes.contains(index.definitionHash) {
            try await run(
                Self.createIndexStatement(index, on: relation, named: index.name(on: relation.identifier)),
                on: connection)
        }
    }

    /// Applies grants and comments inside the transaction that makes the object visible.
    ///
    /// For every privilege the config names, exactly the configured grantees end up holding it (dbt's semantics:
    /// privileges the config does not name are left alone; the owner is never revoked).
    func applyGrantsAndComments(
        _ config: PhysicalConfig, to relation: Relation, kind: RelationKind, on connection: PostgresConnection
    ) async throws {
        if !config.grants.isEmpty {
            let rows = try await rows(
                """
                SELECT lower(acl.privilege_type), CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(acl.grantee)::text END
                FROM pg_class c, aclexplode(c.relacl) acl
                WHERE c.oid = to_regclass(\(relation.quoted)) AND acl.grantee <> c.relowner
                """, on: connection)
            let held = Set(
                rows.compactMap { row -> String? in
                    guard let privilege = row[0].text, let grantee = row[1].text else { return nil }
                    return "\(privilege)\u{0}\(grantee)"
                })
            for (privilege, grantees) in config.grants.sorted(by: { $0.key < $1.key }) {
                let wanted = Set(grantees.map(Self.granteeKey))
                for key in held.sorted() {
                    let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
                    guard parts.count == 2, parts[0] == privilege, !wanted.contains(parts[1]) else { continue }
                    try await run(
                        "REVOKE \(privilege.uppercased()) ON \(relation.quoted) FROM \(Self.granteeSQL(parts[1]))",
                        on: connection)
                }
                for grantee in wanted.sorted() where !held.contains("\(privilege)\u{0}\(grantee)") {
                    try await run(
                        "GRANT \(privilege.uppercased()) ON \(relation.quoted) TO \(Self.granteeSQL(grantee))",
                        on: connection)
                }
            }
        }
        if let comment = config.relationComment {
            try await run("COMMENT ON \(kind.keyword) \(relation.quoted) IS \(Self.literal(comment))", on: connection)
        }
        if !config.columnComments.isEmpty {
            let columns = try await rows(
                """
                SELECT a.attname::text FROM pg_attribute a
                WHERE a.attrelid = to_regclass(\(relation.quoted)) AND a.attnum > 0 AND NOT a.attisdropped
                """, on: connection
            ).compactMap { $0.first?.text }
            for column in columns {
                guard
                    let comment = config.columnComments[column]
                        ?? config.columnComments.first(where: { $0.key.lowercased() == column })?.value
                else { continue }
                try await run(
                    "COMMENT ON COLUMN \(relation.quoted).\(Relation.quote(column)) IS \(Self.literal(comment))",
                    on: connection)
            }
        }
    }

    /// Roles are compared as the catalog spells them; `public` (any case) is the PUBLIC pseudo-role.
    private static func granteeKey(_ grantee: String) -> String {
        grantee.lowercased() == "public" ? "PUBLIC" : grantee
    }

    private static func granteeSQL(_ grantee: String) -> String {
        grantee == "PUBLIC" ? "PUBLIC" : Relation.quote(grantee)
    }
}
