import StrataDiagnostics

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
    /// Made for every relation rendered and written: built as bytes, where string appends and interpolation cost
    /// several times more.
    public var quoted: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(schema.utf8.count + identifier.utf8.count + 5)
        Self.appendQuoted(schema, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        Self.appendQuoted(identifier, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Double-quotes an identifier, doubling embedded quotes.
    public static func quote(_ identifier: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(identifier.utf8.count + 2)
        appendQuoted(identifier, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendQuoted(_ name: String, to bytes: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        bytes.append(quote)
        name.withUTF8Bytes { name in
            guard name.contains(quote) else { return bytes.append(contentsOf: name) }
            for byte in name {
                bytes.append(byte)
                if byte == quote { bytes.append(quote) }
            }
        }
        bytes.append(quote)
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
