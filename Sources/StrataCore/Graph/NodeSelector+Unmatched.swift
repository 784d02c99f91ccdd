public import StrataDiagnostics

extension NodeSelector {
    /// The criteria that select nothing, for a warning: each criterion whose method matches no node, and each
    /// intersection whose parts all match something but never the same node.
    /// - Parameter spec: a parsed `--select` or `--exclude`.
    /// - Returns: the offending criteria as written (`a,b` for an intersection), in order, without repeats.
    public func unmatched(_ spec: SelectionSpec) -> [String] {
        var found: [String] = []
        collectUnmatched(spec.expression, into: &found)
        var seen = Set<String>()
        return found.filter { seen.insert($0).inserted }
    }

    /// A `G4104` warning for each criterion ``unmatched(_:)`` reports, with a near-miss suggestion when one
    /// exists ("did you mean 'stg_orders'?").
    /// - Parameters:
    ///   - spec: a parsed `--select` or `--exclude`.
    ///   - option: the option name shown in the message.
    /// - Returns: one warning per unmatched criterion.
    public func unmatchedDiagnostics(_ spec: SelectionSpec, option: String = "--select") -> [Diagnostic] {
        let byRaw = Dictionary(spec.criteria.map { ($0.raw, $0) }, uniquingKeysWith: { first, _ in first })
        return unmatched(spec).map { raw in
            let suggestion = byRaw[raw].flatMap(suggestion(for:))
            return Diagnostic(
                .warning, code: "G4104", message: "\(option) '\(raw)' matched nothing",
                help: suggestion.map { "did you mean '\($0)'?" })
        }
    }

    private func collectUnmatched(_ expression: SelectionSpec.Expression, into found: inout [String]) {
        switch expression {
        case .criterion(let criterion):
            if matchIndices(criterion).isEmpty { found.append(criterion.raw) }
        case .union(let parts):
            for part in parts { collectUnmatched(part, into: &found) }
        case .intersection(let parts):
            let before = found.count
            for part in parts { collectUnmatched(part, into: &found) }
            if found.count == before, evaluate(expression, mode: indirectSelection).direct.isEmpty {
                found.append(expression.description)
            }
        case .difference(let base, let excluded):
            collectUnmatched(base, into: &found)
            collectUnmatched(excluded, into: &found)
        }
    }

    /// The criterion rewritten with the closest existing value of its method, if any is close enough.
    private func suggestion(for criterion: SelectionCriterion) -> String? {
        guard let best = EditDistance.suggestion(for: criterion.value, among: candidates(for: criterion)),
            let range = criterion.raw.ranges(of: criterion.value).last
        else { return nil }
        var text = criterion.raw
        text.replaceSubrange(range, with: best)
        return text
    }

    /// The values that exist in the graph for a criterion's method.
    private func candidates(for criterion: SelectionCriterion) -> Set<String> {
        let nodes = graph.nodes
        switch criterion.method {
        case .fqn: return Set(nodes.filter { $0.resourceType != .source }.map(\.name))
        case .tag: return Set(nodes.flatMap(\.tags))
        case .path: return Set(nodes.flatMap { NodeSelector.pathAndFolders($0.path) })
        case .file: return Set(nodes.map { String(NodeSelector.fileNameAndStem($0.path).name) })
        case .schema: return Set(nodes.map(\.schema))
        case .package: return Set(nodes.map(\.packageName))
        case .config:
            let key = criterion.methodArguments.joined(separator: ".")
            return Set(nodes.compactMap { $0.configText(key) })
        case .source:
            return Set(nodes.compactMap { node in node.sourceName.map { "\($0).\(node.sourceTableName ?? "")" } })
                .union(nodes.compactMap(\.sourceName))
        case .testName:
            return Set(nodes.compactMap(\.testName) + nodes.filter { $0.resourceType == .unitTest }.map(\.name))
        case .resourceType, .testType, .state: return []
        }
    }

    /// A file path and every folder above it: `a/b/c.sql` gives `a`, `a/b` and `a/b/c.sql`.
    private static func pathAndFolders(_ path: String) -> [String] {
        let parts = path.split(separator: "/")
        return parts.indices.map { parts[...$0].joined(separator: "/") }
    }
}
