public import StrataDiagnostics

/// Parses dbt's node selection syntax (`--select` / `--exclude` arguments) into a ``SelectionSpec``.
///
/// Each argument may hold several space-separated criteria (a union); a comma joins criteria into an
/// intersection. A criterion is `[@][N+][method[.arg…]:]value[+[N]]`; without a method, a value containing `/`
/// is a `path:`, one ending in `.sql`, `.py` or `.csv` is a `file:`, and anything else is an `fqn:`.
public enum SelectorParser {
    /// Parses selection arguments; `["a b,c"]` and `["a", "b,c"]` mean the same.
    /// - Parameter expressions: the arguments as given on the command line.
    /// - Returns: a union of intersections of criteria; empty input gives an empty spec.
    /// - Throws: `G4101` for an unknown method, `G4102` for malformed syntax such as `3+` or `@x+`, `G4103` for
    ///   an invalid value such as `resource_type:modle`.
    public static func parse(_ expressions: [String]) throws(Diagnostic) -> SelectionSpec {
        var groups: [SelectionSpec.Expression] = []
        for word in expressions.flatMap({ $0.split(whereSeparator: \.isWhitespace) }) {
            var parts: [SelectionSpec.Expression] = []
            for piece in word.split(separator: ",") {
                parts.append(.criterion(try parseCriterion(String(piece))))
            }
            if parts.count == 1 {
                groups.append(parts[0])
            } else if !parts.isEmpty {
                groups.append(.intersection(parts))
            }
        }
        return SelectionSpec(.union(groups))
    }

    /// Parses one criterion such as `+tag:nightly` or `models/staging+1`.
    /// - Parameter raw: the criterion text, without spaces or commas.
    /// - Returns: the criterion.
    /// - Throws: a `G41xx` diagnostic when it is malformed.
    public static func parseCriterion(_ raw: String) throws(Diagnostic) -> SelectionCriterion {
        var rest = Substring(raw)
        let childrensParents = rest.hasPrefix("@")
        if childrensParents { rest.removeFirst() }
        let parents = try takeLeadingOperator(&rest, raw: raw)
        let children = try takeTrailingOperator(&rest, raw: raw)
        if childrensParents, children != nil {
            throw malformed(raw, "the '@' prefix and a trailing '+' cannot be combined")
        }
        let (methodName, value) = splitMethod(rest)
        try checkValue(value, raw: raw)
        let (method, arguments) = try resolveMethod(methodName, value: value, raw: raw)
        let normalized = try SelectorValueRules.validate(method, arguments: arguments, value: value, raw: raw)
        return SelectionCriterion(
            raw: raw, method: method, methodArguments: arguments, value: normalized,
            childrensParents: childrensParents,
            parents: parents != nil, parentsDepth: parents ?? nil,
            children: children != nil, childrenDepth: children ?? nil)
    }

    /// Removes a leading `N+` or `+`; returns nil when absent, `.some(depth)` when present.
    private static func takeLeadingOperator(_ rest: inout Substring, raw: String) throws(Diagnostic) -> Int?? {
        let digits = rest.prefix(while: isASCIIDigit)
        let afterDigits = rest.dropFirst(digits.count)
        guard afterDigits.first == "+" else { return nil }
        rest = afterDigits.dropFirst()
        return .some(try depth(digits, raw: raw))
    }

    /// Removes a trailing `+` or `+N`; returns nil when absent, `.some(depth)` when present.
    private static func takeTrailingOperator(_ rest: inout Substring, raw: String) throws(Diagnostic) -> Int?? {
        let digits = rest.reversed().prefix(while: isASCIIDigit)
        let beforeDigits = rest.dropLast(digits.count)
        guard beforeDigits.last == "+" else { return nil }
        rest = beforeDigits.dropLast()
        return .some(try depth(Substring(String(digits.reversed())), raw: raw))
    }

    private static func depth(_ digits: Substring, raw: String) throws(Diagnostic) -> Int? {
        guard !digits.isEmpty else { return nil }
        guard let value = Int(digits) else { throw malformed(raw, "the depth '\(digits)' is too large") }
        return value
    }

    /// Splits `method.args:value`; the method part must look like dbt's `[\w.]+`, otherwise it is all value.
    private static func splitMethod(_ text: Substring) -> (method: Substring?, value: Substring) {
        guard let colon = text.firstIndex(of: ":") else { return (nil, text) }
        let method = text[..<colon]
        let isMethodLike = !method.isEmpty && method.allSatisfy { $0 == "_" || $0 == "." || $0.isLetter || $0.isNumber }
        return isMethodLike ? (method, text[text.index(after: colon)...]) : (nil, text)
    }

    private static func checkValue(_ value: Substring, raw: String) throws(Diagnostic) {
        if value.isEmpty {
            throw malformed(raw, "expected a node name or 'method:value' next to the graph operators")
        }
        if let stray = value.first(where: { $0 == "+" || $0 == "@" }) {
            throw malformed(raw, "unexpected '\(stray)' inside the selector value '\(value)'")
        }
    }

    private static func resolveMethod(
        _ name: Substring?, value: Substring, raw: String
    ) throws(Diagnostic) -> (SelectorMethod, [String]) {
        guard let name else { return (defaultMethod(for: value), []) }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let method = SelectorMethod(rawValue: parts[0]) else { throw unknownMethod(parts[0], raw: raw) }
        let arguments = Array(parts.dropFirst())
        if method == .config, arguments.isEmpty || arguments.contains("") {
            throw malformed(raw, "the config method needs a key, as in 'config.materialized:table'")
        }
        if method != .config, !arguments.isEmpty {
            throw malformed(raw, "the '\(method.rawValue)' method takes no '.\(arguments.joined(separator: "."))'")
        }
        return (method, arguments)
    }

    /// dbt's default method: a path when the value has a `/`, a file name for `.sql`/`.py`/`.csv`, else fqn.
    static func defaultMethod(for value: some StringProtocol) -> SelectorMethod {
        if value.contains("/") { return .path }
        let lowered = value.lowercased()
        if lowered.hasSuffix(".sql") || lowered.hasSuffix(".py") || lowered.hasSuffix(".csv") { return .file }
        return .fqn
    }

    private static func unknownMethod(_ name: String, raw: String) -> Diagnostic {
        let valid = SelectorMethod.allCases.map(\.rawValue).sorted()
        var notes = ["valid methods: " + valid.joined(separator: ", ")]
        if SelectorValueRules.unsupportedDBTMethods.contains(name) {
            notes.insert("'\(name)' is a dbt selector method that strata does not support yet", at: 0)
        }
        let suggestion = EditDistance.suggestion(for: name, among: valid)
        return Diagnostic(
            .error, code: "G4101", message: "unknown selector method '\(name)' in '\(raw)'",
            notes: notes, help: suggestion.map { "did you mean '\($0)'?" })
    }

    private static func isASCIIDigit(_ character: Character) -> Bool {
        character.isASCII && character.isWholeNumber
    }

    static func malformed(_ raw: String, _ reason: String) -> Diagnostic {
        Diagnostic(.error, code: "G4102", message: "invalid selector '\(raw)': \(reason)")
    }
}
