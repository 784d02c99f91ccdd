/// A `path:` selector value matched the way dbt's `Path(root).glob(selector)` does, without touching the disk.
///
/// The pattern is split into components: a component's wildcards never cross `/`, and `**` matches any number
/// of folders (including none). A node matches when the pattern matches its file path or any folder above it,
/// so `models/staging` selects everything under that folder. `./` prefixes and trailing slashes are ignored.
struct PathPattern: Sendable, Hashable {
    private enum Component: Sendable, Hashable {
        case anyFolders
        case glob(Glob)
    }

    private let components: [Component]

    /// Compiles a path selector.
    /// - Parameter pattern: a file or folder relative to the project root, wildcards allowed.
    init(_ pattern: String) {
        components = PathPattern.split(pattern).map { $0 == "**" ? .anyFolders : .glob(Glob($0)) }
    }

    /// Whether the pattern names this file or one of the folders containing it.
    /// - Parameter path: a file path relative to the project root; an empty path never matches.
    /// - Returns: true on a match.
    func matches(path: String) -> Bool {
        let parts = PathPattern.split(path)
        guard !parts.isEmpty else { return false }
        guard !components.isEmpty else { return true }
        return (1...parts.count).contains { match(component: 0, parts: parts[0..<$0]) }
    }

    private func match(component: Int, parts: ArraySlice<String>) -> Bool {
        guard component < components.count else { return parts.isEmpty }
        switch components[component] {
        case .anyFolders:
            return (parts.startIndex...parts.endIndex).contains { match(component: component + 1, parts: parts[$0...]) }
        case .glob(let glob):
            guard let first = parts.first, glob.matches(first) else { return false }
            return match(component: component + 1, parts: parts.dropFirst())
        }
    }

    /// Path components without empty and `.` parts, so `./models//staging/` becomes `[models, staging]`.
    private static func split(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }
}
