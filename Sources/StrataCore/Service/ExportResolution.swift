public import StrataDiagnostics

/// An export whose `model:` was found in the compiled project.
public struct ResolvedExport: Sendable {
    public var definition: ExportDefinition
    /// The node's unique id.
    public var nodeID: String
    /// The relation its rows are read from.
    public var relation: Relation

    public init(definition: ExportDefinition, nodeID: String, relation: Relation) {
        self.definition = definition
        self.nodeID = nodeID
        self.relation = relation
    }
}

extension ExportDefinition {
    /// The diagnostic code of an export whose model is not in the project (or names several nodes).
    public static let unknownModel: DiagnosticCode = "V9101"

    /// Finds the node `model:` names: a unique id, a selectable name (`marts.orders`, `stg_orders`), or the
    /// `schema.name` of the relation it builds; models, seeds and snapshots only, which are what hold rows.
    /// - Parameter file: the `strata.yml` the definition was read from, to point at `model:`.
    /// - Throws: `V9101` at `model:` when nothing or more than one node matches.
    public func resolve(in compiled: CompiledProject, file: SourceFile) throws(Diagnostic) -> ResolvedExport {
        let candidates = compiled.nodes.values.filter { node in
            [.model, .seed, .snapshot].contains(node.graphNode.resourceType) && node.relation != nil
        }
        if let node = compiled.nodes[model], let relation = node.relation,
            candidates.contains(where: { $0.id == node.id })
        {
            return ResolvedExport(definition: self, nodeID: node.id, relation: relation)
        }
        let matches = candidates.filter { $0.graphNode.name == model || $0.relation?.description == model }
            .sorted { $0.id < $1.id }
        if matches.count == 1, let node = matches.first, let relation = node.relation {
            return ResolvedExport(definition: self, nodeID: node.id, relation: relation)
        }
        if matches.count > 1 {
            throw .error(
                Self.unknownModel, "export '\(name)': '\(model)' names \(matches.count) nodes", in: file, at: modelSpan,
                help: "use a unique id: \(matches.map(\.id).joined(separator: ", "))")
        }
        let names = candidates.map(\.graphNode.name)
        let help = EditDistance.suggestion(for: model, among: names).map { "did you mean '\($0)'?" }
        throw .error(
            Self.unknownModel, "export '\(name)' reads unknown model '\(model)'", in: file, at: modelSpan,
            label: "no model, seed or snapshot with this name",
            help: help ?? "give a model's name (schema.name in the plain layout) or its unique id")
    }
}
