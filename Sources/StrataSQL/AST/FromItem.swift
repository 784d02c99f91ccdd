public import StrataDiagnostics

/// A dotted name: `name`, `schema.name` or `database.schema.name`.
public struct ObjectName: Sendable, Hashable, CustomStringConvertible {
    /// The parts, outermost first.
    public var parts: [Identifier]
    /// The whole name's text.
    public var span: SourceSpan

    /// Creates a name.
    public init(parts: [Identifier], span: SourceSpan) {
        self.parts = parts
        self.span = span
    }

    public var description: String { parts.map(\.description).joined(separator: ".") }
}

/// `[AS] alias [(column, …)]` after a from item.
public struct TableAlias: Sendable, Hashable {
    /// The alias.
    public var name: Identifier
    /// Column aliases.
    public var columns: [Identifier]
}

/// One item of a from list.
public struct FromItem: Sendable, Hashable {
    /// The item forms.
    public indirect enum Kind: Sendable, Hashable {
        /// A table or view: `[ONLY] name [alias]`.
        case table(name: ObjectName, alias: TableAlias?)
        /// `[LATERAL] (query) alias`.
        case subquery(Query, alias: TableAlias?, lateral: Bool)
        /// `[LATERAL] function(…) [WITH ORDINALITY] alias` and `ROWS FROM (…)`.
        case function(Expression, alias: TableAlias?, lateral: Bool, withOrdinality: Bool)
        /// `left [NATURAL] join_type JOIN right [ON … | USING (…)]`.
        case join(Join)
        /// `(from item) [alias]`.
        case parenthesized(FromItem, alias: TableAlias?)
    }

    /// The item's form.
    public var kind: Kind
    /// The item's text.
    public var span: SourceSpan
}

/// A join between two from items.
public struct Join: Sendable, Hashable {
    /// Join types.
    public enum JoinType: String, Sendable, Hashable {
        /// `[INNER] JOIN`.
        case inner
        /// `LEFT [OUTER] JOIN`.
        case left
        /// `RIGHT [OUTER] JOIN`.
        case right
        /// `FULL [OUTER] JOIN`.
        case full
        /// `CROSS JOIN`.
        case cross
    }

    /// How rows are matched.
    public enum Condition: Sendable, Hashable {
        /// `ON condition`.
        case on(Expression)
        /// `USING (columns)`.
        case using([Identifier])
        /// NATURAL joins and CROSS JOIN have no explicit condition.
        case none
    }

    /// The left side.
    public var left: FromItem
    /// The right side.
    public var right: FromItem
    /// The join type.
    public var type: JoinType
    /// Whether NATURAL was written.
    public var natural: Bool
    /// The join condition.
    public var condition: Condition
}
