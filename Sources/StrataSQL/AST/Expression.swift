public import StrataDiagnostics

/// A scalar expression and its span.
public struct Expression: Sendable, Hashable {
    /// The expression forms.
    public indirect enum Kind: Sendable, Hashable {
        /// A literal value.
        case literal(Literal)
        /// `$1`, `?`, `:name`.
        case parameter(String)
        /// A column or other name: `a`, `t.a`, `s.t.a`.
        case column([Identifier])
        /// `*` or `t.*`, in a select list or `count(*)`.
        case star(qualifier: [Identifier])
        /// A prefix operator: `-x`, `NOT x`, `~x`.
        case unary(op: String, operand: Expression)
        /// An infix operator, lower-cased: `+`, `and`, `||`, `->>`, `=`, ….
        case binary(op: String, left: Expression, right: Expression)
        /// `x IS [NOT] NULL | TRUE | FALSE | UNKNOWN` (`test` is `null`, `true`, `false` or `unknown`).
        case isTest(Expression, test: String, negated: Bool)
        /// `x IS [NOT] DISTINCT FROM y`.
        case isDistinctFrom(Expression, Expression, negated: Bool)
        /// `x [NOT] BETWEEN [SYMMETRIC] low AND high`.
        case between(Expression, low: Expression, high: Expression, negated: Bool)
        /// `x [NOT] IN (a, b, …)`.
        case inList(Expression, [Expression], negated: Bool)
        /// `x [NOT] IN (query)`.
        case inQuery(Expression, Query, negated: Bool)
        /// `x [NOT] LIKE | ILIKE | SIMILAR TO | GLOB | REGEXP | MATCH pattern [ESCAPE e]`.
        case like(Expression, pattern: Expression, op: String, negated: Bool, escape: Expression?)
        /// `x op ANY | SOME | ALL (query or array)`.
        case quantified(Expression, op: String, quantifier: String, Expression)
        /// `EXISTS (query)`.
        case exists(Query)
        /// `(query)` used as a value, or `ARRAY(query)`.
        case subquery(Query, isArray: Bool)
        /// A function call, aggregate or window function.
        case function(FunctionCall)
        /// `CASE [operand] WHEN … THEN … [ELSE …] END`.
        case caseWhen(operand: Expression?, branches: [CaseBranch], otherwise: Expression?)
        /// `CAST(x AS type)` or `x::type`.
        case cast(Expression, TypeName, isOperator: Bool)
        /// `EXTRACT(field FROM x)`.
        case extract(field: String, from: Expression)
        /// `ARRAY[a, b]`.
        case array([Expression])
        /// `x[i]` or `x[lo:hi]`.
        case subscripted(Expression, index: Expression?, upper: Expression?, isSlice: Bool)
        /// `(x).field` or `(x).*`.
        case field(Expression, name: Identifier?)
        /// `(a, b)` or `ROW(a, b)`.
        case row([Expression])
        /// `x COLLATE name`.
        case collate(Expression, collation: ObjectName)
        /// `x AT TIME ZONE zone`.
        case atTimeZone(Expression, zone: Expression)
        /// `GROUPING SETS (…)`, `ROLLUP (…)`, `CUBE (…)` in GROUP BY (`kind` lower-cased).
        case groupingSet(kind: String, [Expression])
        /// `DEFAULT` in VALUES or SET.
        case defaultValue
        /// Tokens the parser kept without modelling (a warning says why).
        case opaque(OpaqueNode)
    }

    /// The expression's form.
    public var kind: Kind
    /// The expression's text.
    public var span: SourceSpan

    /// Creates an expression.
    public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// A literal value as written.
public enum Literal: Sendable, Hashable {
    /// A number, as written.
    case number(String)
    /// A string's value (quotes removed, escapes resolved for plain and dollar-quoted strings).
    case string(String)
    /// `TRUE` or `FALSE`.
    case boolean(Bool)
    /// `NULL`.
    case null
    /// `type 'text'`, such as `DATE '2024-01-01'` or `INTERVAL '1 day' HOUR`.
    case typed(TypeName, String)
}

/// `WHEN condition THEN result`.
public struct CaseBranch: Sendable, Hashable {
    /// The condition (or the value compared with the CASE operand).
    public var condition: Expression
    /// The result.
    public var result: Expression
}

/// A type as written: `numeric(10, 2)`, `timestamp with time zone`, `int[]`, `public.my_type`.
public struct TypeName: Sendable, Hashable, CustomStringConvertible {
    /// The name, lower-cased words joined by spaces (`double precision`, `timestamp with time zone`), or a
    /// dotted name for user types.
    public var name: String
    /// Type modifiers, such as `10, 2`, as written.
    public var modifiers: [String]
    /// The number of `[]` suffixes (or `ARRAY`).
    public var arrayDimensions: Int
    /// The type's text.
    public var span: SourceSpan

    public var description: String {
        var text = name
        if !modifiers.isEmpty { text += "(" + modifiers.joined(separator: ", ") + ")" }
        return text + String(repeating: "[]", count: arrayDimensions)
    }
}

/// A call: `name([DISTINCT] args [ORDER BY …]) [WITHIN GROUP (ORDER BY …)] [FILTER (WHERE …)] [OVER …]`.
public struct FunctionCall: Sendable, Hashable {
    /// The function's (possibly qualified) name.
    public var name: ObjectName
    /// The arguments; `count(*)` has one `.star` argument.
    public var arguments: [Expression]
    /// Names of named arguments (`name => value`), aligned with `arguments`; nil entries are positional.
    public var argumentNames: [Identifier?]
    /// `DISTINCT` inside the parentheses.
    public var distinct: Bool
    /// `ORDER BY` inside the parentheses (ordered-set input of `string_agg`, `array_agg`, …).
    public var orderBy: [OrderItem]
    /// `WITHIN GROUP (ORDER BY …)`.
    public var withinGroup: [OrderItem]
    /// `FILTER (WHERE …)`.
    public var filter: Expression?
    /// `OVER (…)` or `OVER name`.
    public var over: WindowSpecification?
}

/// `[existing] [PARTITION BY …] [ORDER BY …] [frame]`, or a bare window name after OVER.
public struct WindowSpecification: Sendable, Hashable {
    /// The window this one refines, or the whole window for `OVER name`.
    public var baseName: Identifier?
    /// `PARTITION BY`.
    public var partitionBy: [Expression]
    /// `ORDER BY`.
    public var orderBy: [OrderItem]
    /// `ROWS | RANGE | GROUPS …`.
    public var frame: WindowFrame?
    /// The specification's text.
    public var span: SourceSpan
}

/// `ROWS | RANGE | GROUPS [BETWEEN] start [AND end] [EXCLUDE …]`.
public struct WindowFrame: Sendable, Hashable {
    /// One end of a frame.
    public enum Bound: Sendable, Hashable {
        /// `UNBOUNDED PRECEDING`.
        case unboundedPreceding
        /// `UNBOUNDED FOLLOWING`.
        case unboundedFollowing
        /// `CURRENT ROW`.
        case currentRow
        /// `offset PRECEDING`.
        case preceding(Expression)
        /// `offset FOLLOWING`.
        case following(Expression)
    }

    /// `rows`, `range` or `groups`.
    public var unit: String
    /// The start bound.
    public var start: Bound
    /// The end bound, when BETWEEN was used.
    public var end: Bound?
    /// The EXCLUDE option, lower-cased (`current row`, `group`, `ties`, `no others`).
    public var exclude: String?
}
