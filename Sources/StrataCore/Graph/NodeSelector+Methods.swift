extension NodeSelector {
    /// The indices of the nodes a criterion's method matches, before operators and indirect selection.
    func matchIndices(_ criterion: SelectionCriterion) -> Set<Int> {
        let predicate = matcher(for: criterion)
        var matched = Set<Int>()
        for (index, node) in graph.nodes.enumerated() where predicate(node) { matched.insert(index) }
        return matched
    }

    /// A predicate for one criterion, with its patterns compiled once.
    private func matcher(for criterion: SelectionCriterion) -> (GraphNode) -> Bool {
        let value = criterion.value
        switch criterion.method {
        case .fqn:
            let pattern = FQNPattern(value)
            return { $0.resourceType != .source && pattern.matches($0) }
        case .tag:
            let glob = Glob(value)
            return { $0.tags.contains(where: glob.matches) }
        case .path:
            let pattern = PathPattern(value)
            return { pattern.matches(path: $0.path) }
        case .file:
            let glob = Glob(value)
            return { node in
                let (name, stem) = NodeSelector.fileNameAndStem(node.path)
                return !name.isEmpty && (glob.matches(name) || glob.matches(stem))
            }
        case .schema:
            let glob = Glob(value)
            return { !$0.schema.isEmpty && glob.matches($0.schema) }
        case .package:
            let glob = Glob(value == "this" ? rootPackage ?? value : value)
            return { glob.matches($0.packageName) }
        case .config:
            return configMatcher(key: criterion.methodArguments.joined(separator: "."), value: value)
        case .source:
            return sourceMatcher(value)
        case .resourceType:
            return { $0.resourceType.rawValue == value }
        case .testType:
            return { $0.resourceType.isTest && ($0.testType ?? ($0.resourceType == .unitTest ? "unit" : nil)) == value }
        case .state:
            let state = self.state
            return { state?.matches($0.id, value: value) ?? false }
        case .testName:
            let glob = Glob(value)
            return { node in
                switch node.resourceType {
                case .test: return node.testName.map(glob.matches) ?? false
                case .unitTest: return glob.matches(node.name)
                default: return false
                }
            }
        }
    }

    /// dbt's config comparison: exact text, booleans case-insensitively, and `severity` case-insensitively.
    private func configMatcher(key: String, value: String) -> (GraphNode) -> Bool {
        let lowered = value.lowercased()
        let caseInsensitive = key == "severity" || lowered == "true" || lowered == "false"
        return { node in
            guard let actual = node.configText(key) else { return false }
            return caseInsensitive ? actual.lowercased() == lowered : actual == value
        }
    }

    /// `source:name`, `source:name.table` or `source:package.name.table`, each part a wildcard pattern.
    private func sourceMatcher(_ value: String) -> (GraphNode) -> Bool {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false).map { Glob(String($0)) }
        let any = Glob("*")
        let (package, source, table): (Glob, Glob, Glob)
        switch parts.count {
        case 1: (package, source, table) = (any, parts[0], any)
        case 2: (package, source, table) = (any, parts[0], parts[1])
        case 3: (package, source, table) = (parts[0], parts[1], parts[2])
        default: return { _ in false }
        }
        return { node in
            guard let sourceName = node.sourceName, let tableName = node.sourceTableName else { return false }
            return package.matches(node.packageName) && source.matches(sourceName) && table.matches(tableName)
        }
    }

    /// The last path component and that component without its extension.
    static func fileNameAndStem(_ path: String) -> (name: Substring, stem: Substring) {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, name) }
        return (name, name[..<dot])
    }
}

/// dbt's qualified-name matching (`is_selected_node`), plus matching the node's name as a wildcard pattern.
///
/// A selector matches when it equals or wildcard-matches the node's name (`stg_*`, or `core.deals` in the plain
/// layout), or when its dot-separated parts match the start of the node's fqn, with or without the package
/// (`shop.staging`, `staging.stg_orders`); from the first part with a wildcard on, the rest of the selector is
/// matched against the rest of the fqn as one pattern (`shop.staging.*`).
struct FQNPattern {
    private let selector: String
    private let nameGlob: Glob
    private let parts: [String]
    private let firstWildcard: Int?
    private let tailGlob: Glob?

    init(_ selector: String) {
        self.selector = selector
        nameGlob = Glob(selector)
        let parts = selector.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let firstWildcard = parts.firstIndex { Glob.hasWildcards($0) || $0.contains("]") }
        self.parts = parts
        self.firstWildcard = firstWildcard
        tailGlob = firstWildcard.map { Glob(parts[$0...].joined(separator: ".")) }
    }

    func matches(_ node: GraphNode) -> Bool {
        nameGlob.matches(node.name) || matches(fqn: node.fqn[...]) || matches(fqn: node.fqn.dropFirst())
    }

    private func matches(fqn: ArraySlice<String>) -> Bool {
        guard let last = fqn.last else { return false }
        if last == selector { return true }
        guard fqn.contains(where: { $0.contains(".") }) else { return matches(flat: fqn) }
        return matches(
            flat: fqn.flatMap { $0.split(separator: ".", omittingEmptySubsequences: false) }.map(String.init)[...])
    }

    /// Matches selector parts against fqn parts in which dots have already been split out.
    private func matches(flat: ArraySlice<String>) -> Bool {
        guard flat.count >= parts.count else { return false }
        for (offset, part) in parts.enumerated() {
            let position = flat.startIndex + offset
            if offset == firstWildcard, let tailGlob {
                return tailGlob.matches(flat[position...].joined(separator: "."))
            }
            if flat[position] != part { return false }
        }
        return true
    }
}
