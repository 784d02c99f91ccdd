import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Testing

/// Folder config, YAML and `config()` in the block apply in dbt's order; relations follow dbt's snapshot naming.
@Suite struct SnapshotConfigPrecedenceTests {
    static let block = """
        {% snapshot orders_snapshot %}
        {{ config(strategy='check', check_cols=['status']) }}
        select * from {{ ref('stg_orders') }}
        {% endsnapshot %}
        """

    @Test func blockConfigBeatsYAMLWhichBeatsFolderConfig() throws {
        let result = SnapshotCompilation(
            files(
                dbtSnapshotBase,
                [
                    "/p/dbt_project.yml": """
                    name: shop
                    profile: shop
                    snapshots:
                      shop:
                        +strategy: timestamp
                        +updated_at: updated_at
                        +unique_key: folder_id
                        +tags: [history]
                        +alias: from_folder
                    """,
                    "/p/snapshots/orders.sql": Self.block,
                    "/p/snapshots/schema.yml":
                        "snapshots:\n  - name: orders_snapshot\n    description: Orders over time.\n    config:\n      unique_key: id\n      alias: orders_history\n",
                ]))
        #expect(result.errors.isEmpty, "\(result.errors)")
        let node = try result.node("snapshot.shop.orders_snapshot")
        #expect(node.config["strategy"] == .string("check"))
        #expect(node.config.uniqueKey == ["id"])
        #expect(node.config.tags == ["history"])
        #expect(node.description == "Orders over time.")
        #expect(node.relation?.identifier == "orders_history")
    }

    @Test func targetSchemaIsUsedVerbatimAndSchemaGoesThroughGenerateSchemaName() throws {
        let config = "unique_key='id', strategy='check', check_cols='all'"
        let result = SnapshotCompilation(
            files(
                dbtSnapshotBase,
                [
                    "/p/snapshots/a.sql":
                        "{% snapshot legacy %}{{ config(target_schema='snapshots', \(config)) }}select 1 as id{% endsnapshot %}",
                    "/p/snapshots/b.sql":
                        "{% snapshot modern %}{{ config(schema='snapshots', \(config)) }}select 1 as id{% endsnapshot %}",
                    "/p/snapshots/c.sql": "{% snapshot plain %}{{ config(\(config)) }}select 1 as id{% endsnapshot %}",
                ]))
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(try result.node("snapshot.shop.legacy").relation == Relation(schema: "snapshots", identifier: "legacy"))
        #expect(
            try result.node("snapshot.shop.modern").relation == Relation(schema: "main_snapshots", identifier: "modern")
        )
        #expect(try result.node("snapshot.shop.plain").relation == Relation(schema: "main", identifier: "plain"))
    }

    @Test func aProjectsOwnGenerateSchemaNameNamesSnapshotsToo() throws {
        let result = SnapshotCompilation(
            files(
                dbtSnapshotBase,
                [
                    "/p/macros/naming.sql":
                        "{% macro generate_schema_name(custom, node) %}{{ node.resource_type }}_{{ custom or 'x' }}{% endmacro %}",
                    "/p/snapshots/s.sql":
                        "{% snapshot s %}{{ config(schema='hist', unique_key='id', strategy='check', check_cols='all') }}select 1 as id{% endsnapshot %}",
                ]))
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(try result.node("snapshot.shop.s").relation?.schema == "snapshot_hist")
    }
}

/// Every validation error, located at the snapshot's name with its line and column.
@Suite struct SnapshotValidationTests {
    func errors(_ config: String, file: String? = nil) -> [String] {
        let text =
            file
            ?? "-- orders\n{% snapshot orders_snapshot %}\n{{ config(\(config)) }}\nselect 1 as id\n{% endsnapshot %}\n"
        return SnapshotCompilation(files(dbtSnapshotBase, ["/p/snapshots/orders.sql": text])).errorLocations
    }

    @Test func missingUniqueKey() {
        #expect(errors("strategy='check', check_cols='all'") == ["P1082 at snapshots/orders.sql:2:13"])
    }

    @Test func missingOrUnknownStrategy() {
        #expect(errors("unique_key='id'") == ["P1083 at snapshots/orders.sql:2:13"])
        #expect(errors("unique_key='id', strategy='merge'") == ["P1083 at snapshots/orders.sql:2:13"])
    }

    @Test func timestampWithoutUpdatedAt() {
        #expect(errors("unique_key='id', strategy='timestamp'") == ["P1084 at snapshots/orders.sql:2:13"])
    }

    @Test func checkWithoutCheckCols() {
        #expect(errors("unique_key='id', strategy='check'") == ["P1085 at snapshots/orders.sql:2:13"])
    }

    @Test func unknownHardDeletes() {
        #expect(
            errors("unique_key='id', strategy='check', check_cols='all', hard_deletes='purge'") == [
                "P1086 at snapshots/orders.sql:2:13"
            ])
    }

    @Test func everyProblemIsReportedAtOnce() {
        #expect(errors("hard_deletes='purge'").map { String($0.prefix(5)) }.sorted() == ["P1082", "P1083", "P1086"])
    }

    @Test func unterminatedBlockPointsAtTheEndAndTheOpeningTag() throws {
        let text = "{% snapshot a %}\nselect 1\n"
        let result = SnapshotCompilation(files(dbtSnapshotBase, ["/p/snapshots/orders.sql": text]))
        let error = try #require(result.errors.first)
        #expect(result.errorLocations == ["P1080 at snapshots/orders.sql:3:1"])
        #expect(error.secondary.map(\.location) == [SourceLocation(line: 1, column: 1)])
        let expected = [
            "snapshots/orders.sql:3:1: error: snapshot block 'a' is never closed [P1080]",
            "   |",
            " 1 | {% snapshot a %}",
            "   | ---------------- block opened here",
            "   |",
            " 3 | ",
            "   | ^ expected '{% endsnapshot %}'",
            "   = help: add '{% endsnapshot %}' after the snapshot's query",
            "",
        ]
        #expect(DiagnosticRenderer().render(error) == expected.joined(separator: "\n"))
    }

    @Test func snapshotConfigInitThrowsTheFirstProblem() {
        #expect(throws: Diagnostic.self) { try SnapshotConfig(config: NodeConfig(["strategy": .string("check")])) }
        let config = NodeConfig([
            "unique_key": .list([.string("a"), .string("b")]), "strategy": .string("check"),
            "check_cols": .list([.string("x")]),
        ])
        #expect((try? SnapshotConfig(config: config))?.checkCols == .columns(["x"]))
        #expect((try? SnapshotConfig(config: config))?.uniqueKey == ["a", "b"])
    }
}
