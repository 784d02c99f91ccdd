import StrataDiagnostics

/// An expression and the source span it covers.
struct Expr: Sendable {
    var kind: ExprKind
    var span: SourceSpan
}

/// The shapes of expressions; only cases that hold an `Expr` directly are boxed.
enum ExprKind: Sendable {
    case literal(Value)
    case name(String)
    case list([Expr])
    case tuple([Expr])
    case dict([(key: Expr, value: Expr)])
    indirect case negate(Expr, plus: Bool)
    indirect case not(Expr)
    indirect case binary(BinaryOperator, Expr, Expr)
    indirect case concat(Expr, Expr)
    indirect case and(Expr, Expr)
    indirect case or(Expr, Expr)
    indirect case compare(Expr, [(op: CompareOperator, operand: Expr)])
    indirect case conditional(test: Expr, then: Expr, otherwise: Expr?)
    indirect case attribute(Expr, name: String)
    indirect case item(Expr, Expr)
    indirect case slice(Expr, start: Expr?, stop: Expr?, step: Expr?)
    indirect case call(Expr, CallArguments)
    indirect case filter(Expr, FilterCall)
    indirect case test(Expr, TestCall)
}

/// Comparison operators, chained as in Python (`a < b < c`).
enum CompareOperator: Sendable {
    case eq, ne, lt, lteq, gt, gteq, isIn, notIn

    var symbol: String {
        switch self {
        case .eq: return "=="
        case .ne: return "!="
        case .lt: return "<"
        case .lteq: return "<="
        case .gt: return ">"
        case .gteq: return ">="
        case .isIn: return "in"
        case .notIn: return "not in"
        }
    }
}

/// Arguments as written at a call site.
struct CallArguments: Sendable {
    var positional: [Expr] = []
    var keywords: [(name: String, value: Expr)] = []
    var star: Expr?
    var doubleStar: Expr?

    var isEmpty: Bool { positional.isEmpty && keywords.isEmpty && star == nil && doubleStar == nil }
}

/// `| name(arguments)`.
struct FilterCall: Sendable {
    var name: String
    var nameSpan: SourceSpan
    var arguments: CallArguments
    var span: SourceSpan
}

/// `is [not] name(arguments)`.
struct TestCall: Sendable {
    var name: String
    var nameSpan: SourceSpan
    var arguments: CallArguments
    var negated: Bool
}

/// The left-hand side of `set`, `for` and `with`.
enum AssignTarget: Sendable {
    case name(String, SourceSpan)
    case tuple([AssignTarget], SourceSpan)
    case namespaceAttribute(namespace: String, attribute: String, SourceSpan)
}

/// A statement or piece of output; all but the smallest cases are boxed, so copying a node while executing costs
/// one retain.
enum Node: Sendable {
    /// Literal template text; the bytes are read from the template's file when rendering.
    case text(SourceSpan)
    indirect case output(Expr, tag: SourceSpan)
    indirect case ifBlock([(condition: Expr, body: [Node])], otherwise: [Node]?)
    indirect case forLoop(ForLoop)
    indirect case set(AssignTarget, Expr, tag: SourceSpan)
    indirect case setBlock(AssignTarget, filters: [FilterCall], body: [Node], tag: SourceSpan)
    case macro(MacroDefinition)
    indirect case callBlock(call: Expr, caller: MacroDefinition, tag: SourceSpan)
    indirect case filterBlock(filters: [FilterCall], body: [Node], tag: SourceSpan)
    indirect case expression(Expr, tag: SourceSpan)
    case loopControl(isBreak: Bool, tag: SourceSpan)
    indirect case with([(target: AssignTarget, value: Expr)], body: [Node], tag: SourceSpan)
    indirect case include(Expr, ignoreMissing: Bool, withContext: Bool, tag: SourceSpan)
    indirect case importModule(Expr, alias: String, withContext: Bool, tag: SourceSpan)
    indirect case fromImport(Expr, names: [(name: String, alias: String)], withContext: Bool, tag: SourceSpan)
}

/// `{% for target in iterable if filter %}body{% else %}otherwise{% endfor %}`.
struct ForLoop: Sendable {
    var target: AssignTarget
    var iterable: Expr
    var filter: Expr?
    var body: [Node]
    var otherwise: [Node]?
    /// Whether the body mentions `loop`, so loops that never read it skip building the loop object.
    var usesLoop: Bool
    var tag: SourceSpan
}

/// A parsed `{% macro %}` (or a call block's body), shared by every `Macro` value made from it.
final class MacroDefinition: Sendable {
    struct Parameter: Sendable {
        var name: String
        var defaultValue: Expr?
        var span: SourceSpan
    }

    let name: String
    let parameters: [Parameter]
    let body: [Node]
    let file: SourceFile
    /// The opening tag.
    let tag: SourceSpan
    let usesCaller: Bool
    let usesVarargs: Bool
    let usesKwargs: Bool

    init(name: String, parameters: [Parameter], body: [Node], file: SourceFile, tag: SourceSpan) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.file = file
        self.tag = tag
        self.usesCaller = NameScan.mentions("caller", in: body)
        self.usesVarargs = NameScan.mentions("varargs", in: body)
        self.usesKwargs = NameScan.mentions("kwargs", in: body)
    }
}
