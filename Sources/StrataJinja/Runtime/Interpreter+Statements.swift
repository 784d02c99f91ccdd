import StrataDiagnostics

extension Interpreter {
    /// Executes statements in order; returns early when a `break` or `continue` must reach the enclosing loop.
    func exec(_ nodes: [Node]) throws -> Flow {
        for node in nodes {
            switch node {
            case .text(let span):
                writeText(span)
            case .output(let expr, let tag):
                try writeValue(try eval(expr), tag: tag, span: expr.span)
            case .ifBlock(let branches, let otherwise):
                let flow = try execIf(branches, otherwise)
                if flow != .normal { return flow }
            case .forLoop(let loop):
                try execFor(loop)
            case .set(let target, let expr, _):
                try assign(target, try eval(expr))
            case .setBlock(let target, let filters, let body, _):
                let flow = try execSetBlock(target, filters, body)
                if flow != .normal { return flow }
            case .macro(let definition):
                scope.set(definition.name, .macro(Macro(definition: definition, closure: scope, namespace: namespace)))
            case .callBlock(let call, let caller, let tag):
                try execCallBlock(call, caller, tag: tag)
            case .filterBlock(let filters, let body, let tag):
                let flow = try execFilterBlock(filters, body, tag: tag)
                if flow != .normal { return flow }
            case .expression(let expr, _):
                _ = try eval(expr)
            case .loopControl(let isBreak, _):
                return isBreak ? .breakLoop : .continueLoop
            case .with(let assignments, let body, _):
                let flow = try execWith(assignments, body)
                if flow != .normal { return flow }
            case .include(let name, let ignoreMissing, let withContext, let tag):
                try execInclude(name, ignoreMissing: ignoreMissing, withContext: withContext, tag: tag)
            case .importModule(let name, let alias, let withContext, let tag):
                scope.set(alias, .object(try importModule(name, withContext: withContext, tag: tag)))
            case .fromImport(let name, let names, let withContext, let tag):
                try execFromImport(name, names, withContext: withContext, tag: tag)
            }
        }
        return .normal
    }

    private func execIf(_ branches: [(condition: Expr, body: [Node])], _ otherwise: [Node]?) throws -> Flow {
        for branch in branches where try truthy(try eval(branch.condition), branch.condition.span) {
            return try exec(branch.body)
        }
        if let otherwise { return try exec(otherwise) }
        return .normal
    }

    private func execFor(_ loop: ForLoop) throws {
        let iterable = try eval(loop.iterable)
        if case .undefined(let undefined) = iterable, environment.options.undefined == .strict {
            throw undefinedError(undefined, at: loop.iterable.span)
        }
        var items = try located(loop.iterable.span) { () throws(TemplateError) in try iterable.iterationItems() }
        let loopScope = Scope(parent: scope)
        try withScope(loopScope) {
            if let filter = loop.filter {
                items = try items.filter { item in
                    loopScope.clear()
                    try assign(loop.target, item)
                    return try truthy(try eval(filter), filter.span)
                }
            }
            if items.isEmpty {
                if let otherwise = loop.otherwise { _ = try exec(otherwise) }
                return
            }
            let changes = loop.usesLoop ? LoopChangeTracker() : nil
            for index in items.indices {
                loopScope.clear()
                try assign(loop.target, items[index])
                if let changes {
                    loopScope.set("loop", .object(LoopObject(index0: index, items: items, changes: changes)))
                }
                if try exec(loop.body) == .breakLoop { break }
            }
        }
    }

    private func execSetBlock(_ target: AssignTarget, _ filters: [FilterCall], _ body: [Node]) throws -> Flow {
        let (text, flow) = try withScope { try capture { try exec(body) } }
        var value = Value.string(text)
        for filter in filters { value = try applyFilter(filter, to: value) }
        try assign(target, value)
        return flow
    }

    private func execFilterBlock(_ filters: [FilterCall], _ body: [Node], tag: SourceSpan) throws -> Flow {
        let (text, flow) = try withScope { try capture { try exec(body) } }
        var value = Value.string(text)
        for filter in filters { value = try applyFilter(filter, to: value) }
        try writeValue(value, tag: tag, span: tag)
        return flow
    }

    private func execCallBlock(_ call: Expr, _ caller: MacroDefinition, tag: SourceSpan) throws {
        guard case .call(let callee, let arguments) = call.kind else { return }
        let callerValue = Value.macro(Macro(definition: caller, closure: scope, namespace: namespace))
        let result = try evalCall(callee, arguments, span: call.span, extraKeyword: ("caller", callerValue))
        try writeValue(result, tag: tag, span: call.span)
    }

    private func execWith(_ assignments: [(target: AssignTarget, value: Expr)], _ body: [Node]) throws -> Flow {
        var values: [Value] = []
        for assignment in assignments { values.append(try eval(assignment.value)) }
        return try withScope {
            for (assignment, value) in zip(assignments, values) { try assign(assignment.target, value) }
            return try exec(body)
        }
    }

    /// Binds a value to a name, unpacks it into a tuple of targets, or sets a namespace attribute.
    func assign(_ target: AssignTarget, _ value: Value) throws {
        switch target {
        case .name(let name, _):
            scope.set(name, value)
        case .tuple(let targets, let span):
            let items = try located(span) { () throws(TemplateError) in try value.iterationItems() }
            guard items.count == targets.count else {
                let problem = items.count > targets.count ? "too many" : "not enough"
                throw Diagnostic.error(
                    .jinjaValueError,
                    "\(problem) values to unpack (expected \(targets.count), got \(items.count))", in: file, at: span)
            }
            for (inner, item) in zip(targets, items) { try assign(inner, item) }
        case .namespaceAttribute(let name, let attribute, let span):
            guard case .object(let object)? = lookup(name), let namespace = object as? NamespaceObject else {
                throw Diagnostic.error(
                    .jinjaTypeError, "cannot assign attribute on non-namespace object '\(name)'", in: file, at: span,
                    help: "create it with '{% set \(name) = namespace() %}'")
            }
            namespace.set(attribute, value)
        }
    }
}
