import Foundation
public import StrataDiagnostics

/// How a built object is laid out and exposed beyond its rows: indexes, grants and documentation comments.
///
/// These are dbt-postgres's `indexes`, `grants` and `persist_docs` configs. Engines apply what they support and
/// ignore the rest (SQLite creates the indexes only).
public struct PhysicalConfig: Sendable, Hashable {
    /// One configured index: `{columns: [...], unique: bool, type: btree|hash|gist|gin|brin}`.
    public struct Index: Sendable, Hashable {
        /// Index access methods PostgreSQL ships with, the ones dbt-postgres documents.
        public static let types: Set<String> = ["btree", "hash", "gist", "gin", "brin"]

        /// Columns (or expressions), as written: like dbt, they are not quoted, so `lower(email)` works.
        public var columns: [String]
        /// Whether the index enforces uniqueness (and so allows `REFRESH MATERIALIZED VIEW CONCURRENTLY`).
        public var unique: Bool
        /// The access method, nil for the engine's default (btree).
        public var type: String?

        /// Creates an index description.
        public init(columns: [String], unique: Bool = false, type: String? = nil) {
            self.columns = columns
            self.unique = unique
            self.type = type
        }

        /// A stable hash of what the index is (columns, uniqueness, type), written into its name so a later run
        /// can tell which existing indexes still match the configuration without parsing index definitions.
        public var definitionHash: String {
            Self.hex(Self.fnv1a("\(columns.joined(separator: ","))|\(unique)|\(type ?? "btree")"), digits: 16)
        }

        /// The index's name on `identifier`: readable prefix, definition hash, then a random part so the new
        /// object's indexes never clash with the old object's while both exist during a swap (index names are
        /// unique per schema; dbt hashes a timestamp in for the same reason).
        public func name(on identifier: String) -> String {
            let stamp = Self.hex(UInt64.random(in: 0...UInt64(UInt32.max)), digits: 8)
            return "\(identifier.prefix(24))__ix_\(definitionHash)_\(stamp)"
        }

        /// The definition hash of an index this type named, nil for an index named otherwise (created by hand or
        /// by something else, and left alone).
        public static func definitionHash(ofIndexNamed name: String) -> String? {
            guard let range = name.range(of: #"__ix_[0-9a-f]{16}_[0-9a-f]{8}$"#, options: .regularExpression) else {
                return nil
            }
            return String(name[range].dropFirst(5).prefix(16))
        }

        static func fnv1a(_ text: String) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }

        static func hex(_ value: UInt64, digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
    }

    /// Indexes to create on tables, materialized views and seeds.
    public var indexes: [Index]
    /// Privilege (lowercase, such as `select`) → grantees.
    ///
    /// For each privilege named here, grantees not listed lose it.
    public var grants: [String: [String]]
    /// `COMMENT ON TABLE|VIEW|MATERIALIZED VIEW` text, when `persist_docs.relation` is on and there is a description.
    public var relationComment: String?
    /// Column → comment, for documented columns, when `persist_docs.columns` is on (columns missing from the built
    /// object are skipped by the adapter).
    public var columnComments: [String: String]

    /// Nothing configured.
    public static let none = PhysicalConfig()

    /// Creates a configuration.
    public init(
        indexes: [Index] = [], grants: [String: [String]] = [:], relationComment: String? = nil,
        columnComments: [String: String] = [:]
    ) {
        self.indexes = indexes
        self.grants = grants
        self.relationComment = relationComment
        self.columnComments = columnComments
    }

    /// Whether there is nothing to apply.
    public var isEmpty: Bool { indexes.isEmpty && grants.isEmpty && relationComment == nil && columnComments.isEmpty }

    /// Whether some configured index is unique.
    public var hasUniqueIndex: Bool { indexes.contains { $0.unique } }

    /// Reads a node's `indexes`, `grants` and `persist_docs` configs and its documentation.
    /// - Parameter node: the node being built.
    /// - Throws: a `P1090` diagnostic naming the malformed key and the expected shape.
    public init(node: CompiledNode) throws {
        let fail = { (message: String, help: String) -> Diagnostic in
            Diagnostic(
                code: "P1090", message: "\(node.graphNode.resourceType.rawValue) '\(node.graphNode.name)': \(message)",
                help: help, path: node.file?.path)
        }
        self.init()
        indexes = try Self.indexes(node.config["indexes"], fail: fail)
        grants = try Self.grants(node.config["grants"], fail: fail)
        let persist = try Self.persistDocs(node.config["persist_docs"], fail: fail)
        if persist.relation, !node.description.isEmpty { relationComment = node.description }
        if persist.columns {
            for column in node.columns where !column.description.isEmpty {
                columnComments[column.name] = column.description
            }
        }
    }

