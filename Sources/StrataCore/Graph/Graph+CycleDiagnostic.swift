public import StrataDiagnostics

extension Graph {
    /// The `G4002` diagnostic for one cycle, with one secondary label per reference that closes it.
    ///
    /// The diagnostic reads in reference order: `a -> b` means "a refers to b", so each edge's label points at
    /// the `ref()` or `source()` in the dependent node's file, as the caller locates it. When some reference
    /// cannot be located, the whole path is added as a note, so the cycle is always visible.
    /// - Parameters:
    ///   - cycle: a cycle as returned by ``cycles()``: a path along parent → child edges, first id repeated last.
    ///   - label: the span where `dependent` refers to `dependency`, or nil when unknown; a label with empty text
    ///     gets the text `dependent -> dependency`.
    /// - Returns: an error diagnostic without a primary span.
    public func cycleDiagnostic(
        _ cycle: [String],
        label: (_ dependent: String, _ dependency: String) -> Label? = { _, _ in nil }
    ) -> Diagnostic {
        let path = referenceOrder(cycle)
        var labels: [Label] = []
        var missing = false
        for (dependent, dependency) in zip(path, path.dropFirst()) {
            guard var found = label(dependent, dependency) else {
                missing = true
                continue
            }
            if found.text.isEmpty { found.text = "\(displayName(dependent)) -> \(displayName(dependency))" }
            labels.append(found)
        }
        let allModels = path.allSatisfy { node($0)?.resourceType == .model }
        return Diagnostic(
            .error,
            code: "G4002",
            message: allModels ? "dependency cycle between models" : "dependency cycle between nodes",
            secondary: labels,
            notes: missing || labels.isEmpty ? ["cycle: " + path.map(displayName).joined(separator: " -> ")] : [],
            help: "remove one of these references to break the cycle"
        )
    }

    /// One `G4002` diagnostic per cycle found by ``cycles()``; empty when the graph is acyclic.
    /// - Parameter label: the span where `dependent` refers to `dependency`, or nil when unknown.
    /// - Returns: the diagnostics, ordered like the cycles.
    public func cycleDiagnostics(
        label: (_ dependent: String, _ dependency: String) -> Label? = { _, _ in nil }
    ) -> [Diagnostic] {
        cycles().map { cycleDiagnostic($0, label: label) }
    }

    /// The cycle reversed so that each step goes from a node to the node it refers to, still starting at the
    /// same first node: `[a, b, c, a]` (a → b → c → a as edges) becomes `[a, c, b, a]` (a refers to c, …).
    private func referenceOrder(_ cycle: [String]) -> [String] {
        guard let first = cycle.first else { return [] }
        guard cycle.count > 1 else { return [first, first] }
        return Array(cycle.reversed())
    }

    private func displayName(_ id: String) -> String {
        node(id)?.name ?? id
    }
}
