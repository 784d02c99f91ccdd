/// Visits every expression of a template body, telling whether it runs only under some condition
/// (inside `if`, `for`, macro or call-block bodies, or a branch of `a if c else b`, `and` and `or`).
struct ASTWalker {
    /// Whether to walk into `{% macro %}` bodies (call-block bodies are always walked).
    var descendIntoMacros = true
    /// Called for the filters of `{% filter %}` and `{% set x | f %}` blocks, which are not expressions.
    var visitBlockFilter: (FilterCall) -> Void = { _ in }
    /// Called for every expression, parents before children.
    let visit: (Expr, _ conditional: Bool) -> Void

    func walk(_ nodes: [Node], conditional: Bool) {
        for node in nodes { walk(node, conditional: conditional) }
    }

    func walk(_ node: Node, conditional: Bool) {
        switch node {
        case .text, .loopControl: break
        case .output(let expr, _), .expression(let expr, _), .set(_, let expr, _):
            walk(expr, conditional: conditional)
        case .ifBlock(let branches, let otherwise):
            for (index, branch) in branches.enumerated() {
                walk(branch.condition, conditional: conditional || index > 0)
                walk(branch.body, conditional: true)
            }
            if let otherwise { walk(otherwise, conditional: true) }
        case .forLoop(let loop):
            walk(loop.iterable, conditional: conditional)
            if let filter = loop.filter { walk(filter, conditional: true) }
            walk(loop.body, conditional: true)
            if let otherwise = loop.otherwise { walk(otherwise, conditional: true) }
        case .setBlock(_, let filters, let body, _), .filterBlock(let filters, let body, _):
            walk(body, conditional: conditional)
            for filter in filters {
                visitBlockFilter(filter)
                walk(filter.arguments, conditional: conditional)
            }
        case .macro(let definition):
            guard descendIntoMacros else { return }
            walk(definition, conditional: true)
        case .callBlock(let call, let caller, _):
            walk(call, conditional: conditional)
            walk(caller, conditional: true)
        case .with(let assignments, let body, _):
            for assignment in assignments { walk(assignment.value, conditional: conditional) }
            walk(body, conditional: conditional)
        case .include(let expr, _, _, _), .importModule(let expr, _, _, _), .fromImport(let expr, _, _, _):
            walk(expr, conditional: conditional)
        }
    }

    private func walk(_ definition: MacroDefinition, conditional: Bool) {
        for parameter in definition.parameters {
            if let value = parameter.defaultValue { walk(value, conditional: true) }
        }
        walk(definition.body, conditional: true)
    }

    func walk(_ arguments: CallArguments, conditional: Bool) {
        for expr in arguments.positional { walk(expr, conditional: conditional) }
        for keyword in arguments.keywords { walk(keyword.value, conditional: conditional) }
        if let star = arguments.star { walk(star, conditional: conditional) }
        if let doubleStar = arguments.doubleStar { walk(doubleStar, conditional: conditional) }
    }

    func walk(_ expr: Expr, conditional: Bool) {
        visit(expr, conditional)
        switch expr.kind {
        case .literal, .name: break
        case .list(let items), .tuple(let items):
            for item in items { walk(item, conditional: conditional) }
        case .dict(let entries):
            for entry in entries {
                walk(entry.key, conditional: conditional)
                walk(entry.value, conditional: conditional)
            }
        case .negate(let operand, _), .not(let operand), .attribute(let operand, _):
            walk(operand, conditional: conditional)
        case .binary(_, let lhs, let rhs), .concat(let lhs, let rhs), .item(let lhs, let rhs):
            walk(lhs, conditional: conditional)
            walk(rhs, conditional: conditional)
        case .and(let lhs, let rhs), .or(let lhs, let rhs):
            walk(lhs, conditional: conditional)
            walk(rhs, conditional: true)
        case .compare(let first, let rest):
            walk(first, conditional: conditional)
            for (_, operand) in rest { walk(operand, conditional: conditional) }
        case .conditional(let test, let then, let otherwise):
            walk(test, conditional: conditional)
            walk(then, conditional: true)
            if let otherwise { walk(otherwise, conditional: true) }
        case .slice(let base, let start, let stop, let step):
            walk(base, conditional: conditional)
            for part in [start, stop, step] { if let part { walk(part, conditional: conditional) } }
        case .call(let callee, let arguments):
            walk(callee, conditional: conditional)
            walk(arguments, conditional: conditional)
        case .filter(let value, let filter):
            walk(value, conditional: conditional)
            walk(filter.arguments, conditional: conditional)
        case .test(let value, let test):
            walk(value, conditional: conditional)
            walk(test.arguments, conditional: conditional)
        }
    }
}

/// Answers whether a body reads a variable.
enum NameScan {
    /// - Parameters:
    ///   - name: the variable name.
    ///   - nodes: the body.
    ///   - includingMacros: whether nested macro bodies count (they see the variables of their enclosing scope).
    static func mentions(_ name: String, in nodes: [Node], includingMacros: Bool = false) -> Bool {
        mentions(name, includingMacros: includingMacros) { $0.walk(nodes, conditional: false) }
    }

    /// Whether any of the expressions reads the variable.
    static func mentions(_ name: String, in exprs: [Expr]) -> Bool {
        mentions(name, includingMacros: true) { walker in
            for expr in exprs { walker.walk(expr, conditional: false) }
        }
    }

    private static func mentions(_ name: String, includingMacros: Bool, walking: (ASTWalker) -> Void) -> Bool {
        var found = false
        walking(ASTWalker(descendIntoMacros: includingMacros) { expr, _ in
            if !found, case .name(let candidate) = expr.kind, candidate == name { found = true }
        })
        return found
    }
}
