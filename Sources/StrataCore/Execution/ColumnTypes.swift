import Foundation

/// Which column types can hold which others' values, for applying an incremental model's type changes to its
/// table: a table column may be widened to hold the model's new values (`integer` to `bigint`, `varchar(20)` to
/// `varchar(50)` or `text`, `numeric(10,2)` to `numeric(14,4)`), never narrowed, which could lose data.
public enum ColumnTypes {
    /// How a table column's type relates to the type the model now produces.
    public enum Change: Sendable, Hashable {
        /// The table's column already holds every new value.
        case fits
        /// The table's column must be widened to the new type.
        case widen
        /// Neither holds the other's values.
        case incompatible
    }

    /// Compares a table column's type with the model's new type for that column.
    /// - Parameters:
    ///   - existing: the type in the table.
    ///   - incoming: the type the model's query now produces.
    ///   - engine: `postgres` or `sqlite`.
    public static func change(from existing: String, to incoming: String, engine: String) -> Change {
        let old = TypeName(existing, engine: engine)
        let new = TypeName(incoming, engine: engine)
        if old == new || old.holds(new) { return .fits }
        if new.holds(old) { return .widen }
        return .incompatible
    }
}

/// A type name split into its base and modifiers: `numeric(12,2)` is `numeric` with `[12, 2]`.
struct TypeName: Hashable {
    var base: String
    var modifiers: [Int]
    var engine: String

    init(_ text: String, engine: String) {
        self.engine = engine
        var name = text.lowercased().trimmingCharacters(in: .whitespaces)
        var modifiers: [Int] = []
        if let open = name.firstIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
            modifiers = name[name.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            name = (String(name[..<open]) + String(name[name.index(after: close)...])).trimmingCharacters(in: .whitespaces)
        }
        base = Self.aliases[name] ?? name
        self.modifiers = modifiers
    }

    private static let aliases: [String: String] = [
        "int": "integer", "int4": "integer", "int2": "smallint", "int8": "bigint", "float8": "double precision",
        "float4": "real", "float": "double precision", "varchar": "character varying", "char": "character",
        "decimal": "numeric", "bool": "boolean", "timestamp": "timestamp without time zone",
        "timestamptz": "timestamp with time zone",
    ]

    /// Integer digits each integer type needs in a `numeric`.
    private static let integerDigits: [String: Int] = ["smallint": 5, "integer": 10, "bigint": 19]
    private static let integerRank: [String: Int] = ["smallint": 0, "integer": 1, "bigint": 2]

    /// Whether every value of `other` can be stored in a column of this type without loss.
    func holds(_ other: TypeName) -> Bool {
        engine == "sqlite" ? sqliteHolds(other) : postgresHolds(other)
    }

    private func postgresHolds(_ other: TypeName) -> Bool {
        switch (base, other.base) {
        case ("text", _):
            return true
        case ("character varying", "character varying"), ("character varying", "character"):
            guard let limit = modifiers.first else { return true }
            return other.modifiers.first.map { $0 <= limit } ?? false
        case ("numeric", "numeric"):
            guard modifiers.count >= 1 else { return true }
            guard other.modifiers.count >= 1 else { return false }
            let (precision, scale) = (modifiers[0], modifiers.count > 1 ? modifiers[1] : 0)
            let (otherPrecision, otherScale) = (other.modifiers[0], other.modifiers.count > 1 ? other.modifiers[1] : 0)
            return scale >= otherScale && precision - scale >= otherPrecision - otherScale
        case ("numeric", let small) where Self.integerDigits[small] != nil:
            guard modifiers.count >= 1 else { return true }
            return modifiers[0] - (modifiers.count > 1 ? modifiers[1] : 0) >= Self.integerDigits[small]!
        case (let wide, let narrow) where Self.integerRank[wide] != nil && Self.integerRank[narrow] != nil:
            return Self.integerRank[wide]! >= Self.integerRank[narrow]!
        case ("double precision", "real"), ("double precision", "smallint"), ("double precision", "integer"), ("real", "smallint"):
            return true
        case ("timestamp without time zone", "date"), ("timestamp with time zone", "date"),
            ("timestamp with time zone", "timestamp without time zone"):
            return true
        default:
            return base == other.base && modifiers == other.modifiers
        }
    }

    /// SQLite stores any value in any column; a declared type only sets an affinity. A column without one, or a
    /// text column, keeps every value as given; a numeric column keeps integers.
    private func sqliteHolds(_ other: TypeName) -> Bool {
        let mine = Self.affinity(base), theirs = Self.affinity(other.base)
        if mine == theirs || mine == .blob || mine == .text { return true }
        return (mine == .real || mine == .numeric) && theirs == .integer
    }

    enum Affinity { case integer, text, blob, real, numeric }

    /// SQLite's rules for the affinity of a declared type.
    static func affinity(_ declared: String) -> Affinity {
        let name = declared.uppercased()
        if name.contains("INT") { return .integer }
        if name.contains("CHAR") || name.contains("CLOB") || name.contains("TEXT") { return .text }
        if name.isEmpty || name.contains("BLOB") { return .blob }
        if name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB") { return .real }
        return .numeric
    }
}
