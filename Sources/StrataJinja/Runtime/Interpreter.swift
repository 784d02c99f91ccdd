import StrataDiagnostics

/// Executes a template's syntax tree: one instance per render, used on one thread.
///
/// Output of the root template goes into `output` with a source map; macro bodies, `set` blocks, `filter` blocks
/// and call-block bodies are captured into temporary strings instead, so only root-template nodes ever write
/// mapped output.
final class Interpreter {
    let environment: Environment
    let globals: [String: Value]
    /// Per-render variables made on first read. A few at most: looked through by name, so a name that is not one
    /// of them costs no hashing.
    let lazyGlobals: [(name: String, value: LazyValue)]
    let userData: (any Sendable)?
    let rootFile: SourceFile
    // The mutable state below is read and written on every node. An interpreter runs on one thread and never holds
    // two accesses to one property at once, so dynamic exclusivity checks (a thread-local lookup per access, about
    // a tenth of render time) are turned off for it.

    /// The file of the code being executed: the root template, or the file of the running macro.
    @exclusivity(unchecked) var file: SourceFile
    /// The library namespace of the running macro.
    @exclusivity(unchecked) var namespace: String?
    @exclusivity(unchecked) var scope: Scope
    @exclusivity(unchecked) var output: OutputBuffer
    /// The macro call stack, innermost last.
    @exclusivity(unchecked) var frames: [Frame] = []
    /// Module scopes of imported templates; cleared when the render ends.
    var moduleScopes: [Scope] = []

    struct Frame {
        var name: String
        var site: CallSite?
        var callerFile: SourceFile
    }

    init(
        environment: Environment, globals: [String: Value], lazyGlobals: [(name: String, value: LazyValue)] = [],
        userData: (any Sendable)?, root: SourceFile
    ) {
        self.environment = environment
        self.globals = globals
        self.lazyGlobals = lazyGlobals
        self.userData = userData
        self.rootFile = root
        self.file = root
        self.scope = Scope(parent: nil)
        self.output = OutputBuffer(rootFile: root)
    }

    /// Runs a render step, turning every error into a `Diagnostic` and releasing scopes afterwards.
    func run<Result>(_ body: () throws -> Result) throws(Diagnostic) -> Result {
        defer {
            scope.clear()
            for module in moduleScopes { module.clear() }
        }
        do {
            return try body()
        } catch var diagnostic as Diagnostic {
            diagnostic.notes = Interpreter.collapsingRepeats(diagnostic.notes)
            throw diagnostic
        } catch let signal as ReturnSignal {
            throw Diagnostic.error(
                .jinjaReturnOutsideMacro, "return() called outside of a macro", in: signal.file, at: signal.span,
                help: "return() ends a macro; use it inside '{% macro %}'")
        } catch {
            throw Diagnostic(code: .jinjaHostFailure, message: "template rendering failed: \(error)")
        }
    }

    /// Folds runs of identical call-chain notes (deep recursion) into one note with a count.
    static func collapsingRepeats(_ notes: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < notes.count {
            var end = index + 1
            while end < notes.count, notes[end] == notes[index] { end += 1 }
            result.append(end - index > 1 ? "\(notes[index]) (\(end - index) times)" : notes[index])
            index = end
        }
        return result
    }

    func renderRoot(_ template: Template) throws -> RenderOutput {
        output.text.reserveCapacity(template.file.text.utf8.count + 256)
        _ = try exec(template.nodes)
        return RenderOutput(text: output.text, sourceMap: output.sourceMap)
    }

    // MARK: Output

    /// Copies literal text of the file being executed.
    func writeText(_ span: SourceSpan) {
        output.appendVerbatim(file.slice(span), span)
    }

    /// Prints a value produced by the tag at `tag`.
    func writeValue(_ value: Value, tag: SourceSpan, span: SourceSpan) throws {
        switch value {
        case .string(let string):
            if !string.isEmpty { output.appendGenerated(string, tag: tag) }
        case .undefined(let undefined):
            if environment.options.undefined == .strict { throw undefinedError(undefined, at: span) }
        default:
            output.appendGenerated(value.renderedString, tag: tag)
        }
    }

