import Foundation
import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Testing

@Suite struct SnapshotLoadingTests {
    static let twoBlocks = """
        {% snapshot orders_snapshot %}
        {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}
        select * from {{ ref('stg_orders') }}
        {% endsnapshot %}

        {%- snapshot customers_snapshot -%}
            {{ config(unique_key=['id'], strategy='check', check_cols='all', hard_deletes='new_record') }}
            select * from {{ source('app', 'customers') }}
        {%- endsnapshot %}
        """

    @Test func blocksInADbtProjectBecomeSnapshotNodesWithEdges() throws {
        let result = SnapshotCompilation(files(dbtSnapshotBase, ["/p/snapshots/history.sql": Self.twoBlocks]))
        #expect(result.errors.isEmpty, "\(result.errors)")
        let orders = try result.node("snapshot.shop.orders_snapshot")
        #expect(orders.graphNode.resourceType == .snapshot)
        #expect(orders.materialization == "snapshot")
        #expect(orders.isExecutable)  // what makes `strata build` and `strata snapshot` schedule it
        #expect(orders.dependsOn == ["model.shop.stg_orders"])
        #expect(orders.refs == [["stg_orders"]])
        #expect(orders.compiledCode?.trimmingSpaces == #"select * from "main"."stg_orders""#)
        #expect(
            orders.rawCode.contains("select * from {{ ref('stg_orders') }}") && !orders.rawCode.contains("endsnapshot"))
        #expect(orders.graphNode.fqn == ["shop", "history", "orders_snapshot"])
        #expect(orders.graphNode.path == "snapshots/history.sql")
        #expect(orders.artifactPath == "snapshots/orders_snapshot.sql")
        #expect(orders.relation == Relation(schema: "main", identifier: "orders_snapshot"))
        let config = try #require(orders.snapshotConfig)
        #expect(config.strategy == .timestamp && config.uniqueKey == ["id"] && config.updatedAt == "updated_at")
        #expect(config.hardDeletes == .ignore && config.metaColumnNames.validTo == "dbt_valid_to")

        let customers = try result.node("snapshot.shop.customers_snapshot")
        #expect(customers.dependsOn == ["source.shop.app.customers"])
        #expect(customers.sources == [["app", "customers"]])
        let customersConfig = try #require(customers.snapshotConfig)
        #expect(customersConfig.checkCols == .all && customersConfig.hardDeletes == .newRecord)
    }

    @Test func renderErrorsInsideABlockKeepTheFilesLineAndColumn() throws {
        let body =
            "-- history\n{% snapshot s %}\n{{ config(unique_key='id', strategy='check', check_cols=['a']) }}\nselect * from {{ ref('nope') }}\n{% endsnapshot %}\n"
        let result = SnapshotCompilation(files(dbtSnapshotBase, ["/p/snapshots/s.sql": body]))
        #expect(result.errorLocations == ["G4001 at snapshots/s.sql:4:22"])
    }

    @Test func modelsCanReadASnapshotAndSelectionFollowsTheEdges() throws {
        let result = SnapshotCompilation(
            files(
                dbtSnapshotBase,
                [
                    "/p/snapshots/history.sql": Self.twoBlocks,
                    "/p/models/current_orders.sql":
                        "select * from {{ ref('orders_snapshot') }} where dbt_valid_to is null\n",
                ]))
        #expect(result.errors.isEmpty, "\(result.errors)")
        let compiled = try #require(result.compiled)
        #expect(try result.node("model.shop.current_orders").dependsOn == ["snapshot.shop.orders_snapshot"])
        let selector = NodeSelector(graph: compiled.graph, rootPackage: "shop")
        func select(_ expression: String) throws -> Set<String> {
            selector.select(try SelectorParser.parse([expression]), exclude: nil)
        }
        #expect(
            try select("resource_type:snapshot") == [
                "snapshot.shop.orders_snapshot", "snapshot.shop.customers_snapshot",
            ])
        #expect(try select("orders_snapshot") == ["snapshot.shop.orders_snapshot"])
        #expect(
            try select("+orders_snapshot") == [
                "snapshot.shop.orders_snapshot", "model.shop.stg_orders", "seed.shop.raw_orders",
            ])
        #expect(try select("orders_snapshot+") == ["snapshot.shop.orders_snapshot", "model.shop.current_orders"])
        let order = try #require(compiled.graph.topologicalOrder())
        #expect(order.firstIndex(of: "model.shop.stg_orders")! < order.firstIndex(of: "snapshot.shop.orders_snapshot")!)
        #expect(
            order.firstIndex(of: "snapshot.shop.orders_snapshot")! < order.firstIndex(of: "model.shop.current_orders")!)
    }

    @Test func plainLayoutSnapshotsReadModelsByRelationName() throws {
        let result = SnapshotCompilation([
            "/p/strata.yml": "name: insurer\n",
            "/p/models/core/deals.sql": "select 1 as deal_id, current_timestamp as changed_at\n",
            "/p/snapshots/deals.sql": """
            {% snapshot deals_history %}
            {{ config(target_schema='history', unique_key='deal_id', strategy='timestamp', updated_at='changed_at') }}
            select * from core.deals
            {% endsnapshot %}
            """,
        ])
        #expect(result.errors.isEmpty, "\(result.errors)")
        let snapshot = try result.node("snapshot.insurer.deals_history")
        #expect(snapshot.graphNode.name == "deals_history")
        #expect(snapshot.dependsOn == ["model.insurer.core.deals"])
        #expect(snapshot.relation == Relation(schema: "history", identifier: "deals_history"))
    }

    @Test func yamlSnapshotSelectsEverythingFromItsRelation() throws {
        let yaml = """
            snapshots:
              - name: orders_history
                description: Every version of every order.
                relation: ref('stg_orders')
                config:
                  schema: history
                  unique_key: id
                  strategy: timestamp
                  updated_at: updated_at
                  invalidate_hard_deletes: true
                  dbt_valid_to_current: "to_date('9999-12-31')"
                  snapshot_meta_column_names: {dbt_valid_from: valid_from}
                columns:
                  - name: id
                    description: The order.
            """
        let result = SnapshotCompilation(files(dbtSnapshotBase, ["/p/snapshots/snapshots.yml": yaml]))
        #expect(result.errors.isEmpty, "\(result.errors)")
        let node = try result.node("snapshot.shop.orders_history")
        #expect(node.compiledCode?.trimmingSpaces == #"select * from "main"."stg_orders""#)
        #expect(node.dependsOn == ["model.shop.stg_orders"])
        #expect(node.description == "Every version of every order.")
        #expect(node.columns.map(\.name) == ["id"])
        #expect(node.relation == Relation(schema: "main_history", identifier: "orders_history"))
        let config = try #require(node.snapshotConfig)
        #expect(config.hardDeletes == .invalidate)
        #expect(config.validToCurrent == "to_date('9999-12-31')")
        #expect(config.metaColumnNames.validFrom == "valid_from" && config.metaColumnNames.scdID == "dbt_scd_id")
    }

    @Test func yamlSnapshotWithAnUnknownRefPointsAtTheYAML() throws {
        let yaml =
            "snapshots:\n  - name: h\n    relation: \"ref('stg_ordrs')\"\n    config: {unique_key: id, strategy: check, check_cols: all}\n"
        let result = SnapshotCompilation(files(dbtSnapshotBase, ["/p/snapshots/snapshots.yml": yaml]))
        #expect(result.errorLocations == ["G4001 at snapshots/snapshots.yml:3:20"])
    }
}

extension String {
    fileprivate var trimmingSpaces: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
