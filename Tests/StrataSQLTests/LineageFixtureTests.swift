import StrataSQL
import Testing

/// Golden tests of `ColumnLineage.analyze` over `Fixtures/lineage/*.sql`.
///
/// A case declares the base relations it knows with `-- schema: raw.orders(id, amount)` lines; every other
/// relation's columns are unknown.
@Suite struct LineageFixtureTests {
    @Test(arguments: FixtureFile.names(in: "lineage"))
    func lineage(file name: String) throws {
        let dialect = FixtureDialect.for(name)
        try FixtureFile(folder: "lineage", name: name).check { fixture in
            let schemas = Self.schemas(in: fixture.sql)
            guard
                let columns = ColumnLineage.analyze(
                    sql: fixture.sql, dialect: dialect, schemaOf: { schemas[$0.joined(separator: ".")] })
            else { return "no query" }
            return Self.render(columns)
        }
    }

    /// One line per output column, `position name <- sources [kind]`, then its unresolved reasons.
    static func render(_ columns: [OutputColumn]) -> String {
        columns.flatMap { column in
            let sources = column.sources.isEmpty ? "(none)" : column.sources.map(\.description).joined(separator: ", ")
            return ["\(column.position) \(column.name) <- \(sources) [\(column.kind.rawValue)]"]
                + column.unresolved.map { "  unresolved: \($0)" }
        }.joined(separator: "\n")
    }

    static func schemas(in sql: String) -> [String: [String]] {
        var schemas: [String: [String]] = [:]
        for line in sql.split(separator: "\n") where line.hasPrefix("-- schema: ") {
            let declaration = line.dropFirst("-- schema: ".count)
            guard let open = declaration.firstIndex(of: "("), let close = declaration.lastIndex(of: ")") else {
                continue
            }
            let columns = declaration[declaration.index(after: open)..<close].split(separator: ",")
            schemas[String(declaration[..<open])] = columns.map { String($0.filter { $0 != " " }) }
        }
        return schemas
    }
}
