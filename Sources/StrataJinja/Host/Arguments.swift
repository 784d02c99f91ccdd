import StrataDiagnostics

/// The evaluated arguments of a call: positional values, then keyword arguments in the order written.
public struct Arguments: Sendable {
    /// Positional arguments, with `*args` already spread.
    public var positional: [Value]
    /// Keyword arguments in source order, with `**kwargs` already spread.
    public var keywords: [(name: String, value: Value)]

    /// Creates an argument list.
    /// - Parameters:
    ///   - positional: positional values.
    ///   - keywords: keyword arguments in order.
    public init(_ positional: [Value] = [], keywords: [(name: String, value: Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    /// Whether there are no arguments at all.
    public var isEmpty: Bool { positional.isEmpty && keywords.isEmpty }

    /// The positional argument at an index, or nil.
    public subscript(index: Int) -> Value? {
        index >= 0 && index < positional.count ? positional[index] : nil
    }

    /// The keyword argument with a name, or nil.
    public subscript(keyword name: String) -> Value? {
        keywords.first { $0.name == name }?.value
    }

    /// Binds the arguments to named parameters the way Python binds a signature.
    ///
    /// - Parameters:
    ///   - function: the callee's name, for error messages.
    ///   - parameters: parameter names in positional order.
    ///   - required: how many leading parameters must be given.
    /// - Returns: one entry per parameter, nil where it was not given.
    /// - Throws: `TemplateError` for surplus positional arguments, unknown or repeated keywords, or missing
    ///   required parameters.
    public func bind(_ function: String, _ parameters: [String], required: Int = 0) throws(TemplateError) -> [Value?] {
        if positional.count > parameters.count {
            throw TemplateError(
                .jinjaArguments,
                "\(function)() takes at most \(parameters.count) argument\(parameters.count == 1 ? "" : "s") "
                    + "(\(positional.count) given)")
        }
        var bound = [Value?](repeating: nil, count: parameters.count)
        for (index, value) in positional.enumerated() { bound[index] = value }
        for (name, value) in keywords {
            guard let index = parameters.firstIndex(of: name) else {
                throw TemplateError(
                    .jinjaArguments, "\(function)() got an unexpected keyword argument '\(name)'",
                    help: EditDistance.suggestionHelp(for: name, among: parameters), target: .keyword(name))
            }
            if bound[index] != nil {
                throw TemplateError(.jinjaArguments, "\(function)() got multiple values for argument '\(name)'")
            }
            bound[index] = value
        }
        for index in 0..<min(required, parameters.count) where bound[index] == nil {
            throw TemplateError(.jinjaArguments, "\(function)() missing required argument '\(parameters[index])'")
        }
        return bound
    }
}
