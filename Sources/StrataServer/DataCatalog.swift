public import Foundation
public import StrataCore
import Synchronization

/// A model (or seed, snapshot) the data API can read: it exists in the warehouse, with the columns the warehouse
/// reports. Only these names ever reach SQL.
public struct DataModel: Sendable {
    public var uniqueID: String
    public var name: String
    public var schema: String
    public var resourceType: String
    public var materialization: String
    public var description: String
    public var tags: [String]
    public var relation: Relation
    /// The relation as the engine quotes it.
    public var quotedRelation: String
    public var columns: [ColumnDescription]
    /// Documented column descriptions, by column name.
    public var columnDescriptions: [String: String]

    /// The name clients use: `schema.name`.
    public var apiName: String { "\(relation.schema).\(relation.identifier)" }
}

/// The models the API serves, read from the compiled project and the warehouse catalog, and read again after
/// every run (a run may add models or change columns).
public final class DataCatalog: Sendable {
    private let models = Mutex<[String: DataModel]>([:])
    private let ordered = Mutex<[DataModel]>([])

    public init() {}

    /// Reads the warehouse catalog for the project's models.
    /// - Throws: `DatabaseError` when the catalog cannot be read.
    public func refresh(compiled: CompiledProject, adapter: any DatabaseAdapter) async throws {
        let candidates = compiled.nodes.values.filter { node in
            [.model, .seed, .snapshot].contains(node.graphNode.resourceType) && node.materialization != "ephemeral" && node.relation != nil
        }
        let schemas = Set(candidates.compactMap { $0.relation?.schema })
        let catalog = try await adapter.catalog(inSchemas: schemas)
        var byName: [String: DataModel] = [:]
        var list: [DataModel] = []
        for node in candidates.sorted(by: { $0.id < $1.id }) {
            guard let relation = node.relation, let entry = catalog[relation] else { continue }
            var descriptions: [String: String] = [:]
            for column in node.columns where !column.description.isEmpty { descriptions[column.name] = column.description }
            let model = DataModel(
                uniqueID: node.id, name: node.graphNode.name, schema: relation.schema,
                resourceType: node.graphNode.resourceType.rawValue, materialization: node.materialization,
                description: node.description, tags: node.config.tags, relation: relation,
                quotedRelation: adapter.quotedName(relation), columns: entry.columns, columnDescriptions: descriptions)
            list.append(model)
            byName[node.id] = model
            byName[model.apiName] = model
        }
        // A bare name is accepted when it is unambiguous.
        let bareNames = Dictionary(grouping: list, by: \.relation.identifier)
        for (name, matches) in bareNames where matches.count == 1 && byName[name] == nil { byName[name] = matches[0] }
        models.withLock { $0 = byName }
        ordered.withLock { $0 = list }
    }

    /// A model by `schema.name`, unique id, or unambiguous bare name.
    public func model(_ name: String) -> DataModel? { models.withLock { $0[name] } }

    /// Every model, by unique id.
    public var all: [DataModel] { ordered.withLock { $0 } }

    /// Names to suggest for a mistyped one.
    public var names: [String] { ordered.withLock { $0.map(\.apiName) } }
}
