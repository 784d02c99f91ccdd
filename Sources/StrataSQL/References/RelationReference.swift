public import StrataDiagnostics

/// One place where SQL text names a relation (a table or view), with the dotted name's parts and span.
public struct RelationReference: Sendable, Hashable, CustomStringConvertible {
    /// Where the reference stands, which tells how the relation is used.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// In FROM, JOIN, `USING` (DELETE, MERGE) or UPDATE's FROM of a statement's main query, or a `TABLE x` query.
        case from
        /// In the FROM of a common table expression's body.
        case commonTableExpression
        /// In the FROM of a subquery that is itself a FROM item (a derived table, `LATERAL` included).
        case derivedTable
        /// In the FROM of an `IN`, `EXISTS`, `ANY`, `SOME` or `ALL` subquery (or SQLite's `x IN table`).
        case predicateSubquery
        /// In the FROM of any other subquery inside an expression: a scalar subquery or `ARRAY(…)`.
        case scalarSubquery
        /// Written or defined by the statement: the target of INSERT, UPDATE, DELETE, MERGE, CREATE, DROP, ALTER,
        /// TRUNCATE, COPY … FROM or REFRESH. Such references are listed in `ReferenceAnalysis.targets`.
        case target

        public var description: String {
            switch self {
            case .from: "from"
            case .commonTableExpression: "cte"
            case .derivedTable: "derived"
            case .predicateSubquery: "predicate"
            case .scalarSubquery: "scalar"
            case .target: "target"
            }
        }
    }

    /// One to three parts: `name`, `schema.name` or `database.schema.name` (more only in malformed text).
    public var parts: [Identifier]
    /// The whole dotted name, quotes included.
    public var span: SourceSpan
    /// An explicit alias, written with or without `AS`.
    public var alias: Identifier?
    /// Where the reference stands.
    public var kind: Kind

    /// Creates a reference.
    public init(parts: [Identifier], span: SourceSpan, alias: Identifier? = nil, kind: Kind) {
        self.parts = parts
        self.span = span
        self.alias = alias
        self.kind = kind
    }

    /// The last part, the relation's own name.
    public var name: Identifier { parts[parts.count - 1] }
    /// The part before the name, if any.
    public var schema: Identifier? { parts.count >= 2 ? parts[parts.count - 2] : nil }
    /// The part before the schema, if any.
    public var database: Identifier? { parts.count >= 3 ? parts[parts.count - 3] : nil }

    /// The name a query uses for the relation's columns: the alias if any, else the name.
    public var exposedName: Identifier { alias ?? name }

    /// The parts joined by dots, as written (quotes included).
    public var description: String { parts.map(\.description).joined(separator: ".") }
}

/// What a statement kind is, as far as relation analysis cares.
public enum StatementKind: String, Sendable, Hashable {
    /// SELECT, VALUES, TABLE or a set operation, with or without WITH.
    case query
    /// DML: INSERT (and SQLite's REPLACE), UPDATE, DELETE, MERGE.
    case insert, update, delete, merge
    /// CREATE TABLE (columns only), CREATE TABLE … AS, CREATE [MATERIALIZED] VIEW, CREATE INDEX.
    case createTable, createTableAs, createView, createIndex
    /// CREATE of something that is not a relation (schema, function, type, …).
    case createOther
    /// DROP, ALTER, TRUNCATE, COPY, REFRESH MATERIALIZED VIEW and EXPLAIN.
    case drop, alter, truncate, copy, refresh, explain
    /// A session or transaction command: SET, BEGIN, COMMIT, PRAGMA, GRANT, …
    case utility
    /// A statement the scanner does not know; its relations come from a token scan.
    case unknown
}

/// The result of `RelationReferences.extract`: every relation read, every target written, the common table
/// expressions defined, the statements seen and the diagnostics found on the way.
public struct ReferenceAnalysis: Sendable {
    /// Every relation read, in text order. Names that resolve to a common table expression are left out.
    public var references: [RelationReference]
    /// Relations written or defined (kind `.target`), in text order.
    public var targets: [RelationReference]
    /// The name of every common table expression defined, at any depth, in text order.
    public var cteNames: [Identifier]
    /// One entry per statement: its kind and span.
    public var statements: [(kind: StatementKind, span: SourceSpan)]
    /// Errors for definite syntax errors, warnings where the scanner had to guess.
    public var diagnostics: [Diagnostic]

    /// Whether the text is exactly one query (SELECT, VALUES, TABLE or a set operation, with or without WITH).
    public var isSingleQuery: Bool { statements.count == 1 && statements[0].kind == .query }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
