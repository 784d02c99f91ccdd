import StrataCore
import StrataDiagnostics
import Testing

/// Reading `indexes`, `grants` and `persist_docs` from a node's config.
@Suite struct PhysicalConfigTests {
    static func node(_ config: [String: ConfigValue], description: String = "", columns: [ColumnInfo] = [])
        -> CompiledNode
    {
        CompiledNode(
            id: "model.p.core.orders",
            graphNode: GraphNode(id: "model.p.core.orders", name: "core.orders", resourceType: .model),
            relation: Relation(schema: "core", identifier: "orders"), materialization: "table", rawCode: "",
            config: NodeConfig(config), description: description, columns: columns)
    }

    @Test func readsEveryKey() throws {
        let config = try PhysicalConfig(
            node: Self.node(
                [
                    "indexes": .list([
                        .dict(["columns": .list([.string("id")]), "unique": .bool(true), "type": .string("HASH")])
                    ]),
                    "grants": .dict(["SELECT": .string("reporter")]),
                    "persist_docs": .dict(["relation": .bool(true), "columns": .bool(true)]),
                ], description: "Orders.",
                columns: [ColumnInfo(name: "id", description: "Key."), ColumnInfo(name: "note")]))
        #expect(config.indexes == [PhysicalConfig.Index(columns: ["id"], unique: true, type: "hash")])
        #expect(config.grants == ["select": ["reporter"]])
        #expect(config.relationComment == "Orders.")
        #expect(config.columnComments == ["id": "Key."])
    }

    @Test func indexNamesCarryTheirDefinitionAndDifferPerBuild() {
        let index = PhysicalConfig.Index(columns: ["id"], unique: true)
        let (first, second) = (index.name(on: "orders"), index.name(on: "orders"))
        #expect(first != second)
        #expect(PhysicalConfig.Index.definitionHash(ofIndexNamed: first) == index.definitionHash)
        #expect(PhysicalConfig.Index.definitionHash(ofIndexNamed: "orders_pkey") == nil)
        #expect(PhysicalConfig.Index(columns: ["id"]).definitionHash != index.definitionHash)
    }

    @Test(arguments: [
        (ConfigValue.string("id"), "indexes must be a list of mappings, got id"),
        (
            .list([.dict(["columns": .list([.string("id")]), "type": .string("bitmap")])]),
            "indexes[0].type 'bitmap' is not an index type"
        ),
        (.list([.dict(["column": .list([.string("id")])])]), "indexes[0] has unknown key 'column'"),
    ])
    func malformedIndexesAreDiagnosed(value: ConfigValue, message: String) {
        #expect {
            try PhysicalConfig(node: Self.node(["indexes": value]))
        } throws: { error in
            let diagnostic = error as? Diagnostic
            return diagnostic?.code == "P1090" && diagnostic?.message == "model 'core.orders': \(message)"
        }
    }
}
