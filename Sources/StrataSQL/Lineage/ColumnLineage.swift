/// A column of a base relation that an output column derives from.
public struct ColumnSource: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The relation's name parts as the engine compares them (unquoted names lowered for PostgreSQL).
    public var relation: [String]
    /// The column's name.
    public var column: String

    /// Creates a source.
    public init(relation: [String], column: String) {
        self.relation = relation
        self.column = column
    }

    public var description: String { (relation + [column]).joined(separator: ".") }

    public static func < (lhs: ColumnSource, rhs: ColumnSource) -> Bool { lhs.description < rhs.description }
}

/// How an output column is made from its sources, from the weakest transformation to the strongest.
public enum LineageKind: String, Sendable, Hashable, Comparable {
    /// The column is copied unchanged (through any number of renames and layers).
    case direct
    /// An expression computes it (arithmetic, CASE, a function, a constant, a scalar subquery).
    case derived
    /// An aggregate function computes it.
    case aggregated
    /// A window function computes it.
    case window

    private var rank: Int {
        switch self {
        case .direct: 0
        case .derived: 1
        case .aggregated: 2
        case .window: 3
        }
    }

    public static func < (lhs: LineageKind, rhs: LineageKind) -> Bool { lhs.rank < rhs.rank }
}

/// One column a query produces, with the base columns it derives from.
public struct OutputColumn: Sendable, Hashable {
    /// The column's name (for an unexpandable `*`, `*` or `t.*`).
    public var name: String
    /// Its 0-based position in the select list.
    public var position: Int
    /// The base-relation columns it derives from, sorted.
    public var sources: [ColumnSource]
    /// The strongest transformation on any path from a source.
    public var kind: LineageKind
    /// Why some of its lineage could not be resolved; empty when it is complete.
    public var unresolved: [String]

    /// Creates an output column.
    public init(name: String, position: Int, sources: [ColumnSource], kind: LineageKind, unresolved: [String] = []) {
        self.name = name
        self.position = position
        self.sources = sources
        self.kind = kind
        self.unresolved = unresolved
    }

    /// Whether this entry stands for a `*` whose columns are unknown.
    public var isUnexpandedStar: Bool { name == "*" || name.hasSuffix(".*") }
}

/// Column-level lineage of a query.
///
/// For each output column: the base-relation columns it reads, resolved through CTEs, derived tables, joins,
/// aliases, set operations and `*`. What cannot be resolved is reported, never guessed.
public enum ColumnLineage {
    /// Analyses a parsed query.
    ///
    /// ```swift
    /// let query = Parser.parse("select a + 1 as b from t", dialect: .postgres).statements[0].query!
    /// ColumnLineage.analyze(query, dialect: .postgres) { _ in ["a"] }  // b <- t.a, derived
    /// ```
    /// - Parameters:
    ///   - query: the query.
    ///   - dialect: the rules names compare by.
    ///   - schemaOf: the columns of a base relation (name parts as normalized for `dialect`), nil when unknown.
    ///   - relationCTEs: CTE names to treat as base relations (`[name]` for `schemaOf` and in sources), such as
    ///     the CTEs that inline ephemeral models.
    /// - Returns: the output columns in order.
    public static func analyze(
        _ query: Query, dialect: Dialect, relationCTEs: Set<String> = [], schemaOf: ([String]) -> [String]?
    ) -> [OutputColumn] {
        let columns = withoutActuallyEscaping(schemaOf) { schemaOf in
            LineageAnalyzer(dialect: dialect, schemaOf: schemaOf, relationCTEs: relationCTEs)
                .query(query, scope: LineageScope())
        }
        return columns.enumerated().map { position, column in
            OutputColumn(
                name: column.name, position: position, sources: column.lineage.sources.sorted(),
                kind: column.lineage.kind, unresolved: column.lineage.unresolved)
        }
    }

    /// Parses SQL and analyses its last statement when that is a query (a model's compiled SQL).
    /// - Parameters:
    ///   - sql: the SQL text.
    ///   - dialect: the rules to parse and compare names by.
    ///   - relationCTEs: CTE names to treat as base relations.
    ///   - schemaOf: the columns of a base relation, nil when unknown.
    /// - Returns: the output columns, or nil when the text holds no query.
    public static func analyze(
        sql: String, dialect: Dialect, relationCTEs: Set<String> = [], schemaOf: ([String]) -> [String]?
    ) -> [OutputColumn]? {
        let statements = Parser.parse(sql, dialect: dialect).statements
        guard let query = statements.last(where: { $0.query != nil })?.query else { return nil }
        return analyze(query, dialect: dialect, relationCTEs: relationCTEs, schemaOf: schemaOf)
    }
}

/// The lineage of one value while it is being computed.
struct Lineage: Sendable, Hashable {
    var sources: Set<ColumnSource> = []
    var kind: LineageKind = .direct
    var unresolved: [String] = []

    static let constant = Lineage(kind: .derived)

    static func unresolved(_ reason: String) -> Lineage { Lineage(kind: .derived, unresolved: [reason]) }

    /// Merges another value's lineage into this one.
    mutating func merge(_ other: Lineage) {
        sources.formUnion(other.sources)
        kind = max(kind, other.kind)
        for reason in other.unresolved where !unresolved.contains(reason) { unresolved.append(reason) }
    }

    /// This lineage, transformed at least as strongly as `kind`.
    func atLeast(_ kind: LineageKind) -> Lineage {
        var copy = self
        copy.kind = max(self.kind, kind)
        return copy
    }
}

/// A named column of a relation in scope, with its lineage.
struct LineageColumn: Sendable, Hashable {
    var name: String
    var lineage: Lineage

    /// Whether this stands for a `*` whose columns are unknown.
    var isPlaceholder: Bool { name == "*" || name.hasSuffix(".*") }
}
