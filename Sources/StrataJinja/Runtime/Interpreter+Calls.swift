import StrataDiagnostics

extension Interpreter {
    /// Evaluates `callee(arguments)`; method calls on builtin values and host objects skip building a bound method.
    func evalCall(
        _ callee: Expr, _ arguments: CallArguments, span: SourceSpan, extraKeyword: (String, Value)? = nil
    ) throws -> Value {
        let site = CallSite(span: span, arguments: arguments)
        if case .attribute(let baseExpr, let name) = callee.kind {
            let base = try eval(baseExpr)
            if case .object(let object) = base {
                let values = try evalArguments(arguments, extraKeyword)
                let result = try hostCall(name, site) { try object.callMethod(name, values, context: context(site)) }
                if let result { return result }
                return try call(
                    try attribute(of: base, name, baseSpan: baseExpr.span), values, site: site, calleeSpan: callee.span)
            }
            if BuiltinMethods.has(name, on: base) {
                let values = try evalArguments(arguments, extraKeyword)
                return try hostCall(name, site) { try BuiltinMethods.call(base, name, values, context: context(site)) }
            }
            let function = try attribute(of: base, name, baseSpan: baseExpr.span)
            return try call(function, try evalArguments(arguments, extraKeyword), site: site, calleeSpan: callee.span)
        }
        let function = try eval(callee)
        if case .undefined(let undefined) = function { throw undefinedError(undefined, at: callee.span) }
        return try call(function, try evalArguments(arguments, extraKeyword), site: site, calleeSpan: callee.span)
    }

    /// Calls any callable value with evaluated arguments.
    func call(_ function: Value, _ arguments: Arguments, site: CallSite, calleeSpan: SourceSpan? = nil) throws -> Value
    {
        switch function {
        case .function(let host):
            return try hostCall(host.name, site) { try host.body(arguments, context(site)) }
        case .macro(let macro):
            return try callMacro(macro, arguments, site: site)
        case .object(let object) where object.isCallable:
            return try hostCall(object.typeName, site) { try object.call(arguments, context: context(site)) }
        case .undefined(let undefined):
            throw undefinedError(undefined, at: calleeSpan ?? site.span)
        default:
            throw Diagnostic.error(
                .jinjaNotCallable, "'\(function.typeName)' object is not callable", in: file,
                at: calleeSpan ?? site.span)
        }
    }

    func context(_ site: CallSite) -> CallContext { CallContext(interpreter: self, site: site) }

    /// Runs host code, turning its errors into diagnostics at the call site.
    func hostCall<Result>(_ name: String, _ site: CallSite, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as TemplateError {
            throw diagnostic(error, at: site.span, arguments: site.arguments)
        } catch let error as Diagnostic {
            throw error
        } catch let signal as ReturnSignal {
            throw signal
        } catch {
            throw Diagnostic.error(.jinjaHostFailure, "'\(name)' failed: \(error)", in: file, at: site.span)
        }
    }

    /// Evaluates call arguments, spreading `*args` and `**kwargs`.
    func evalArguments(_ arguments: CallArguments, _ extraKeyword: (String, Value)? = nil) throws -> Arguments {
        var result = Arguments()
        if arguments.isEmpty, extraKeyword == nil { return result }
        result.positional.reserveCapacity(arguments.positional.count)
        for expr in arguments.positional { result.positional.append(try eval(expr)) }
        if let star = arguments.star {
            let spread = try eval(star)
            result.positional += try located(star.span) { () throws(TemplateError) in try spread.iterationItems() }
        }
        for (name, expr) in arguments.keywords { result.keywords.append((name, try eval(expr))) }
        if let doubleStar = arguments.doubleStar {
            guard case .dict(let dict) = try eval(doubleStar) else {
                throw Diagnostic.error(
                    .jinjaTypeError, "argument after ** must be a dict", in: file, at: doubleStar.span)
            }
            for (key, value) in dict.entries { result.keywords.append((key.renderedString, value)) }
        }
        if let extraKeyword { result.keywords.append(extraKeyword) }
        return result
    }

    // MARK: Filters and tests

    func applyFilter(_ filter: FilterCall, to value: Value) throws -> Value {
        guard let function = environment.filter(named: filter.name) else {
            throw Diagnostic.error(
                .jinjaUnknownFilter, "unknown filter '\(filter.name)'", in: file, at: filter.nameSpan,
                label: "no filter with this name",
                help: EditDistance.suggestionHelp(for: filter.name, among: environment.filterNames))
        }
        if case .undefined(let undefined) = value, environment.options.undefined == .strict,
            filter.name != "default", filter.name != "d"
        {
            throw undefinedError(undefined, at: filter.span)
        }
        let arguments = try evalArguments(filter.arguments)
        let site = CallSite(span: filter.span, arguments: filter.arguments)
        return try hostCall(filter.name, site) { try function(value, arguments, context(site)) }
    }

    func applyTest(_ test: TestCall, to value: Value) throws -> Bool {
        guard let function = environment.test(named: test.name) else {
            throw Diagnostic.error(
                .jinjaUnknownTest, "unknown test '\(test.name)'", in: file, at: test.nameSpan,
                label: "no test with this name",
                help: EditDistance.suggestionHelp(for: test.name, among: environment.testNames))
        }
        let arguments = try evalArguments(test.arguments)
        let site = CallSite(span: test.nameSpan, arguments: test.arguments)
        let result = try hostCall(test.name, site) { try function(value, arguments, context(site)) }
        return result != test.negated
    }
}
