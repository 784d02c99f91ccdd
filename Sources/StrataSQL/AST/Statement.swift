public import StrataDiagnostics

/// One SQL statement. Every node of the tree carries the span of the text it was parsed from.
public struct Statement: Sendable, Hashable {
    /// The statement forms the parser models.
    public indirect enum Kind: Sendable, Hashable {
        /// SELECT, VALUES, TABLE or a set operation, with or without WITH.
        case query(Query)
        /// `INSERT INTO target [(columns)] source`.
        case insert(InsertStatement)
        /// `UPDATE target SET … [FROM …] [WHERE …]`.
        case update(UpdateStatement)
        /// `DELETE FROM target [USING …] [WHERE …]`.
        case delete(DeleteStatement)
        /// `CREATE [TABLE | VIEW | MATERIALIZED VIEW] name [AS query]`.
        case create(CreateStatement)
        /// A command with nothing to analyse: SET, BEGIN, COMMIT, PRAGMA, GRANT, DROP, ….
        case utility(Keyword)
        /// Text the parser does not model, kept as a token range (a warning says why).
        case opaque(OpaqueNode)
    }

    /// The statement's form.
    public var kind: Kind
    /// The statement's text, without the trailing semicolon.
    public var span: SourceSpan

    /// Creates a statement.
    public init(kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// The query, if the statement is one.
    public var query: Query? {
        if case .query(let query) = kind { return query }
        return nil
    }
}

/// Text the parser kept without modelling it.
public struct OpaqueNode: Sendable, Hashable {
    /// The text's span.
    public var span: SourceSpan
    /// Why it was not modelled.
    public var reason: String

    /// Creates an opaque node.
    public init(span: SourceSpan, reason: String) {
        self.span = span
        self.reason = reason
    }
}

/// `INSERT INTO target [AS alias] [(columns)] (query | DEFAULT VALUES) [ON CONFLICT …] [RETURNING …]`.
public struct InsertStatement: Sendable, Hashable {
    /// The relation written.
    public var target: ObjectName
    /// The column list, if any.
    public var columns: [Identifier]
    /// The rows inserted; nil for `DEFAULT VALUES`.
    public var source: Query?
    /// The text of `ON CONFLICT …`, kept opaque.
    public var onConflict: OpaqueNode?
    /// The RETURNING list.
    public var returning: [SelectItem]
}

/// `UPDATE target [[AS] alias] SET column = value, … [FROM …] [WHERE …] [RETURNING …]`.
public struct UpdateStatement: Sendable, Hashable {
    /// The relation written.
    public var target: ObjectName
    /// The target's alias.
    public var alias: Identifier?
    /// `SET` assignments.
    public var assignments: [Assignment]
    /// Extra relations read.
    public var from: [FromItem]
    /// The filter.
    public var whereClause: Expression?
    /// The RETURNING list.
    public var returning: [SelectItem]
}

/// `column = value` or `(a, b) = value` in UPDATE or `ON CONFLICT DO UPDATE`.
public struct Assignment: Sendable, Hashable {
    /// The columns assigned.
    public var columns: [Identifier]
    /// The value.
    public var value: Expression
}

/// `DELETE FROM target [[AS] alias] [USING …] [WHERE …] [RETURNING …]`.
public struct DeleteStatement: Sendable, Hashable {
    /// The relation written.
    public var target: ObjectName
    /// The target's alias.
    public var alias: Identifier?
    /// Extra relations read.
    public var using: [FromItem]
    /// The filter.
    public var whereClause: Expression?
    /// The RETURNING list.
    public var returning: [SelectItem]
}

/// `CREATE [OR REPLACE] [TEMP] (TABLE | VIEW | MATERIALIZED VIEW) [IF NOT EXISTS] name [(…)] [AS query]`.
public struct CreateStatement: Sendable, Hashable {
    /// What is created.
    public enum ObjectKind: String, Sendable, Hashable {
        /// `CREATE TABLE`.
        case table
        /// `CREATE VIEW`.
        case view
        /// `CREATE MATERIALIZED VIEW`.
        case materializedView
    }

    /// What is created.
    public var objectKind: ObjectKind
    /// The relation created.
    public var name: ObjectName
    /// `OR REPLACE` was given.
    public var orReplace: Bool
    /// `IF NOT EXISTS` was given.
    public var ifNotExists: Bool
    /// The column list of a view or `CREATE TABLE … AS`, or the names of a table's column definitions.
    public var columns: [Identifier]
    /// The defining query, for views and `CREATE TABLE … AS`.
    public var query: Query?
}
