public import StrataDiagnostics

/// A call to a named function found in a template's syntax tree, without rendering it.
///
/// Hosts use it to read `config(...)` and `ref(...)` calls at parse time; arguments are available as values when
/// they are literals.
public struct StaticCall: Sendable {
    /// A keyword argument as written.
    public struct Keyword: Sendable {
        /// The keyword.
        public let name: String
        /// The value when it is a literal, otherwise nil.
        public let value: Value?
        /// Where the value is written.
        public let span: SourceSpan
    }

    /// The callee as written: `ref`, or a dotted path such as `utils.star`.
    public let name: String
    /// The file the call is in.
    public let file: SourceFile
    /// The whole call expression, from the callee to the closing parenthesis.
    public let span: SourceSpan
    /// Positional arguments: the value when it is a literal, otherwise nil.
    public let arguments: [Value?]
    /// Where each positional argument is written.
    public let argumentSpans: [SourceSpan]
    /// Keyword arguments in source order.
    public let keywords: [Keyword]
    /// Whether `*args` or `**kwargs` pass arguments that cannot be known statically.
    public let hasSpreadArguments: Bool
    /// Whether the call runs on every render: not inside `if`, `for`, a macro, a call block, or a conditional
    /// branch of an expression (`a if c else b`, the right side of `and` / `or`).
    public let isUnconditional: Bool

    /// The literal value of a keyword argument; nil when absent or not a literal.
    public func keyword(_ name: String) -> Value? {
        keywords.first { $0.name == name }?.value
    }
}

/// Static analysis of templates.
public enum TemplateAnalysis {
    /// The calls to any of the given function names anywhere in a template, in source order.
    /// - Parameters:
    ///   - template: the parsed template.
    ///   - names: callee names, including dotted ones such as `utils.star`.
    /// - Returns: every matching call, including those inside macros and conditional blocks.
    public static func calls(in template: Template, named names: Set<String>) -> [StaticCall] {
        var calls: [StaticCall] = []
        ASTWalker { expr, conditional in
            guard case .call(let callee, let arguments) = expr.kind, let name = dottedName(callee),
                names.contains(name)
            else { return }
            calls.append(
                StaticCall(
                    name: name, file: template.file, span: expr.span,
                    arguments: arguments.positional.map(\.literalValue),
                    argumentSpans: arguments.positional.map(\.span),
                    keywords: arguments.keywords.map {
                        .init(name: $0.name, value: $0.value.literalValue, span: $0.value.span)
                    },
                    hasSpreadArguments: arguments.star != nil || arguments.doubleStar != nil,
                    isUnconditional: !conditional))
        }.walk(template.nodes, conditional: false)
        return calls.sorted { $0.span.start < $1.span.start }
    }

    /// `name` or `a.b.c` for a callee made only of names and attributes.
    static func dottedName(_ expr: Expr) -> String? {
        switch expr.kind {
        case .name(let name): return name
        case .attribute(let base, let name): return dottedName(base).map { "\($0).\(name)" }
        default: return nil
        }
    }
}

extension Template {
    /// The calls to any of the given function names anywhere in the template, in source order.
    /// - Parameter names: callee names, including dotted ones such as `utils.star`.
    /// - Returns: every matching call with literal arguments and whether it runs unconditionally.
    public func staticCalls(named names: Set<String>) -> [StaticCall] {
        TemplateAnalysis.calls(in: self, named: names)
    }
}
