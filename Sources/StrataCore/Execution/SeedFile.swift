import Foundation
import StrataDiagnostics

/// A seed's CSV read with its configured delimiter, column types and column quoting, for the adapter to load.
enum SeedFile {
    /// The seed's file as a typed table.
    static func table(for node: CompiledNode) throws -> SeedTable {
        guard let path = node.absolutePath else { throw DatabaseError(message: "seed \(node.id) has no file") }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let delimiter = node.config["delimiter"]?.stringValue?.utf8.first ?? UInt8(ascii: ",")
        var columnTypes: [String: String] = [:]
        for (name, value) in node.config["column_types"]?.dictValue ?? [:] {
            if let type = value.stringValue { columnTypes[name] = type }
        }
        var table = try SeedParser.parse(bytes: bytes, path: node.file?.path ?? path, delimiter: delimiter, columnTypes: columnTypes)
        // The loader checked the value's type (P1041); unset means quoted, dbt's default for these adapters.
        table.quotesColumnNames = node.config["quote_columns"]?.boolValue ?? true
        return table
    }
}
