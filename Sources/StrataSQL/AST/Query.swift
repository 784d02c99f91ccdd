public import StrataDiagnostics

/// A query: an optional WITH clause, a body, and the ordering and row limits that apply to the whole body.
public struct Query: Sendable, Hashable {
    /// `WITH [RECURSIVE] …`.
    public var with: WithClause?
    /// The SELECT, VALUES, TABLE or set operation.
    public var body: QueryBody
    /// `ORDER BY …` of the whole query.
    public var orderBy: [OrderItem]
    /// `LIMIT n` (nil for none or `LIMIT ALL`).
    public var limit: Expression?
    /// `OFFSET n`.
    public var offset: Expression?
    /// `FETCH FIRST n ROWS ONLY | WITH TIES`.
    public var fetch: Fetch?
    /// `FOR UPDATE | SHARE …`, kept opaque.
    public var locking: OpaqueNode?
    /// The query's text.
    public var span: SourceSpan
}

/// `WITH [RECURSIVE] cte, …`.
public struct WithClause: Sendable, Hashable {
    /// Whether `RECURSIVE` was written.
    public var recursive: Bool
    /// The definitions, in order.
    public var ctes: [CommonTableExpression]
    /// The clause's text.
    public var span: SourceSpan
}

/// `name [(columns)] AS [[NOT] MATERIALIZED] (statement)`.
public struct CommonTableExpression: Sendable, Hashable {
    /// The name.
    public var name: Identifier
    /// The column list.
    public var columns: [Identifier]
    /// `true` for MATERIALIZED, `false` for NOT MATERIALIZED, nil when unspecified.
    public var materialized: Bool?
    /// The body: usually a query, in PostgreSQL also INSERT, UPDATE or DELETE with RETURNING.
    public var body: Statement
    /// The definition's text.
    public var span: SourceSpan

    /// The body when it is a query.
    public var query: Query? { body.query }
}

/// The part of a query that produces rows.
public indirect enum QueryBody: Sendable, Hashable {
    /// `SELECT …`.
    case select(Select)
    /// `left UNION | INTERSECT | EXCEPT [ALL | DISTINCT] right`.
    case setOperation(SetOperation)
    /// `VALUES (…), (…)`.
    case values(Values)
    /// A parenthesized query, with its own WITH, ORDER BY and LIMIT.
    case query(Query)
    /// `TABLE name`.
    case table(ObjectName)

    /// The body's text.
    public var span: SourceSpan {
        switch self {
        case .select(let select): select.span
        case .setOperation(let operation): operation.span
        case .values(let values): values.span
        case .query(let query): query.span
        case .table(let name): name.span
        }
    }
}

/// A set operation between two query bodies.
public struct SetOperation: Sendable, Hashable {
    /// The operator.
    public enum Operator: String, Sendable, Hashable {
        /// Rows of either side.
        case union
        /// Rows of both sides.
        case intersect
        /// Rows of the left side not in the right.
        case except
    }

    /// The operator.
    public var op: Operator
    /// `ALL` (true), `DISTINCT` or nothing (false).
    public var all: Bool
    /// The left operand.
    public var left: QueryBody
    /// The right operand.
    public var right: QueryBody
    /// The operation's text.
    public var span: SourceSpan
}

/// `VALUES (row), (row), …`.
public struct Values: Sendable, Hashable {
    /// The rows.
    public var rows: [[Expression]]
    /// The clause's text.
    public var span: SourceSpan
}

/// `SELECT [ALL | DISTINCT [ON (…)]] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [WINDOW …]`.
public struct Select: Sendable, Hashable {
    /// How duplicates are removed.
    public enum Distinct: Sendable, Hashable {
        /// `SELECT ALL`.
        case all
        /// `SELECT DISTINCT`.
        case distinct
        /// `DISTINCT ON (expressions)`.
        case distinctOn([Expression])
    }

    /// The DISTINCT clause, if any.
    public var distinct: Distinct?
    /// The select list.
    public var items: [SelectItem]
    /// `INTO [TEMP] table` (PostgreSQL).
    public var into: ObjectName?
    /// The from list; joins nest inside its items.
    public var from: [FromItem]
    /// `WHERE`.
    public var whereClause: Expression?
    /// `GROUP BY`: expressions, including grouping sets.
    public var groupBy: [Expression]
    /// `GROUP BY ALL` or `GROUP BY DISTINCT`.
    public var groupByQuantifier: Keyword?
    /// `HAVING`.
    public var having: Expression?
    /// `WINDOW name AS (…), …`.
    public var windows: [NamedWindow]
    /// The SELECT's text.
    public var span: SourceSpan
}

/// One select-list entry: an expression (possibly `*` or `t.*`) and its alias.
public struct SelectItem: Sendable, Hashable {
    /// The expression.
    public var expression: Expression
    /// The alias, with or without AS.
    public var alias: Identifier?
    /// The item's text.
    public var span: SourceSpan
}

/// `expression [ASC | DESC | USING op] [NULLS FIRST | LAST]`.
public struct OrderItem: Sendable, Hashable {
    /// The sort key.
    public var expression: Expression
    /// True for DESC.
    public var descending: Bool
    /// True for NULLS FIRST, false for NULLS LAST, nil when unspecified.
    public var nullsFirst: Bool?
    /// The item's text.
    public var span: SourceSpan
}

/// `FETCH FIRST | NEXT [count] ROW | ROWS ONLY | WITH TIES`.
public struct Fetch: Sendable, Hashable {
    /// The row count (nil means one).
    public var count: Expression?
    /// `WITH TIES`.
    public var withTies: Bool
    /// The clause's text.
    public var span: SourceSpan
}

/// `name AS (window specification)` in a WINDOW clause.
public struct NamedWindow: Sendable, Hashable {
    /// The name.
    public var name: Identifier
    /// The definition.
    public var specification: WindowSpecification
}
