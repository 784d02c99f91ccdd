public import StrataDiagnostics

/// A macro that can be called: defined with `{% macro %}` (or a macro-style named block) in some template.
///
/// Macros from a `MacroLibrary` render in their own file's context: errors inside them point into their file
/// and carry the call chain.
public struct Macro: Sendable {
    let definition: MacroDefinition
    /// The scope a macro defined during a render sees; nil for library macros, which see only globals.
    let closure: Scope?
    /// The library namespace the macro was registered in; nil for the root namespace or a local macro.
    public internal(set) var namespace: String?

    init(definition: MacroDefinition, closure: Scope? = nil, namespace: String? = nil) {
        self.definition = definition
        self.closure = closure
        self.namespace = namespace
    }

    /// The macro's name (for `{% test x %}`-style blocks, including the prefix).
    public var name: String { definition.name }
    /// Parameter names in order.
    public var parameterNames: [String] { definition.parameters.map(\.name) }
    /// How many leading parameters have no default.
    public var requiredParameterCount: Int { definition.parameters.prefix { $0.defaultValue == nil }.count }
    /// The file the macro is defined in.
    public var file: SourceFile { definition.file }
    /// The macro's opening tag.
    public var span: SourceSpan { definition.tag }

    /// Whether calling the macro could read the value passed for `parameter`: its body (nested macros included)
    /// or a parameter default names it, or it reads `varargs`/`kwargs`. A caller may skip building an argument the
    /// macro never reads.
    public func mayRead(_ parameter: String) -> Bool {
        definition.usesVarargs || definition.usesKwargs
            || NameScan.mentions(parameter, in: definition.body, includingMacros: true)
            || NameScan.mentions(parameter, in: definition.parameters.compactMap(\.defaultValue))
    }
}
