import Foundation
/// A database object's address: schema and identifier (the database is the target's).
public struct Relation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The database, when the target has several (PostgreSQL); usually nil.
    public var database: String?
    /// The schema.
    public var schema: String
    /// The table or view name.
    public var identifier: String

    /// Creates a relation.
    public init(database: String? = nil, schema: String, identifier: String) {
        self.database = database
        self.schema = schema
        self.identifier = identifier
    }

    /// `schema.identifier`, unquoted, as printed in progress lines.
    public var description: String { "\(schema).\(identifier)" }

    /// `"schema"."identifier"` with double quotes, the form templates render.
    public var quoted: String { "\(Self.quote(schema)).\(Self.quote(identifier))" }

    /// Double-quotes an identifier, doubling embedded quotes.
    public static func quote(_ identifier: String) -> String {
        // Called for every relation rendered; Foundation's replacingOccurrences is slow even with nothing to replace.
        guard identifier.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + identifier + "\"" }
        return "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func < (lhs: Relation, rhs: Relation) -> Bool {
        (lhs.schema, lhs.identifier) < (rhs.schema, rhs.identifier)
    }
}

/// How a model is turned into a database object.
public enum Materialization: String, Sendable, Hashable, Codable {
    case view, table, ephemeral, incremental, seed, snapshot
    case materializedView = "materialized_view"
    case test
}
