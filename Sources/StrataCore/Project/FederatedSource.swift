import StrataDiagnostics

/// A source whose tables live in another PostgreSQL database (typically a read replica) and are read through
/// `postgres_fdw`: Strata creates the foreign server, the user mapping and the foreign tables in the source's
/// schema, so models read them like local tables.
///
/// Declared under a source's `config:` (dbt accepts extra config keys there):
/// ```yaml
/// sources:
///   - name: app
///     schema: app_replica            # local schema the foreign tables are imported into
///     config:
///       federated:
///         host: replica.internal
///         port: 5432
///         dbname: app
///         user: reporting
///         password: "{{ env_var('APP_REPLICA_PASSWORD') }}"
///         schema: public             # the schema on the remote side (default public)
///     tables: [{name: users}, {name: orders}]
/// ```
public struct FederatedSource: Sendable, Hashable {
    /// The source's name.
    public var sourceName: String
    /// The local schema that receives the foreign tables.
    public var localSchema: String
    /// How to reach the remote database (the password is never printed).
    public var remote: PostgresConnectionConfig
    /// The remote schema.
    public var remoteSchema: String
    /// Remote table names to import.
    public var tables: [String]

    /// The foreign server's name: one per source.
    public var serverName: String { "strata_" + sourceName.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined() }

    /// Creates a declaration.
    public init(sourceName: String, localSchema: String, remote: PostgresConnectionConfig, remoteSchema: String, tables: [String]) {
        self.sourceName = sourceName
        self.localSchema = localSchema
        self.remote = remote
        self.remoteSchema = remoteSchema
        self.tables = tables
    }
}

extension ProjectLoader {
    /// Reads a source's `config.federated` block; reports missing or mistyped keys at their place in the file.
    func federatedSource(_ node: YAMLNode, sourceName: String, localSchema: String, tables: [String], file: SourceFile) -> FederatedSource? {
        guard case .mapping = node.kind else {
            diagnostics.emit(.error("P1033", "'federated' must be a mapping with host, dbname and user", in: file, at: node.span))
            return nil
        }
        var values: [String: String] = [:]
        for key in ["host", "port", "dbname", "user", "password", "schema", "sslmode"] {
            guard let valueNode = node[key] else { continue }
            guard var text = valueNode.stringValue else {
                diagnostics.emit(.error("P1033", "'\(key)' of a federated source must be a single value", in: file, at: valueNode.span))
                return nil
            }
            if text.contains("{{") {
                do {
                    text = try ProfileRenderer.render(text, SourceFile(path: file.path, text: text))
                } catch {
                    diagnostics.emit(error)
                    return nil
                }
            }
            values[key] = text
        }
        for required in ["host", "dbname"] where values[required] == nil {
            diagnostics.emit(.error("P1033", "a federated source needs '\(required)'", in: file, at: node.span, help: "give host, port, dbname, user (and password) of the remote PostgreSQL"))
            return nil
        }
        guard let port = Int(values["port"] ?? "5432") else {
            diagnostics.emit(.error("P1033", "'port' must be a number", in: file, at: node["port"]?.span ?? node.span))
            return nil
        }
        let remote = PostgresConnectionConfig(
            host: values["host"]!, port: port, user: values["user"] ?? "postgres", password: values["password"],
            database: values["dbname"]!, sslMode: values["sslmode"] ?? "prefer")
        return FederatedSource(sourceName: sourceName, localSchema: localSchema, remote: remote, remoteSchema: values["schema"] ?? "public", tables: tables)
    }
}
