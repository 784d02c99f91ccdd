public import Foundation
public import StrataDiagnostics

/// What `strata replicate` copies: read from `replication.yml` in the project folder (or `--config PATH`).
///
/// ```yaml
/// source:
///   url: postgresql://reporting@replica.internal:5432/app     # or host/port/user/password/dbname
///   password: "{{ env_var('APP_REPLICA_PASSWORD') }}"
/// target_schema: raw                                          # default raw
/// tables:
///   - source: public.orders
///     primary_key: [id]                                       # default: the source table's primary key
///     cursor: updated_at                                      # omitted: every run is a full copy
///     exclude: [customer_email]                               # or include: [id, amount, ...]
///     target: orders                                          # default: the source table's name
///     full_resync_every: 7d                                   # or a number of runs (10), or "10 runs"
/// ```
public struct ReplicationConfig: Sendable {
    /// The file it was read from, for locating problems.
    public var file: SourceFile
    /// How to reach the source PostgreSQL (the password is never printed).
    public var source: PostgresConnectionConfig
    /// The warehouse schema the tables land in.
    public var targetSchema: String
    /// The tables, in file order.
    public var tables: [ReplicatedTable]
}

/// One table to copy, with the places in the config file each setting came from.
public struct ReplicatedTable: Sendable {
    /// The source relation (`schema.table`; a bare name means `public`).
    public var source: Relation
    /// Target table name inside the target schema.
    public var targetName: String
    /// Columns to copy, when given (otherwise every column not excluded).
    public var include: [Located]?
    /// Columns never to copy.
    public var exclude: [Located]
    /// Configured primary key; empty means the source table's own.
    public var primaryKey: [Located]
    /// The increasing column incremental runs read after; nil means every run is a full copy.
    public var cursor: Located?
    /// When to copy the whole table again (to catch hard deletes).
    public var fullResyncEvery: FullResync?
    /// The table's entry in the file.
    public var span: SourceSpan
    /// Where `source:` is written.
    public var sourceSpan: SourceSpan

    /// A name from the config file and where it is written.
    public struct Located: Sendable, Hashable {
        public var name: String
        public var span: SourceSpan

        public init(name: String, span: SourceSpan) {
            self.name = name
            self.span = span
        }
    }
}

/// How often a table is copied in full again.
public enum FullResync: Sendable, Hashable {
    /// After this many incremental runs.
    case runs(Int)
    /// When the last full copy is older than this many seconds.
    case interval(TimeInterval)

    /// Reads `10`, `"10 runs"`, `30m`, `12h`, `7d` or `2w`.
    public static func parse(_ text: String) -> FullResync? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let count = Int(trimmed), count > 0 { return .runs(count) }
        for suffix in [" runs", " run", "runs"] where trimmed.hasSuffix(suffix) {
            return Int(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)).flatMap {
                $0 > 0 ? .runs($0) : nil
            }
        }
        let units: [(String, TimeInterval)] = [
            ("seconds", 1), ("minutes", 60), ("hours", 3600), ("days", 86400), ("weeks", 604800), ("s", 1), ("m", 60),
            ("h", 3600),
            ("d", 86400), ("w", 604800),
        ]
        for (unit, seconds) in units where trimmed.hasSuffix(unit) {
            guard let count = Double(trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), count > 0
            else { return nil }
            return .interval(count * seconds)
        }
        return nil
    }
}

extension ReplicationConfig {
    /// Reads a replication config, reporting every problem at its place in the file.
    /// - Parameters:
    ///   - file: the config file.
    ///   - diagnostics: receives every problem found (`R8001`–`R8006`, `P1001` for YAML syntax).
    ///   - environment: for `PGPASSWORD` and `PGUSER` when the file gives none.
    /// - Returns: the config, or nil when an error was reported.
    public static func parse(
        _ file: SourceFile, diagnostics: DiagnosticCollector,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ReplicationConfig? {
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(file)
        } catch {
            diagnostics.emit(error)
            return nil
        }
        guard let root, root.isMapping else {
            diagnostics.emit(
                .error(
                    "R8001", "a replication config must be a mapping with 'source' and 'tables'", in: file,
                    at: root?.span ?? .point(0)))
            return nil
        }
        var reader = ConfigReader(file: file, diagnostics: diagnostics)
        reader.checkKeys(root, allowed: ["source", "target_schema", "tables"], what: "the replication config")
        let source = root["source"].flatMap { reader.connection($0, environment: environment) }
        if root["source"] == nil {
            reader.error(
                "the replication config needs 'source' (url, or host, port, user, password and dbname)", at: root.span)
        }
        let targetSchema = root["target_schema"].flatMap { reader.string($0, key: "target_schema") } ?? "raw"
        var tables: [ReplicatedTable] = []
        if let tablesNode = root["tables"] {
            if case .sequence(let items) = tablesNode.kind, !items.isEmpty {
                tables = items.compactMap { reader.table($0) }
            } else {
                reader.error("'tables' must be a non-empty list of tables to copy", at: tablesNode.span)
            }
        } else {
            reader.error("the replication config needs 'tables'", at: root.span)
        }
        var targets: [String: ReplicatedTable] = [:]
        for table in tables {
            if let first = targets[table.targetName.lowercased()] {
                let location = file.location(of: first.span.start)
                reader.error(
                    "two tables land in \(targetSchema).\(table.targetName) (the other is at line \(location.line))",
                    at: table.sourceSpan,
                    code: "R8006", help: "give one of them another 'target' name")
            }
            targets[table.targetName.lowercased()] = table
        }
        guard !reader.failed, let source else { return nil }
        return ReplicationConfig(file: file, source: source, targetSchema: targetSchema, tables: tables)
    }
}

