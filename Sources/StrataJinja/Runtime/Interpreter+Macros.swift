import StrataDiagnostics

extension Interpreter {
    /// Calls a macro: binds arguments like Jinja2, renders the body in the macro's file and namespace, and returns
    /// the captured text, or the value given to `return()`.
    ///
    /// Diagnostics leaving the macro get a note naming the macro and the call site, building the call chain.
    /// - Parameter site: the call in the template, or nil when Swift calls the macro directly.
    func callMacro(_ macro: Macro, _ arguments: Arguments, site: CallSite?) throws -> Value {
        let definition = macro.definition
        let callerFile = file
        guard frames.count < environment.options.maxRecursionDepth else {
            throw Diagnostic.error(
                .jinjaRecursionLimit,
                "macro '\(definition.name)' nested more than \(environment.options.maxRecursionDepth) calls deep",
                in: file, at: site?.span ?? definition.tag, help: "check for a macro that calls itself without end")
        }
        let macroScope = Scope(parent: macro.closure)
        let unbound = try bindArguments(definition, arguments, into: macroScope, site: site)
        let saved = (file, namespace, scope)
        (file, namespace, scope) = (definition.file, macro.namespace, macroScope)
        frames.append(Frame(name: definition.name, site: site, callerFile: callerFile))
        defer {
            (file, namespace, scope) = saved
            frames.removeLast()
            macroScope.clear()
        }
        do {
            for parameter in unbound {
                let value =
                    try parameter.defaultValue.map(eval)
                    ?? .undefined(
                        Undefined(name: parameter.name, hint: "parameter '\(parameter.name)' was not provided"))
                macroScope.set(parameter.name, value)
            }
            return .string(try capture { try exec(definition.body) }.text)
        } catch let signal as ReturnSignal {
            return signal.value
        } catch var diagnostic as Diagnostic {
            if let site {
                let location = callerFile.location(of: site.span.start)
                diagnostic.notes.append("in macro '\(definition.name)' called from \(callerFile.path):\(location)")
            }
            throw diagnostic
        }
    }

    /// Binds positional and keyword arguments; surplus ones go to `varargs` / `kwargs` when the body uses them.
    /// - Returns: the parameters left unbound, whose defaults are evaluated inside the macro.
    private func bindArguments(
        _ definition: MacroDefinition, _ arguments: Arguments, into macroScope: Scope, site: CallSite?
    ) throws -> [MacroDefinition.Parameter] {
        let parameters = definition.parameters
        let positional = arguments.positional
        func fail(_ message: String) -> Diagnostic {
            Diagnostic.error(.jinjaArguments, message, in: file, at: site?.span ?? definition.tag)
        }
        if positional.count > parameters.count, !definition.usesVarargs {
            throw fail(
                "macro '\(definition.name)' takes not more than \(parameters.count) argument(s), got \(positional.count)"
            )
        }
        var bound = [Bool](repeating: false, count: parameters.count)
        for (index, value) in zip(parameters.indices, positional) {
            macroScope.set(parameters[index].name, value)
            bound[index] = true
        }
        var extraKeywords: [(Value, Value)] = []
        var caller: Value?
        for (name, value) in arguments.keywords {
            if let index = parameters.firstIndex(where: { $0.name == name }) {
                guard !bound[index] else {
                    throw fail("macro '\(definition.name)' got multiple values for argument '\(name)'")
                }
                bound[index] = true
                macroScope.set(name, value)
            } else if name == "caller", definition.usesCaller {
                caller = value
            } else if definition.usesKwargs {
                extraKeywords.append((.string(name), value))
            } else {
                throw fail("macro '\(definition.name)' takes no keyword argument '\(name)'")
            }
        }
        if definition.usesVarargs { macroScope.set("varargs", .tuple(Array(positional.dropFirst(parameters.count)))) }
        if definition.usesKwargs { macroScope.set("kwargs", .dict(DictBox(extraKeywords))) }
        if definition.usesCaller {
            macroScope.set("caller", caller ?? .undefined(Undefined(name: "caller", hint: "no caller defined")))
        }
        return zip(parameters, bound).compactMap { $1 ? nil : $0 }
    }

    // MARK: include and import

    private func loadTemplate(_ nameExpr: Expr, ignoreMissing: Bool) throws -> Template? {
        let nameValue = try eval(nameExpr)
        let names = nameValue.listItems ?? [nameValue]
        guard let loader = environment.loader else {
            throw Diagnostic.error(
                .jinjaTemplateNotFound, "cannot load '\(nameValue.renderedString)': no template loader is configured",
                in: file, at: nameExpr.span)
        }
        for name in names {
            let template = try hostCall("loader", CallSite(span: nameExpr.span)) { try loader(name.renderedString) }
            if let template { return template }
        }
        if ignoreMissing { return nil }
        throw Diagnostic.error(
            .jinjaTemplateNotFound, "template '\(nameValue.renderedString)' not found", in: file, at: nameExpr.span)
    }

    func execInclude(_ nameExpr: Expr, ignoreMissing: Bool, withContext: Bool, tag: SourceSpan) throws {
        guard let template = try loadTemplate(nameExpr, ignoreMissing: ignoreMissing) else { return }
        let text = try runModule(template, withContext: withContext, site: CallSite(span: tag), keepScope: false).text
        try writeValue(.string(text), tag: tag, span: tag)
    }

    func importModule(_ nameExpr: Expr, withContext: Bool, tag: SourceSpan) throws -> any JinjaObject {
        guard let template = try loadTemplate(nameExpr, ignoreMissing: false) else { return ModuleObject(exports: [:]) }
        let moduleScope = try runModule(template, withContext: withContext, site: CallSite(span: tag), keepScope: true)
        return ModuleObject(exports: moduleScope.scope.variables)
    }

    func execFromImport(
        _ nameExpr: Expr, _ names: [(name: String, alias: String)], withContext: Bool, tag: SourceSpan
    ) throws {
        let module = try importModule(nameExpr, withContext: withContext, tag: tag)
        for (name, alias) in names {
            guard let value = module.attribute(name) else {
                throw Diagnostic.error(
                    .jinjaUndefined, "the imported template does not export '\(name)'", in: file, at: tag,
                    help: EditDistance.suggestionHelp(for: name, among: module.attributeNames))
            }
            scope.set(alias, value)
        }
    }

    /// Executes another template's top level in a fresh scope (seeing the current variables when `withContext`).
    private func runModule(
        _ template: Template, withContext: Bool, site: CallSite, keepScope: Bool
    ) throws -> (text: String, scope: Scope) {
        let moduleScope = Scope(parent: withContext ? scope : nil)
        if keepScope { moduleScopes.append(moduleScope) }
        let saved = (file, namespace, scope)
        (file, namespace, scope) = (template.file, nil, moduleScope)
        frames.append(Frame(name: template.file.path, site: site, callerFile: saved.0))
        defer {
            (file, namespace, scope) = saved
            frames.removeLast()
            if !keepScope { moduleScope.clear() }
        }
        do {
            return (try capture { try exec(template.nodes) }.text, moduleScope)
        } catch var diagnostic as Diagnostic {
            let location = saved.0.location(of: site.span.start)
            diagnostic.notes.append("in template '\(template.file.path)' included from \(saved.0.path):\(location)")
            throw diagnostic
        }
    }
}

/// The exported names of an imported template: its macros and top-level variables.
struct ModuleObject: JinjaObject {
    let exports: [String: Value]

    var typeName: String { "module" }
    func attribute(_ name: String) -> Value? { exports[name] }
    var attributeNames: [String] { Array(exports.keys) }
}
