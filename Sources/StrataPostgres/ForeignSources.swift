import Foundation
import PostgresNIO
public import StrataCore

extension PostgresAdapter {
    /// Sets up `postgres_fdw` for federated sources in one transaction: the extension, one foreign server and a
    /// user mapping per source, and the foreign tables. On refresh, tables are imported again and the views that
    /// read them are recreated in the same transaction, so readers never see them missing.
    public func prepareFederatedSources(_ sources: [FederatedSource], refresh: Bool) async throws -> [String] {
        guard !sources.isEmpty else { return [] }
        return try await ddlLock.withLock {
            try await self.pool.withConnection { leased in
                let connection = leased.connection
                var report: [String] = []
                try await self.transaction(on: connection) {
                    let installed = try await self.rows("SELECT 1 FROM pg_extension WHERE extname = 'postgres_fdw'", on: connection)
                    if installed.isEmpty { try await self.run("CREATE EXTENSION IF NOT EXISTS postgres_fdw", on: connection) }
                    for source in sources {
                        report.append(try await self.prepare(source, refresh: refresh, on: connection))
                    }
                }
                return report
            }
        }
    }

    private func prepare(_ source: FederatedSource, refresh: Bool, on connection: PostgresConnection) async throws -> String {
        let server = Relation.quote(source.serverName)
        let remote = source.remote
        let serverOptions = [("host", remote.host), ("port", String(remote.port)), ("dbname", remote.database)]
        let serverExists = try await !rows("SELECT 1 FROM pg_foreign_server WHERE srvname = \(source.serverName)", on: connection).isEmpty
        if serverExists {
            try await run("ALTER SERVER \(server) OPTIONS (\(serverOptions.map { "SET \($0.0) \(Self.literal($0.1))" }.joined(separator: ", ")))", on: connection)
        } else {
            try await run(
                "CREATE SERVER \(server) FOREIGN DATA WRAPPER postgres_fdw OPTIONS (\(serverOptions.map { "\($0.0) \(Self.literal($0.1))" }.joined(separator: ", ")))",
                on: connection)
        }
        var userOptions = [("user", remote.user)]
        if let password = remote.password, !password.isEmpty { userOptions.append(("password", password)) }
        try await run("DROP USER MAPPING IF EXISTS FOR CURRENT_USER SERVER \(server)", on: connection)
        do {
            try await run(
                "CREATE USER MAPPING FOR CURRENT_USER SERVER \(server) OPTIONS (\(userOptions.map { "\($0.0) \(Self.literal($0.1))" }.joined(separator: ", ")))",
                on: connection)
        } catch var error as DatabaseError {
            error.sql = nil  // it holds the password
            throw error
        }
        try await run("CREATE SCHEMA IF NOT EXISTS \(Relation.quote(source.localSchema))", on: connection)
        let existing = try await rows(
            """
            SELECT c.relname::text, c.oid FROM pg_foreign_table ft JOIN pg_class c ON c.oid = ft.ftrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_foreign_server s ON s.oid = ft.ftserver
            WHERE n.nspname = \(source.localSchema) AND s.srvname = \(source.serverName)
            """, on: connection)
        var present: [String: UInt32] = [:]
        for row in existing {
            if let name = row[0].text, case .integer(let oid) = row[1] { present[name] = UInt32(oid) }
        }
        var dependents: [DependentView] = []
        var toImport = source.tables.filter { present[$0] == nil }
        if refresh {
            for table in source.tables {
                guard let oid = present[table] else { continue }
                dependents += try await DependentView.capture(dependingOn: oid, on: connection, adapter: self)
                try await run("DROP FOREIGN TABLE \(Relation(schema: source.localSchema, identifier: table).quoted) CASCADE", on: connection)
            }
            toImport = source.tables
        }
        if !toImport.isEmpty {
            let list = toImport.map(Relation.quote).joined(separator: ", ")
            try await run(
                "IMPORT FOREIGN SCHEMA \(Relation.quote(source.remoteSchema)) LIMIT TO (\(list)) FROM SERVER \(server) INTO \(Relation.quote(source.localSchema))",
                on: connection)
            let imported = Set(try await rows(
                """
                SELECT c.relname::text FROM pg_foreign_table ft JOIN pg_class c ON c.oid = ft.ftrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = \(source.localSchema)
                """, on: connection).compactMap { $0.first?.text })
            let missing = toImport.filter { !imported.contains($0) }
            if !missing.isEmpty {
                throw DatabaseError(
                    message: "source '\(source.sourceName)': \(missing.joined(separator: ", ")) not found in schema \(source.remoteSchema) of \(remote)",
                    hint: "check the table names and the remote schema ('schema' under federated)")
            }
        }
        // Deduplicated by relation: a view reading two refreshed tables was captured twice.
        var seen: Set<Relation> = []
        let unique = dependents.filter { seen.insert($0.relation).inserted }
        try await DependentView.recreate(unique, replacing: Relation(schema: source.localSchema, identifier: "*"), rebuiltLater: [], on: connection, adapter: self)
        let verb = refresh ? "re-imported" : toImport.isEmpty ? "up to date:" : "imported"
        return "federated source \(source.sourceName): \(verb) \(toImport.isEmpty ? source.tables.count : toImport.count) table(s) from \(remote)/\(source.remoteSchema) into \(source.localSchema)"
    }

    /// A SQL string literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
