import Foundation
import PostgresNIO
import StrataCore

/// A view (or materialized view) that depends, directly or through other views, on a relation being swapped,
/// captured with everything needed to recreate it exactly: PostgreSQL binds views to the old object, so a swap
/// must drop and recreate them in the same transaction rather than leave them dropped by `CASCADE`.
struct DependentView {
    var relation: Relation
    var isMaterialized: Bool
    /// Longest path from the swapped relation; creating in increasing depth respects every dependency.
    var depth: Int
    /// `pg_get_viewdef` with an empty search path, so every name in it is schema-qualified.
    var definition: String
    /// `WITH (...)` options such as `security_barrier`.
    var options: String?
    /// Comments, grants and indexes to restore after the view is recreated.
    var extraStatements: [String]

    static func capture(dependingOn oid: UInt32, on connection: PostgresConnection, adapter: PostgresAdapter) async throws -> [DependentView] {
        let searchPath = try await adapter.rows("SELECT current_setting('search_path')", on: connection).first?.first?.text ?? "public"
        try await adapter.run("SET LOCAL search_path = ''", on: connection)
        let rows = try await adapter.rows(
            """
            WITH RECURSIVE dependents(oid, depth) AS (
                SELECT DISTINCT r.ev_class, 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                  AND d.refobjid = \(unescaped: String(oid)) AND r.ev_class <> \(unescaped: String(oid))
                UNION
                SELECT DISTINCT r.ev_class, dependents.depth + 1 FROM dependents
                JOIN pg_depend d ON d.refobjid = dependents.oid AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                JOIN pg_rewrite r ON r.oid = d.objid
                WHERE r.ev_class <> dependents.oid AND dependents.depth < 100
            )
            SELECT n.nspname::text, c.relname::text, c.relkind::text, max(dependents.depth)::int, pg_get_viewdef(c.oid),
                   array_to_string(c.reloptions, ', '), obj_description(c.oid, 'pg_class'),
                   (SELECT string_agg(format('COMMENT ON COLUMN %I.%I.%I IS %L', n.nspname, c.relname, a.attname, col_description(c.oid, a.attnum)), E'\\n')
                      FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL),
                   (SELECT string_agg(format('GRANT %s ON %I.%I TO %s', acl.privilege_type, n.nspname, c.relname,
                           CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END), E'\\n')
                      FROM aclexplode(c.relacl) acl WHERE acl.grantee <> c.relowner),
                   (SELECT string_agg(indexdef, E'\\n') FROM pg_indexes i WHERE i.schemaname = n.nspname AND i.tablename = c.relname)
            FROM dependents JOIN pg_class c ON c.oid = dependents.oid JOIN pg_namespace n ON n.oid = c.relnamespace
            GROUP BY c.oid, n.nspname, c.relname, c.relkind, c.reloptions
            ORDER BY 4, 1, 2
            """, on: connection)
        try await adapter.run("SET LOCAL search_path = \(searchPath)", on: connection)
        return rows.map { row in
            var extra: [String] = []
            let relation = Relation(schema: row[0].text ?? "", identifier: row[1].text ?? "")
            if let comment = row[6].text {
                extra.append("COMMENT ON \(row[2].text == "m" ? "MATERIALIZED VIEW" : "VIEW") \(relation.quoted) IS \(PostgresAdapter.literal(comment))")
            }
            for column in [row[7], row[8], row[9]] {
                if let text = column.text { extra += text.split(separator: "\n").map(String.init) }
            }
            return DependentView(
                relation: relation, isMaterialized: row[2].text == "m", depth: Int(row[3].text ?? "1") ?? 1,
                definition: row[4].text ?? "", options: row[5].text.flatMap { $0.isEmpty ? nil : $0 }, extraStatements: extra)
        }
    }

    /// Drops captured views outermost first, which locks each of them and nothing else. `LOCK TABLE` on a view
    /// would also lock everything the view reads, so a swap would wait for every running query on any table
    /// under its dependents (models being built in parallel, analysts' queries) and block new ones meanwhile.
    static func drop(_ views: [DependentView], on connection: PostgresConnection, adapter: PostgresAdapter) async throws {
        for view in views.sorted(by: { ($0.depth, $0.relation) > ($1.depth, $1.relation) }) {
            try await adapter.run("DROP \(view.isMaterialized ? "MATERIALIZED VIEW" : "VIEW") \(view.relation.quoted) CASCADE", on: connection)
        }
    }

    /// Recreates captured views after their base was swapped. A view whose old definition no longer fits the new
    /// base is left out only when this run rebuilds it anyway (a model and its readers changed together);
    /// otherwise the whole swap fails and the previous versions stay in place.
    static func recreate(
        _ views: [DependentView], replacing base: Relation, rebuiltLater: Set<Relation>, on connection: PostgresConnection,
        adapter: PostgresAdapter
    ) async throws {
        var skipped: Set<Relation> = []
        for (index, view) in views.sorted(by: { ($0.depth, $0.relation) < ($1.depth, $1.relation) }).enumerated() {
            let options = view.options.map { " WITH (\($0))" } ?? ""
            let create = "CREATE \(view.isMaterialized ? "MATERIALIZED VIEW" : "VIEW") \(view.relation.quoted)\(options) AS \(view.definition)"
            let savepoint = "strata_dependent_\(index)"
            try await adapter.run("SAVEPOINT \(savepoint)", on: connection)
            do {
                try await adapter.run(create, on: connection)
                for statement in view.extraStatements { try await adapter.run(statement, on: connection) }
                try await adapter.run("RELEASE SAVEPOINT \(savepoint)", on: connection)
            } catch let error as DatabaseError {
                try await adapter.run("ROLLBACK TO SAVEPOINT \(savepoint)", on: connection)
                if rebuiltLater.contains(view.relation) {
                    skipped.insert(view.relation)
                    continue
                }
                throw DatabaseError(
                    message: "view \(view.relation) depends on \(base) and cannot be recreated over its new definition: \(error.message)",
                    code: error.code, detail: error.detail,
                    hint: "change \(view.relation) in the same run (select it too), or drop it if it is no longer needed",
                    sql: create)
            }
        }
    }
}
