public import StrataDiagnostics

/// What a host function, filter, test or object method learns about the call it is serving, and how it can reach
/// back into the running render.
///
/// Valid only during the call; do not store it.
public struct CallContext {
    let interpreter: Interpreter
    let site: CallSite

    init(interpreter: Interpreter, site: CallSite) {
        self.interpreter = interpreter
        self.site = site
    }

    /// The file containing the call: the rendered template, or the file of the macro making the call.
    public var file: SourceFile { interpreter.file }

    /// The span of the call expression (or of the filter or test name and its arguments).
    public var span: SourceSpan { site.span }

    /// The span of a positional argument as written, if it was written out (not spread from `*args`).
    public func argumentSpan(_ index: Int) -> SourceSpan? {
        guard let arguments = site.arguments, index >= 0, index < arguments.positional.count else { return nil }
        return arguments.positional[index].span
    }

    /// The file of the template being rendered (where output goes).
    public var rootFile: SourceFile { interpreter.rootFile }

    /// The environment of the render.
    public var environment: Environment { interpreter.environment }

    /// The value passed as `userData` to the render.
    public var userData: (any Sendable)? { interpreter.userData }

    /// The macros being executed, outermost first, each with the file and span of its call.
    public var callStack: [(macro: String, file: SourceFile, span: SourceSpan?)] {
        interpreter.frames.map { ($0.name, $0.callerFile, $0.site?.span) }
    }

    /// Resolves a name as the template would at the call site (locals, per-render globals, globals, macros).
    /// - Returns: the value, or an undefined value.
    public func lookup(_ name: String) -> Value {
        interpreter.lookup(name) ?? .undefined(Undefined(name: name))
    }

    /// Calls a callable value (a macro, a host function, a callable object) with arguments.
    /// - Returns: the call's result; macros return their rendered text or the value given to `return()`.
    /// - Throws: a `Diagnostic` from the callee, already located in its file.
    public func call(_ callable: Value, _ arguments: Arguments = Arguments()) throws -> Value {
        try interpreter.call(callable, arguments, site: site)
    }

    /// Applies a registered filter.
    /// - Throws: `TemplateError` when no filter has that name, or the filter's own error.
    public func applyFilter(_ name: String, to value: Value, _ arguments: Arguments = Arguments()) throws -> Value {
        guard let filter = interpreter.environment.filter(named: name) else {
            throw TemplateError(.jinjaUnknownFilter, "unknown filter '\(name)'")
        }
        return try filter(value, arguments, self)
    }

    /// Applies a registered test.
    /// - Throws: `TemplateError` when no test has that name, or the test's own error.
    public func applyTest(_ name: String, to value: Value, _ arguments: Arguments = Arguments()) throws -> Bool {
        guard let test = interpreter.environment.test(named: name) else {
            throw TemplateError(.jinjaUnknownTest, "unknown test '\(name)'")
        }
        return try test(value, arguments, self)
    }

    /// Whether the render treats undefined values strictly.
    var isStrict: Bool { interpreter.environment.options.undefined == .strict }
}
