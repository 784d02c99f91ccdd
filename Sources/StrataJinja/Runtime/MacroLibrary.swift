public import StrataDiagnostics

/// Macros collected from many template files, callable from any render that uses the environment.
///
/// Macros live in namespaces: the root namespace (nil), reachable by bare name (`cents_to_dollars(x)`), and named
/// namespaces reachable as attributes (`utils.star(x)`). Inside a macro from a named namespace, bare names look in
/// that namespace first, so a package's macros call each other without qualification.
public struct MacroLibrary: Sendable {
    private var storage: [String: [String: Macro]] = [:]
    private static let rootKey = ""

    /// Creates an empty library.
    public init() {}

    /// Adds every top-level macro of a template.
    /// - Parameters:
    ///   - template: a parsed macro file.
    ///   - namespace: the namespace to add to; nil for the root namespace.
    ///   - replacing: whether a macro may replace one already registered under the same name.
    /// - Throws: a `J1010` diagnostic when a name is taken and `replacing` is false.
    public mutating func add(_ template: Template, namespace: String? = nil, replacing: Bool = false) throws(Diagnostic)
    {
        for macro in template.macros { try add(macro, namespace: namespace, replacing: replacing) }
        for block in template.namedBlocks {
            if let macro = block.macro, !template.macros.contains(where: { $0.definition === macro.definition }) {
                try add(macro, namespace: namespace, replacing: replacing)
            }
        }
    }

    /// Adds one macro.
    /// - Parameters:
    ///   - macro: the macro, e.g. from `Template.macros`.
    ///   - namespace: the namespace to add to; nil for the root namespace.
    ///   - replacing: whether it may replace a macro already registered under the same name.
    /// - Throws: a `J1010` diagnostic when the name is taken and `replacing` is false.
    public mutating func add(_ macro: Macro, namespace: String? = nil, replacing: Bool = false) throws(Diagnostic) {
        let key = namespace ?? Self.rootKey
        if !replacing, let existing = storage[key]?[macro.name] {
            let place = namespace.map { " in namespace '\($0)'" } ?? ""
            var diagnostic = Diagnostic.error(
                .jinjaDuplicateMacro, "macro '\(macro.name)' is defined more than once\(place)", in: macro.file,
                at: macro.span, label: "second definition",
                help: "rename one of the macros or remove the duplicate")
            diagnostic.secondary = [Label(file: existing.file, span: existing.span, text: "first defined here")]
            throw diagnostic
        }
        var registered = Macro(definition: macro.definition, closure: nil, namespace: namespace)
        registered.namespace = namespace
        storage[key, default: [:]][macro.name] = registered
    }

    /// The macro with a name in a namespace.
    /// - Parameters:
    ///   - name: the macro name.
    ///   - namespace: the namespace; nil for the root namespace.
    /// - Returns: the macro, or nil.
    public func macro(named name: String, namespace: String? = nil) -> Macro? {
        storage[namespace ?? Self.rootKey]?[name]
    }

    /// Whether a macro with that name exists in the namespace.
    public func contains(_ name: String, namespace: String? = nil) -> Bool {
        macro(named: name, namespace: namespace) != nil
    }

    /// The macro names of a namespace, sorted.
    public func names(in namespace: String? = nil) -> [String] {
        (storage[namespace ?? Self.rootKey]?.keys).map { $0.sorted() } ?? []
    }

    /// The named namespaces, sorted.
    public var namespaces: [String] { storage.keys.filter { !$0.isEmpty }.sorted() }

    /// Whether there are no macros at all.
    public var isEmpty: Bool { storage.values.allSatisfy(\.isEmpty) }

    /// Looks a bare name up: first in `preferred` (the namespace of the running macro), then in the root.
    func lookup(_ name: String, preferring preferred: String?) -> Macro? {
        if let preferred, let macro = storage[preferred]?[name] { return macro }
        return storage[Self.rootKey]?[name]
    }

    /// Whether a named namespace exists.
    func hasNamespace(_ name: String) -> Bool { !name.isEmpty && storage[name] != nil }

    /// The names reachable without qualification from a namespace, for suggestions.
    func visibleNames(from preferred: String?) -> [String] {
        names(in: nil) + (preferred.map { names(in: $0) } ?? []) + namespaces
    }
}

/// A named macro namespace seen from a template: `utils.star(...)` reads the attribute `star`.
struct MacroNamespace: JinjaObject {
    let name: String
    let library: MacroLibrary

    var typeName: String { "namespace '\(name)'" }

    func attribute(_ attribute: String) -> Value? {
        library.macro(named: attribute, namespace: name).map(Value.macro)
    }

    var attributeNames: [String] { library.names(in: name) }

    var renderedString: String { "<macro namespace '\(name)'>" }
}
