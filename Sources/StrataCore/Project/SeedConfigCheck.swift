import StrataDiagnostics

/// Checks the seed configs whose type dbt enforces while parsing, where they are written.
///
/// A bad value is reported at its position (dbt's "Parsing Error ... is not valid under any of the given schemas")
/// instead of when the seed loads: `quote_columns` is a boolean and `delimiter` one character.
enum SeedConfigCheck {
    /// Checks every seed config in the `seeds:` tree of `dbt_project.yml` (or `strata.yml`): `+key` entries at
    /// any folder level, and bare keys where `FolderConfigTree` reads them as configs.
    /// - Parameters:
    ///   - node: the value of `seeds:`.
    ///   - file: the YAML file, for locations.
    ///   - diagnostics: receives a `P1041` error per bad value.
    static func checkFolders(_ node: YAMLNode, in file: SourceFile, diagnostics: DiagnosticCollector) {
        for (key, value) in node.pairs {
            guard let name = key.stringValue else { continue }
            let configName = name.hasPrefix("+") ? String(name.dropFirst()) : name
            if checked.contains(configName), name.hasPrefix("+") || !value.isMapping {
                check(configName, value, in: file, diagnostics: diagnostics)
            } else if value.isMapping {
                checkFolders(value, in: file, diagnostics: diagnostics)
            }
        }
    }

    /// Checks the `config:` mapping of a seed entry in a properties file.
    /// - Parameters:
    ///   - config: the entry's `config:` value, if any.
    ///   - file: the properties file, for locations.
    ///   - diagnostics: receives a `P1041` error per bad value.
    static func checkEntry(config: YAMLNode?, in file: SourceFile, diagnostics: DiagnosticCollector) {
        for (key, value) in config?.pairs ?? [] {
            guard let name = key.stringValue, checked.contains(name) else { continue }
            check(name, value, in: file, diagnostics: diagnostics)
        }
    }

    private static let checked: Set<String> = ["quote_columns", "delimiter"]

    private static func check(_ name: String, _ node: YAMLNode, in file: SourceFile, diagnostics: DiagnosticCollector) {
        guard case .scalar(let value) = node.kind else {
            return diagnostics.emit(
                .error(
                    "P1041", "'\(name)' must be \(expectation(name)), not a list or mapping", in: file, at: node.span))
        }
        switch (name, value) {
        case ("quote_columns", .bool), ("quote_columns", .null), ("delimiter", .null):
            return
        case ("quote_columns", _):
            diagnostics.emit(
                .error(
                    "P1041", "'quote_columns' must be true or false, not \(spelled(value))", in: file, at: node.span,
                    help:
                        "write quote_columns: true to keep the header's names as written, false to let the database fold them"
                ))
        case ("delimiter", .string(let text)) where text.unicodeScalars.count == 1:
            guard text.utf8.count == 1 else {
                return diagnostics.emit(
                    .error(
                        "P1041", "'delimiter' must be a single ASCII character, not \(spelled(value))", in: file,
                        at: node.span, help: "seed files are split byte by byte; use ',', ';', '|' or a tab"))
            }
        default:
            diagnostics.emit(
                .error(
                    "P1041", "'delimiter' must be a single character, not \(spelled(value))", in: file, at: node.span,
                    help: "dbt reads seeds with Python's csv module, which takes a one-character delimiter"))
        }
    }

    private static func expectation(_ name: String) -> String {
        name == "quote_columns" ? "true or false" : "a single character"
    }

    private static func spelled(_ value: ConfigValue) -> String {
        if case .string(let text) = value { return "the string '\(text)'" }
        return "'\(value)'"
    }
}
