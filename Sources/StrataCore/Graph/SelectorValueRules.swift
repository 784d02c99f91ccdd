internal import StrataDiagnostics

/// Checks the values of methods that accept only a fixed vocabulary, so typos fail at parse time with a
/// suggestion instead of silently selecting nothing.
enum SelectorValueRules {
    /// dbt methods that exist but that strata does not implement (yet); named in the unknown-method note.
    static let unsupportedDBTMethods: Set<String> = [
        "result", "source_status", "exposure", "metric", "group", "access", "version",
        "semantic_model", "saved_query", "unit_test", "wildcard",
    ]

    /// Accepted `test_type:` values and what they mean; `schema` and `data` are dbt's legacy spellings.
    static let testTypes: [String: String] = [
        "generic": "generic", "schema": "generic", "singular": "singular", "data": "singular", "unit": "unit",
    ]

    /// Validates a value for its method.
    /// - Parameters:
    ///   - method: the criterion's method.
    ///   - arguments: the method's dotted arguments.
    ///   - value: the value as written.
    ///   - raw: the whole criterion, for messages.
    /// - Returns: the value to match, normalized (`schema` → `generic` for `test_type:`).
    /// - Throws: `G4103` when the value cannot be valid for the method.
    static func validate(
        _ method: SelectorMethod, arguments: [String], value: Substring, raw: String
    ) throws(Diagnostic) -> String {
        let value = String(value)
        switch method {
        case .resourceType:
            if ResourceType(rawValue: value) == nil {
                throw invalid(
                    raw, value: value, "'\(value)' is not a resource type",
                    candidates: ResourceType.allCases.map(\.rawValue))
            }
        case .testType:
            guard let normalized = testTypes[value] else {
                throw invalid(
                    raw, value: value, "'\(value)' is not a test type", candidates: ["generic", "singular", "unit"])
            }
            return normalized
        case .state:
            if !StateComparison.selectorValues.contains(value) {
                throw invalid(raw, value: value, "'\(value)' is not a state", candidates: StateComparison.selectorValues)
            }
        case .source:
            if value.split(separator: ".", omittingEmptySubsequences: false).count > 3 {
                throw invalid(
                    raw, value: value,
                    "sources are selected as 'source_name', 'source_name.table_name' or "
                        + "'package.source_name.table_name'", candidates: [])
            }
        default:
            break
        }
        return value
    }

    private static func invalid(_ raw: String, value: String, _ reason: String, candidates: [String]) -> Diagnostic {
        let suggestion = candidates.isEmpty ? nil : EditDistance.suggestion(for: value, among: candidates)
        let notes = candidates.isEmpty ? [] : ["valid values: " + candidates.joined(separator: ", ")]
        return Diagnostic(
            .error, code: "G4103", message: "invalid selector '\(raw)': \(reason)",
            notes: notes, help: suggestion.map { "did you mean '\($0)'?" })
    }
}
