/// How tests are pulled into a selection through the nodes they test (dbt's `--indirect-selection`).
public enum IndirectSelection: String, Sendable, Hashable, CaseIterable {
    /// A test is selected when any node it depends on is selected (dbt's default).
    case eager
    /// A test is selected only when every node it depends on is selected.
    case cautious
    /// A test is selected when every node it depends on is selected or is an ancestor of the selection.
    case buildable
    /// Tests are never selected indirectly.
    case empty
}

/// The ways a selector criterion can match nodes, named as in dbt (`method:value`).
public enum SelectorMethod: String, Sendable, Hashable, CaseIterable {
    /// Name, fully qualified name or a prefix of it (`shop.staging`); the default for bare words.
    case fqn
    /// A tag, wildcards allowed.
    case tag
    /// A file or folder relative to the project root, wildcards allowed; the default for words with `/`.
    case path
    /// A file name with or without its extension; the default for words ending in `.sql`, `.py` or `.csv`.
    case file
    /// The schema a node builds into, wildcards allowed (a Strata addition).
    case schema
    /// The package a node is defined in, wildcards allowed.
    case package
    /// A config value, `config.<key>:<value>`, compared exactly.
    case config
    /// Sources: `source:raw`, `source:raw.orders` or `source:pkg.raw.orders`, wildcards allowed.
    case source
    /// The resource type: `model`, `seed`, `source`, `test`, `snapshot`, `analysis`, `operation`, `unit_test`.
    case resourceType = "resource_type"
    /// The kind of test: `generic`, `singular` or `unit`.
    case testType = "test_type"
    /// A generic test's macro name (`unique`, `not_null`, …) or a unit test's name, wildcards allowed.
    case testName = "test_name"
    /// Comparison with a saved manifest (`--state DIR`): `new`, `old`, `modified`, `modified.body`, …,
    /// `unmodified`.
    case state
}

/// One selector criterion such as `+tag:nightly+2`: a method, its value and the graph operators around it.
public struct SelectionCriterion: Sendable, Hashable, CustomStringConvertible {
    /// The criterion as the user wrote it.
    public var raw: String
    /// How the value is matched.
    public var method: SelectorMethod
    /// Dotted arguments after the method name: `["materialized"]` in `config.materialized:table`.
    public var methodArguments: [String]
    /// The value after the colon (or the whole word for the default method).
    public var value: String
    /// `@`: the matched nodes, their descendants, and every ancestor of those.
    public var childrensParents: Bool
    /// `+` before the value: add ancestors.
    public var parents: Bool
    /// The number before a leading `+` (`2+x`); nil for all ancestors.
    public var parentsDepth: Int?
    /// `+` after the value: add descendants.
    public var children: Bool
    /// The number after a trailing `+` (`x+1`); nil for all descendants.
    public var childrenDepth: Int?
    /// Overrides the selector's indirect selection for this criterion (YAML selectors can set it).
    public var indirectSelection: IndirectSelection?

    /// Creates a criterion.
    /// - Parameters:
    ///   - raw: the text as written; defaults to a canonical spelling.
    ///   - method: how the value is matched.
    ///   - methodArguments: dotted method arguments (config keys).
    ///   - value: the value to match.
    ///   - childrensParents: the `@` operator.
    ///   - parents: a leading `+`.
    ///   - parentsDepth: the depth before a leading `+`.
    ///   - children: a trailing `+`.
    ///   - childrenDepth: the depth after a trailing `+`.
    ///   - indirectSelection: a per-criterion indirect selection mode.
    public init(
        raw: String? = nil,
        method: SelectorMethod,
        methodArguments: [String] = [],
        value: String,
        childrensParents: Bool = false,
        parents: Bool = false,
        parentsDepth: Int? = nil,
        children: Bool = false,
        childrenDepth: Int? = nil,
        indirectSelection: IndirectSelection? = nil
    ) {
        self.method = method
        self.methodArguments = methodArguments
        self.value = value
        self.childrensParents = childrensParents
        self.parents = parents
        self.parentsDepth = parentsDepth
        self.children = children
        self.childrenDepth = childrenDepth
        self.indirectSelection = indirectSelection
        self.raw = ""
        self.raw = raw ?? canonicalSpelling
    }

    /// The criterion as written.
    public var description: String { raw }

    /// The criterion spelled out with an explicit method, such as `2+fqn:stg_orders+`.
    public var canonicalSpelling: String {
        var text = childrensParents ? "@" : ""
        if parents { text += (parentsDepth.map(String.init) ?? "") + "+" }
        text += ([method.rawValue] + methodArguments).joined(separator: ".") + ":" + value
        if children { text += "+" + (childrenDepth.map(String.init) ?? "") }
        return text
    }
}

/// A parsed `--select` or `--exclude`: criteria combined by union (space) and intersection (comma).
public struct SelectionSpec: Sendable, Hashable, CustomStringConvertible {
    /// A set expression over criteria; YAML selectors can nest these freely.
    public indirect enum Expression: Sendable, Hashable, CustomStringConvertible {
        /// The nodes one criterion selects.
        case criterion(SelectionCriterion)
        /// Nodes selected by any component.
        case union([Expression])
        /// Nodes selected by every component.
        case intersection([Expression])
        /// Nodes selected by the first expression and not by the second.
        case difference(Expression, Expression)

        /// The expression in command-line spelling (spaces for unions, commas for intersections).
        public var description: String {
            switch self {
            case .criterion(let criterion): return criterion.raw
            case .union(let parts): return parts.map(\.description).joined(separator: " ")
            case .intersection(let parts): return parts.map(\.description).joined(separator: ",")
            case .difference(let base, let excluded): return "(\(base)) minus (\(excluded))"
            }
        }

        /// Every criterion in the expression, left to right.
        public var criteria: [SelectionCriterion] {
            switch self {
            case .criterion(let criterion): return [criterion]
            case .union(let parts), .intersection(let parts): return parts.flatMap(\.criteria)
            case .difference(let base, let excluded): return base.criteria + excluded.criteria
            }
        }
    }

    /// The set expression.
    public var expression: Expression

    /// Creates a spec from an expression.
    public init(_ expression: Expression) {
        self.expression = expression
    }

    /// A spec without criteria; as `select` it means "everything", as `exclude` "nothing".
    public static let empty = SelectionSpec(.union([]))

    /// Whether the spec has no criteria at all.
    public var isEmpty: Bool { expression.criteria.isEmpty }

    /// Every criterion, left to right.
    public var criteria: [SelectionCriterion] { expression.criteria }

    /// Whether some criterion compares with a saved manifest (`state:`), which needs `--state`.
    public var usesState: Bool { criteria.contains { $0.method == .state } }

    /// The spec in command-line spelling.
    public var description: String { expression.description }
}
