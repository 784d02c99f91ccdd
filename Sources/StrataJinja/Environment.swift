public import StrataDiagnostics

/// Loads a template by name for `include`, `import` and `from … import`; returns nil when there is none.
public typealias TemplateLoader = @Sendable (_ name: String) throws -> Template?

/// The registry of globals, filters, tests and macros, plus the options every render uses.
///
/// Set it up once, then treat it as immutable: it is a `Sendable` value, so many renders can run on several threads
/// at once. Anything specific to one render (a `ref` that records what one model uses) goes into the per-render
/// `globals` or `userData` of `render(_:globals:userData:)`.
public struct Environment: Sendable {
    /// Behaviour switches.
    public struct Options: Sendable {
        /// How template source is read.
        public var parse: ParseOptions
        /// What using an undefined value does.
        public var undefined: UndefinedBehavior
        /// Whether the `return(value)` builtin exists (a dbt-style extension that ends a macro with a value).
        public var enableReturn: Bool
        /// How deeply macros may call each other before the render fails.
        public var maxRecursionDepth: Int

        /// Creates options with Jinja2's defaults.
        public init(
            parse: ParseOptions = ParseOptions(),
            undefined: UndefinedBehavior = .lenient,
            enableReturn: Bool = false,
            maxRecursionDepth: Int = 200
        ) {
            self.parse = parse
            self.undefined = undefined
            self.enableReturn = enableReturn
            self.maxRecursionDepth = maxRecursionDepth
        }
    }

    /// Behaviour switches.
    public var options: Options
    /// Globals visible to every render (builtins such as `range` included).
    public private(set) var globals: [String: Value]
    private(set) var filters: [String: FilterFunction]
    private(set) var tests: [String: TestFunction]
    /// Macros callable from every render.
    public var macros: MacroLibrary
    /// Resolves `include` and `import`; nil disables them.
    public var loader: TemplateLoader?

    /// Creates an environment with the builtin globals, filters and tests.
    public init(options: Options = Options()) {
        self.options = options
        self.globals = BuiltinGlobals.all
        self.filters = BuiltinFilters.all
        self.tests = BuiltinTests.all
        self.macros = MacroLibrary()
        self.loader = nil
    }

    /// Registers a global value, replacing any value of that name.
    public mutating func addGlobal(_ name: String, _ value: Value) { globals[name] = value }

    /// Registers a host function as a global.
    /// - Parameters:
    ///   - name: the name templates call.
    ///   - body: the implementation; throw `TemplateError` to report a problem at the call site.
    public mutating func addFunction(_ name: String, _ body: @escaping HostFunction.Body) {
        globals[name] = .function(HostFunction(name: name, body: body))
    }

    /// Registers a filter, replacing any filter of that name.
    public mutating func addFilter(_ name: String, _ filter: @escaping FilterFunction) { filters[name] = filter }

    /// Registers a test, replacing any test of that name.
    public mutating func addTest(_ name: String, _ test: @escaping TestFunction) { tests[name] = test }

    /// The registered filter names, sorted.
    public var filterNames: [String] { filters.keys.sorted() }

    /// The registered test names, sorted.
    public var testNames: [String] { tests.keys.sorted() }

    func filter(named name: String) -> FilterFunction? { filters[name] }

    func test(named name: String) -> TestFunction? { tests[name] }

    /// Parses a template with this environment's parse options.
    /// - Throws: a `J1xxx` diagnostic.
    public func parse(_ file: SourceFile) throws(Diagnostic) -> Template {
        try Template.parse(file, options: options.parse)
    }

    /// Renders a template.
    /// - Parameters:
    ///   - template: the template to render.
    ///   - globals: variables for this render only, layered over the environment's globals.
    ///   - lazyGlobals: more such variables, each made only if the render reads it.
    ///   - userData: any value host functions can read back through `CallContext.userData`.
    /// - Returns: the text and its source map.
    /// - Throws: a `Diagnostic` (`J2xxx`, or a host's code) pointing at the failing expression.
    public func render(
        _ template: Template, globals: [String: Value] = [:], lazyGlobals: [(name: String, value: LazyValue)] = [],
        userData: (any Sendable)? = nil
    ) throws(Diagnostic) -> RenderOutput {
        let interpreter = Interpreter(environment: self, globals: globals, lazyGlobals: lazyGlobals, userData: userData, root: template.file)
        return try interpreter.run { try interpreter.renderRoot(template) }
    }

    /// Calls a macro of the library from Swift.
    /// - Parameters:
    ///   - name: the macro name.
    ///   - namespace: its namespace; nil for the root namespace.
    ///   - arguments: the arguments.
    ///   - globals: variables for this call only, layered over the environment's globals.
    ///   - userData: any value host functions can read back through `CallContext.userData`.
    /// - Returns: the macro's rendered text as a string, or the value it passed to `return()`.
    /// - Throws: a `Diagnostic`; `J2001` when there is no such macro.
    public func callMacro(
        _ name: String, namespace: String? = nil, arguments: Arguments = Arguments(),
        globals: [String: Value] = [:], userData: (any Sendable)? = nil
    ) throws(Diagnostic) -> Value {
        guard let macro = macros.macro(named: name, namespace: namespace) else {
            let place = namespace.map { " in namespace '\($0)'" } ?? ""
            throw Diagnostic(
                code: .jinjaUndefined, message: "no macro named '\(name)'\(place)",
                help: EditDistance.suggestionHelp(for: name, among: macros.names(in: namespace)))
        }
        let interpreter = Interpreter(environment: self, globals: globals, userData: userData, root: macro.file)
        return try interpreter.run { try interpreter.callMacro(macro, arguments, site: nil) }
    }
}
