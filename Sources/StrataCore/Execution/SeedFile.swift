import Foundation
import StrataDiagnostics

/// Reads a seed's CSV with its configured delimiter and column types and hands the typed table to the adapter.
struct SeedLoader {
    let adapter: any DatabaseAdapter

    func load(_ node: CompiledNode, stateStatements: @escaping @Sendable () -> [String] = { [] }) async throws -> AdapterResponse {
        guard let relation = node.relation else { throw DatabaseError(message: "seed \(node.id) has no file") }
        return try await adapter.loadSeed(relation, table: try parse(node), stateStatements: stateStatements)
    }

    /// The seed's file as a typed table.
    func parse(_ node: CompiledNode) throws -> SeedTable {
        guard let path = node.absolutePath else { throw DatabaseError(message: "seed \(node.id) has no file") }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let delimiter = node.config["delimiter"]?.stringValue?.utf8.first ?? UInt8(ascii: ",")
        var columnTypes: [String: String] = [:]
        for (name, value) in node.config["column_types"]?.dictValue ?? [:] {
            if let type = value.stringValue { columnTypes[name] = type }
        }
        return try SeedParser.parse(bytes: bytes, path: node.file?.path ?? path, delimiter: delimiter, columnTypes: columnTypes)
    }
}