extension ConfigReader {
    mutating func connection(_ node: YAMLNode, environment: [String: String]) -> PostgresConnectionConfig? {
        guard node.isMapping else {
            error("'source' must be a mapping: url, or host, port, user, password and dbname", at: node.span)
            return nil
        }
        checkKeys(node, allowed: ["url", "host", "port", "user", "password", "dbname", "sslmode"], what: "'source'")
        var values: [String: String] = [:]
        for key in ["url", "host", "port", "user", "password", "dbname", "sslmode"] {
            if let valueNode = node[key], let value = rendered(valueNode, key: key) { values[key] = value }
        }
        var config = PostgresConnectionConfig(
            host: "127.0.0.1", port: 5432, user: environment["PGUSER"] ?? "postgres",
            password: environment["PGPASSWORD"], database: "postgres")
        if let url = values["url"] {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"),
                let components = URLComponents(string: url)
            else {
                error("'url' must look like postgresql://user@host:port/dbname", at: node["url"]!.span)
                return nil
            }
            config.host = components.host ?? config.host
            config.port = components.port ?? config.port
            config.user = components.user ?? config.user
            config.password = components.password ?? config.password
            let database = String(components.path.drop(while: { $0 == "/" }))
            if !database.isEmpty { config.database = database }
            if let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value { config.sslMode = mode }
        } else if values["host"] == nil || values["dbname"] == nil {
            error("'source' needs 'url', or 'host' and 'dbname'", at: node.span)
            return nil
        }
        if let host = values["host"] { config.host = host }
        if let user = values["user"] { config.user = user }
        if let password = values["password"] { config.password = password }
        if let database = values["dbname"] { config.database = database }
        if let mode = values["sslmode"] { config.sslMode = mode }
        if let portText = values["port"] {
            guard let port = Int(portText), (1...65535).contains(port) else {
                error("'port' must be a number from 1 to 65535", at: node["port"]!.span)
                return nil
            }
            config.port = port
        }
        return config
    }

    mutating func table(_ node: YAMLNode) -> ReplicatedTable? {
        if let name = node.stringValue {
            return ReplicatedTable(
                source: Self.relation(name), targetName: Self.relation(name).identifier, include: nil, exclude: [],
                primaryKey: [],
                cursor: nil, fullResyncEvery: nil, span: node.span, sourceSpan: node.span)
        }
        guard node.isMapping else {
            error(
                "a table entry must be a mapping with 'source' (schema.table) or just the table's name", at: node.span)
            return nil
        }
        checkKeys(
            node, allowed: ["source", "target", "include", "exclude", "primary_key", "cursor", "full_resync_every"],
            what: "a table entry")
        guard let sourceNode = node["source"], let sourceName = string(sourceNode, key: "source") else {
            if node["source"] == nil { error("a table entry needs 'source' (schema.table)", at: node.span) }
            return nil
        }
        let relation = Self.relation(sourceName)
        let include = node["include"].map { names($0, key: "include") }
        let exclude = node["exclude"].map { names($0, key: "exclude") } ?? []
        if include != nil, !exclude.isEmpty, let key = node.keyNode("exclude") {
            error(
                "give 'include' or 'exclude', not both", at: key.span,
                help: "list the columns to copy under 'include', or the ones to leave out under 'exclude'")
        }
        var fullResync: FullResync?
        if let resyncNode = node["full_resync_every"], let text = string(resyncNode, key: "full_resync_every") {
            fullResync = FullResync.parse(text)
            if fullResync == nil {
                error(
                    "'full_resync_every' must be a number of runs (10) or an interval (30m, 12h, 7d, 2w)",
                    at: resyncNode.span)
            }
        }
        return ReplicatedTable(
            source: relation, targetName: node["target"].flatMap { string($0, key: "target") } ?? relation.identifier,
            include: include,
            exclude: exclude, primaryKey: node["primary_key"].map { names($0, key: "primary_key") } ?? [],
            cursor: node["cursor"].flatMap { cursorNode in
                string(cursorNode, key: "cursor").map { .init(name: $0, span: cursorNode.span) }
            },
            fullResyncEvery: fullResync, span: node.span, sourceSpan: sourceNode.span)
    }

    /// A list of column names, or one name.
    mutating func names(_ node: YAMLNode, key: String) -> [ReplicatedTable.Located] {
        if let single = node.stringValue { return [.init(name: single, span: node.span)] }
        guard case .sequence(let items) = node.kind else {
            error("'\(key)' must be a list of column names", at: node.span)
            return []
        }
        return items.compactMap { item in
            guard let name = item.stringValue else {
                error("'\(key)' must list column names", at: item.span)
                return nil
            }
            return .init(name: name, span: item.span)
        }
    }

    static func relation(_ name: String) -> Relation {
        let parts = name.split(separator: ".", maxSplits: 1).map {
            String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return parts.count == 2
            ? Relation(schema: parts[0], identifier: parts[1]) : Relation(schema: "public", identifier: parts[0])
    }
}
