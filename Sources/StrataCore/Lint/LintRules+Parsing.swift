public import StrataDiagnostics

extension LintRules {
    /// The `L6000` code for a lint block that cannot be read; always an error, whatever `severity` says.
    public static let malformedCode: DiagnosticCode = "L6000"

    /// Reads a lint block.
    /// - Parameter declaration: the block as written.
    /// - Returns: the rules that could be read, and an `L6000` error located in the file for each mistake.
    public static func parse(_ declaration: LintDeclaration) -> (rules: LintRules, problems: [Diagnostic]) {
        var parser = LintRulesParser(file: declaration.file, keyPath: declaration.keyPath)
        let rules = parser.parse(declaration.node)
        return (rules, parser.problems)
    }
}

/// Reads the lint block key by key, collecting every mistake instead of stopping at the first.
private struct LintRulesParser {
    let file: SourceFile
    let keyPath: String
    var problems: [Diagnostic] = []

    mutating func parse(_ node: YAMLNode) -> LintRules {
        var rules = LintRules()
        guard node.isMapping else {
            fail(node, "'\(keyPath)' must be a mapping with 'schemas', 'naming', 'require_descriptions' or 'severity'")
            return rules
        }
        for (key, value) in node.pairs {
            switch key.stringValue {
            case "schemas": rules.schemaAccess = schemaAccess(value)
            case "naming": rules.naming = naming(value)
            case "require_descriptions": requireDescriptions(value, into: &rules)
            case "severity": rules.severity = severity(value)
            default:
                let known = ["schemas", "naming", "require_descriptions", "severity"]
                let name = key.stringValue ?? ""
                let suggestion = EditDistance.suggestion(for: name, among: known)
                fail(key, "unknown lint setting '\(name)' in '\(keyPath)'", help: suggestion.map { "did you mean '\($0)'?" } ?? "known settings: " + known.joined(separator: ", "))
            }
        }
        return rules
    }

    private mutating func schemaAccess(_ node: YAMLNode) -> [LintRules.SchemaAccess] {
        guard node.isMapping else {
            fail(node, "'\(keyPath).schemas' must map a schema to the schemas it may read, as in 'core: [raw]'")
            return []
        }
        return node.pairs.compactMap { key, value in
            guard let readers = key.stringValue, !readers.isEmpty else {
                fail(key, "a schema name must be text")
                return nil
            }
            let readable: [String]
            if let single = value.stringValue {
                readable = [single]
            } else if case .sequence(let items) = value.kind, let names = strings(items) {
                readable = names
            } else {
                fail(value, "schema '\(readers)' must list the schemas it may read, as in '\(readers): [core, self]'")
                return nil
            }
            return LintRules.SchemaAccess(readers: readers, readable: readable, declaration: Label(file: file, span: key.span))
        }
    }

    private mutating func naming(_ node: YAMLNode) -> [LintRules.Naming] {
        guard node.isMapping else {
            fail(node, "'\(keyPath).naming' must map a folder to a name pattern, as in '\"models/staging/**\": \"^stg_\"'")
            return []
        }
        return node.pairs.compactMap { key, value in
            guard let path = key.stringValue, let pattern = value.stringValue else {
                fail(value, "a naming rule maps a folder to a regular expression (text)")
                return nil
            }
            guard (try? Regex(pattern)) != nil else {
                fail(value, "'\(pattern)' is not a valid regular expression")
                return nil
            }
            return LintRules.Naming(path: path, pattern: pattern, declaration: Label(file: file, span: key.span))
        }
    }

    private mutating func requireDescriptions(_ node: YAMLNode, into rules: inout LintRules) {
        if case .scalar(.bool(let required)) = node.kind {
            rules.requireModelDescriptions = required
            return
        }
        guard node.isMapping else {
            fail(node, "'require_descriptions' must be true, false or a mapping such as '{models: true, columns: false}'")
            return
        }
        for (key, value) in node.pairs {
            guard case .scalar(.bool(let required)) = value.kind else {
                fail(value, "'require_descriptions.\(key.stringValue ?? "")' must be true or false")
                continue
            }
            switch key.stringValue {
            case "models": rules.requireModelDescriptions = required
            case "columns": rules.requireColumnDescriptions = required
            default: fail(key, "'require_descriptions' takes 'models' and 'columns'")
            }
        }
    }

    private mutating func severity(_ node: YAMLNode) -> Diagnostic.Severity {
        switch node.stringValue?.lowercased() {
        case "error": return .error
        case "warn", "warning": return .warning
        default:
            fail(node, "'severity' must be 'error' or 'warn'")
            return .error
        }
    }

    private func strings(_ items: [YAMLNode]) -> [String]? {
        let names = items.compactMap(\.stringValue)
        return names.count == items.count ? names : nil
    }

    private mutating func fail(_ node: YAMLNode, _ message: String, help: String? = nil) {
        let span = node.span.length > 0 ? node.span : SourceSpan(start: node.span.start, end: node.span.start + 1)
        problems.append(.error(LintRules.malformedCode, message, in: file, at: span, help: help))
    }
}