    private typealias Failure = (String, String) -> Diagnostic

    private static let indexHelp =
        "write indexes: [{columns: [id], unique: true, type: btree}] (type: btree, hash, gist, gin or brin)"

    private static func indexes(_ value: ConfigValue?, fail: Failure) throws -> [Index] {
        guard let value, value != .null else { return [] }
        guard let items = value.listValue else {
            throw fail("indexes must be a list of mappings, got \(value)", indexHelp)
        }
        return try items.enumerated().map { position, item in
            guard let entry = item.dictValue else {
                throw fail("indexes[\(position)] must be a mapping, got \(item)", indexHelp)
            }
            if let unknown = entry.keys.sorted().first(where: { !["columns", "unique", "type"].contains($0) }) {
                throw fail("indexes[\(position)] has unknown key '\(unknown)'", indexHelp)
            }
            guard let columnsValue = entry["columns"], let list = columnsValue.listValue, !list.isEmpty,
                let columns = Optional(list.compactMap(\.stringValue)), columns.count == list.count,
                !columns.contains(where: \.isEmpty)
            else { throw fail("indexes[\(position)].columns must be a non-empty list of column names", indexHelp) }
            var unique = false
            if let uniqueValue = entry["unique"] {
                guard let flag = uniqueValue.boolValue else {
                    throw fail("indexes[\(position)].unique must be true or false, got \(uniqueValue)", indexHelp)
                }
                unique = flag
            }
            var type: String?
            if let typeValue = entry["type"] {
                guard let name = typeValue.stringValue?.lowercased(), Index.types.contains(name) else {
                    throw fail("indexes[\(position)].type '\(typeValue)' is not an index type", indexHelp)
                }
                type = name
            }
            return Index(columns: columns, unique: unique, type: type)
        }
    }

    private static let grantsHelp = "write grants: {select: [reporter, analyst]}"

    private static func grants(_ value: ConfigValue?, fail: Failure) throws -> [String: [String]] {
        guard let value, value != .null else { return [:] }
        guard let entries = value.dictValue else {
            throw fail("grants must be a mapping of privilege to grantees, got \(value)", grantsHelp)
        }
        var grants: [String: [String]] = [:]
        for (privilege, granteesValue) in entries {
            // Privileges are spliced into GRANT statements, so only words are accepted (`select`, `all privileges`).
            guard !privilege.isEmpty, privilege.allSatisfy({ $0.isLetter || $0 == " " || $0 == "_" }) else {
                throw fail("grants key '\(privilege)' is not a privilege", grantsHelp)
            }
            let grantees: [String]
            switch granteesValue {
            case .null: grantees = []
            case .list(let items):
                grantees = items.compactMap(\.stringValue)
                guard grantees.count == items.count else {
                    throw fail("grants.\(privilege) must list role names, got \(granteesValue)", grantsHelp)
                }
            default:
                guard let single = granteesValue.stringValue else {
                    throw fail("grants.\(privilege) must list role names, got \(granteesValue)", grantsHelp)
                }
                grantees = [single]
            }
            grants[privilege.lowercased(), default: []] += grantees.filter { !$0.isEmpty }
        }
        return grants
    }

    private static let persistHelp = "write persist_docs: {relation: true, columns: true}"

    private static func persistDocs(_ value: ConfigValue?, fail: Failure) throws -> (relation: Bool, columns: Bool) {
        guard let value, value != .null else { return (false, false) }
        guard let entries = value.dictValue else {
            throw fail("persist_docs must be a mapping, got \(value)", persistHelp)
        }
        func flag(_ key: String) throws -> Bool {
            guard let raw = entries[key] else { return false }
            guard let flag = raw.boolValue else {
                throw fail("persist_docs.\(key) must be true or false, got \(raw)", persistHelp)
            }
            return flag
        }
        return (try flag("relation"), try flag("columns"))
    }
}

extension RelationKind {
    /// The kind of object a model's materialization builds through `DatabaseAdapter.materialize`.
    /// - Parameter materialization: `table`, `view`, `materialized_view`, ...
    public init(building materialization: String) {
        switch materialization {
        case "table": self = .table
        case "materialized_view": self = .materializedView
        default: self = .view
        }
    }
}

extension Relation {
    /// The plain view beside a materialized view that runs the same query live (`<name>__rt`), so readers can
    /// choose between the fast snapshot and the real-time answer.
    public var realTimeTwin: Relation {
        Relation(database: database, schema: schema, identifier: identifier + "__rt")
    }
}
