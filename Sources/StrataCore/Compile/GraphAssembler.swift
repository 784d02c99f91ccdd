import StrataDiagnostics
/// Builds the dependency graph over models, seeds and sources from the references compilation recorded.
struct GraphAssembler {
    let project: Project
    let units: [ModelUnit]
    let seeds: [SeedUnit]

    func graph() -> Graph {
        var nodes: [GraphNode] = ParallelMap.map(units) { Self.graphNode($0) }
        nodes += seeds.map(Self.graphNode)
        nodes += project.sources.map(Self.graphNode)
        var edges: [(parent: String, child: String)] = []
        for unit in units {
            for dependency in unit.dependencies { edges.append((dependency.nodeID, unit.id)) }
        }
        return Graph(nodes: nodes, edges: edges)
    }

    static func graphNode(_ unit: ModelUnit) -> GraphNode {
        GraphNode(
            id: unit.id, name: unit.model.name, resourceType: unit.model.resourceType, packageName: unit.model.packageName,
            fqn: unit.model.fqn, path: unit.model.path, tags: unit.config.tags, schema: unit.relation.schema,
            materialized: unit.config.materialized, config: unit.config.values)
    }

    static func graphNode(_ unit: SeedUnit) -> GraphNode {
        GraphNode(
            id: unit.seed.id, name: unit.seed.name, resourceType: .seed, packageName: unit.seed.packageName,
            fqn: unit.seed.fqn, path: unit.seed.path, tags: unit.config.tags, schema: unit.relation.schema,
            materialized: "seed", config: unit.config.values)
    }

    static func graphNode(_ source: Source) -> GraphNode {
        GraphNode(
            id: source.id, name: "\(source.sourceName).\(source.tableName)", resourceType: .source,
            packageName: source.packageName, fqn: [source.packageName, source.sourceName, source.tableName],
            path: source.path, tags: source.tags, schema: source.relation.schema)
    }

    static func compiledNode(_ source: Source, graph: Graph) -> CompiledNode {
        var config = NodeConfig(source.extra)
        config.set("tags", .list(source.tags.map(ConfigValue.string)))
        config.set("__source_description", .string(source.sourceDescription))
        var node = CompiledNode(
            id: source.id, graphNode: graph.node(source.id) ?? graphNode(source), relation: source.relation,
            materialization: "source", rawCode: "", file: source.declaration?.file, config: config,
            description: source.description, columns: source.columns, checksum: source.fileSource?.checksum ?? "")
        node.fileSource = source.fileSource
        return node
    }
}