    /// Runs `body` with output redirected into a fresh string and returns that string.
    func capture(_ body: () throws -> Flow) throws -> (text: String, flow: Flow) {
        let saved = output.beginCapture()
        do {
            let flow = try body()
            return (output.endCapture(restoring: saved), flow)
        } catch {
            _ = output.endCapture(restoring: saved)
            throw error
        }
    }

    /// Runs `body` in a new child scope, which is cleared afterwards.
    func withScope<Result>(_ child: Scope? = nil, _ body: () throws -> Result) rethrows -> Result {
        let inner = child ?? Scope(parent: scope)
        let saved = scope
        scope = inner
        defer {
            scope = saved
            inner.clear()
        }
        return try body()
    }

    // MARK: Names

    /// Resolves a name: local scopes, per-render globals, environment globals, builtins, then library macros.
    func lookup(_ name: String) -> Value? {
        if let value = scope.lookup(name) { return value }
        if let value = globals[name] { return value }
        for lazy in lazyGlobals where lazy.name == name { return lazy.value.value }
        if let value = environment.globals[name] { return value }
        if name == "return", environment.options.enableReturn { return BuiltinGlobals.returnFunction }
        if let macro = environment.macros.lookup(name, preferring: namespace) { return .macro(macro) }
        if environment.macros.hasNamespace(name) {
            return .object(MacroNamespace(name: name, library: environment.macros))
        }
        return nil
    }

    /// Every name a template could mean, for suggestions.
    var knownNames: [String] {
        var names = scope.allNames + Array(globals.keys) + lazyGlobals.map(\.name) + Array(environment.globals.keys)
        names += environment.macros.visibleNames(from: namespace)
        if environment.options.enableReturn { names.append("return") }
        return names
    }

    // MARK: Errors

    func diagnostic(_ error: TemplateError, at span: SourceSpan, arguments: CallArguments? = nil) -> Diagnostic {
        var target = span
        switch error.target {
        case .call: break
        case .argument(let index):
            if let arguments, index < arguments.positional.count { target = arguments.positional[index].span }
        case .keyword(let name):
            if let keyword = arguments?.keywords.first(where: { $0.name == name }) { target = keyword.value.span }
        }
        return Diagnostic(
            .error, code: error.code, message: error.message,
            primary: Label(file: file, span: target, text: error.label),
            notes: error.notes, help: error.help)
    }

    /// The error for using an undefined value, with a "did you mean" suggestion.
    func undefinedError(_ undefined: Undefined, at span: SourceSpan) -> Diagnostic {
        let candidates: [String]
        switch undefined.ownerValue {
        case nil: candidates = undefined.hint == nil ? knownNames : []
        case .dict(let dict)?: candidates = dict.keys.compactMap(\.stringValue)
        case .object(let object)?: candidates = object.attributeNames
        default: candidates = []
        }
        return Diagnostic.error(
            .jinjaUndefined, undefined.message, in: file, at: span,
            help: EditDistance.suggestionHelp(for: undefined.name, among: candidates))
    }

    /// Runs an operation on values, placing any `TemplateError` at `span`.
    @inline(__always)
    func located<Result>(_ span: SourceSpan, _ body: () throws(TemplateError) -> Result) throws -> Result {
        do {
            return try body()
        } catch {
            throw diagnostic(error, at: span)
        }
    }
}

/// How a statement list ended: normally, or by `break` / `continue` that an enclosing loop handles.
enum Flow {
    case normal, breakLoop, continueLoop
}

/// Thrown by `return(value)` and caught by the innermost macro call.
struct ReturnSignal: Error {
    var value: Value
    var file: SourceFile
    var span: SourceSpan
}

/// Where a call happened in the template.
struct CallSite {
    var span: SourceSpan
    var arguments: CallArguments?
}
