import StrataDiagnostics

/// An expression and the source span it covers.
struct Expr: Sendable {
    var kind: ExprKind
    var span: SourceSpan
}

/// The shapes of expressions.
indirect enum ExprKind: Sendable {
    case literal(Value)
    case name(String)
    case list([Expr])
    case tuple([Expr])
    case dict([(key: Expr, value: Expr)])
    case negate(Expr, plus: Bool)
    case not(Expr)
    case binary(BinaryOperator, Expr, Expr)
    case concat(Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case compare(Expr, [(op: CompareOperator, operand: Expr)])
    case conditional(test: Expr, then: Expr, otherwise: Expr?)
    case attribute(Expr, name: String)
    case item(Expr, Expr)
    case slice(Expr, start: Expr?, stop: Expr?, step: Expr?)
    case call(Expr, CallArguments)
    case filter(Expr, FilterCall)
    case test(Expr, TestCall)
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
indirect enum AssignTarget: Sendable {
    case name(String, SourceSpan)
    case tuple([AssignTarget], SourceSpan)
    case namespaceAttribute(namespace: String, attribute: String, SourceSpan)
}

/// A statement or piece of output.
indirect enum Node: Sendable {
    case text(String, SourceSpan)
    case output(Expr, tag: SourceSpan)
    case ifBlock([(condition: Expr, body: [Node])], otherwise: [Node]?)
    case forLoop(ForLoop)
    case set(AssignTarget, Expr, tag: SourceSpan)
    case setBlock(AssignTarget, filters: [FilterCall], body: [Node], tag: SourceSpan)
    case macro(MacroDefinition)
    case callBlock(call: Expr, caller: MacroDefinition, tag: SourceSpan)
    case filterBlock(filters: [FilterCall], body: [Node], tag: SourceSpan)
    case expression(Expr, tag: SourceSpan)
    case loopControl(isBreak: Bool, tag: SourceSpan)
    case with([(target: AssignTarget, value: Expr)], body: [Node], tag: SourceSpan)
    case include(Expr, ignoreMissing: Bool, withContext: Bool, tag: SourceSpan)
    case importModule(Expr, alias: String, withContext: Bool, tag: SourceSpan)
    case fromImport(Expr, names: [(name: String, alias: String)], withContext: Bool, tag: SourceSpan)
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
        let names = NameScan.names(in: body)
        self.usesCaller = names.contains("caller")
        self.usesVarargs = names.contains("varargs")
        self.usesKwargs = names.contains("kwargs")
    }
}
