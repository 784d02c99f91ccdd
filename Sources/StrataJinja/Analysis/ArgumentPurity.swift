/// Decides, conservatively, whether a macro's output is a function of its arguments and of given globals alone:
/// it calls nothing (no functions, macros or `caller()`), includes and imports nothing, uses only filters that
/// compute (`trim`, `lower`…), and reads no name but its parameters, the variables it sets itself and the given
/// globals. Calling such a macro twice with equal arguments renders the same text and has no other effect, so a
/// caller may render it once per distinct argument (`generate_schema_name` once per custom schema, not per model).
enum ArgumentPurity {
    /// Filters that compute from their input and arguments only.
    static let pureFilters: Set<String> = [
        "abs", "capitalize", "center", "count", "d", "default", "e", "escape", "first", "float", "indent", "int",
        "join", "last", "length", "list", "lower", "replace", "reverse", "round", "safe", "sort", "string", "title",
        "trim", "truncate", "unique", "upper", "wordcount",
    ]

    static func isPure(_ definition: MacroDefinition, globals: Set<String>) -> Bool {
        guard !definition.usesCaller, !definition.usesVarargs, !definition.usesKwargs else { return false }
        var checker = Checker(readable: globals.union(definition.parameters.map(\.name)))
        for parameter in definition.parameters {
            if let value = parameter.defaultValue, !checker.check(value) { return false }
        }
        return checker.check(definition.body)
    }

    private struct Checker {
        /// Names the body may read: globals, parameters and, once assigned, its own variables.
        var readable: Set<String>

        mutating func check(_ nodes: [Node]) -> Bool {
            nodes.allSatisfy { check($0) }
        }

        mutating func check(_ node: Node) -> Bool {
            switch node {
            case .text, .loopControl: return true
            case .output(let expr, _), .expression(let expr, _): return check(expr)
            case .set(let target, let expr, _):
                guard check(expr) else { return false }
                return assign(target)
            case .setBlock(let target, let filters, let body, _):
                guard filters.allSatisfy({ check($0) }), check(body) else { return false }
                return assign(target)
            case .filterBlock(let filters, let body, _):
                return filters.allSatisfy { check($0) } && check(body)
            case .ifBlock(let branches, let otherwise):
                for branch in branches where !check(branch.condition) || !check(branch.body) { return false }
                return otherwise.map { check($0) } ?? true
            case .forLoop(let loop):
                guard check(loop.iterable), assign(loop.target) else { return false }
                readable.insert("loop")
                if let filter = loop.filter, !check(filter) { return false }
                return check(loop.body) && (loop.otherwise.map { check($0) } ?? true)
            case .with(let assignments, let body, _):
                for assignment in assignments where !check(assignment.value) || !assign(assignment.target) { return false }
                return check(body)
            case .macro, .callBlock, .include, .importModule, .fromImport:
                return false
            }
        }

        /// Makes the assigned names readable; false for a namespace attribute, which needs `namespace()` anyway.
        mutating func assign(_ target: AssignTarget) -> Bool {
            switch target {
            case .name(let name, _):
                readable.insert(name)
                return true
            case .tuple(let targets, _): return targets.allSatisfy { assign($0) }
            case .namespaceAttribute: return false
            }
        }

        func check(_ filter: FilterCall) -> Bool {
            ArgumentPurity.pureFilters.contains(filter.name) && check(filter.arguments)
        }

        func check(_ arguments: CallArguments) -> Bool {
            arguments.star == nil && arguments.doubleStar == nil && arguments.positional.allSatisfy { check($0) }
                && arguments.keywords.allSatisfy { check($0.value) }
        }

        func check(_ expr: Expr) -> Bool {
            switch expr.kind {
            case .literal: return true
            case .name(let name): return readable.contains(name)
            case .call: return false
            case .list(let items), .tuple(let items): return items.allSatisfy { check($0) }
            case .dict(let entries): return entries.allSatisfy { check($0.key) && check($0.value) }
            case .negate(let operand, _), .not(let operand), .attribute(let operand, _): return check(operand)
            case .binary(_, let lhs, let rhs), .concat(let lhs, let rhs), .and(let lhs, let rhs), .or(let lhs, let rhs),
                .item(let lhs, let rhs):
                return check(lhs) && check(rhs)
            case .compare(let first, let rest): return check(first) && rest.allSatisfy { check($0.operand) }
            case .conditional(let test, let then, let otherwise):
                return check(test) && check(then) && (otherwise.map { check($0) } ?? true)
            case .slice(let base, let start, let stop, let step):
                return check(base) && [start, stop, step].allSatisfy { $0.map { check($0) } ?? true }
            case .filter(let value, let filter): return check(value) && check(filter)
            case .test(let value, let test): return check(value) && check(test.arguments)
            }
        }
    }
}

extension Macro {
    /// Whether the macro's output depends only on its arguments and the given globals, with no other effect
    /// (see `ArgumentPurity`): rendering it once per distinct argument list gives what every call would.
    public func dependsOnlyOnArguments(andGlobals globals: Set<String>) -> Bool {
        closure == nil && ArgumentPurity.isPure(definition, globals: globals)
    }
}
