import StrataCore
import StrataDiagnostics
import Testing

/// `state:` selection: a saved manifest compared with the project as it is now.
@Suite struct StateComparisonTests {
    static let before: [String: String] = [
        "/p/dbt_project.yml": "name: shop\n",
        "/p/macros/cents.sql": "{% macro cents(column) %}{{ column }} / 100.0{% endmacro %}\n",
        "/p/seeds/raw_orders.csv": "id,amount\n1,1000\n",
        "/p/models/schema.yml": "models:\n  - name: orders\n    description: One row per order.\n",
        "/p/models/orders.sql": "select id, {{ cents('amount') }} as amount from {{ ref('raw_orders') }}\n",
        "/p/models/daily.sql": "select count(*) as n from {{ ref('orders') }}\n",
        "/p/models/customers.sql": "select 1 as id\n",
    ]

    /// The ids `--select <selector>` picks now, compared with a manifest saved before `changes`.
    private func select(_ selector: String, after changes: [String: String]) throws -> [String] {
        let saved = try compileInMemory(Self.before).manifestState()
        let now = try compileInMemory(Self.before.merging(changes) { $1 })
        var nodeSelector = NodeSelector(graph: now.graph, resourceTypes: [.model, .seed])
        nodeSelector.state = StateComparison(current: now.manifestState(), previous: saved)
        return nodeSelector.select(try SelectorParser.parse([selector]), exclude: nil).sorted()
    }

    @Test func nothingChangedSelectsNothing() throws {
        #expect(try select("state:modified", after: [:]).isEmpty)
        #expect(try select("state:unmodified", after: [:]).count == 4)
    }

    @Test func editedBodyIsModifiedAndPlusAddsDescendants() throws {
        let edit = ["/p/models/orders.sql": "select id, {{ cents('amount') }} as amount from {{ ref('raw_orders') }} where id > 0\n"]
        #expect(try select("state:modified.body", after: edit) == ["model.shop.orders"])
        #expect(try select("state:modified+", after: edit) == ["model.shop.daily", "model.shop.orders"])
        #expect(try select("1+state:modified", after: edit) == ["model.shop.orders", "seed.shop.raw_orders"])
        #expect(try select("state:modified.configs", after: edit).isEmpty)
    }

    @Test func changedMacroModifiesItsCallersOnly() throws {
        let edit = ["/p/macros/cents.sql": "{% macro cents(column) %}round({{ column }} / 100.0, 2){% endmacro %}\n"]
        #expect(try select("state:modified.macros", after: edit) == ["model.shop.orders"])
        #expect(try select("state:modified.body", after: edit).isEmpty)
    }

    @Test func aliasChangeIsRelationAndConfig() throws {
        let edit = ["/p/models/customers.sql": "{{ config(alias='clients') }}\nselect 1 as id\n"]
        #expect(try select("state:modified.relation", after: edit) == ["model.shop.customers"])
        #expect(try select("state:modified.configs", after: edit) == ["model.shop.customers"])
    }

    @Test func seedContentsAreItsBody() throws {
        let edit = ["/p/seeds/raw_orders.csv": "id,amount\n1,1000\n2,250\n"]
        #expect(try select("state:modified", after: edit) == ["seed.shop.raw_orders"])
    }

    @Test func newAndOldNodes() throws {
        let edit = ["/p/models/weekly.sql": "select * from {{ ref('daily') }}\n"]
        #expect(try select("state:new", after: edit) == ["model.shop.weekly"])
        #expect(try select("state:modified.body", after: edit) == ["model.shop.weekly"])
        #expect(try select("state:old", after: edit).count == 4)
        #expect(!(try select("state:unmodified", after: edit)).contains("model.shop.weekly"))
    }
}

/// `--since`: the nodes a set of changed files affects.
@Suite struct ChangedFilesTests {
    private func affected(_ paths: Set<String>) throws -> [String] {
        try compileInMemory(StateComparisonTests.before).nodesAffected(byChangedFiles: paths)
            .filter { !$0.hasPrefix("test.") }.sorted()
    }

    @Test func modelFileSelectsItAndDescendants() throws {
        #expect(try affected(["models/orders.sql"]) == ["model.shop.daily", "model.shop.orders"])
        #expect(try affected(["./models/customers.sql"]) == ["model.shop.customers"])
    }

    @Test func seedFilePropertiesFileAndMacroFileCount() throws {
        #expect(try affected(["seeds/raw_orders.csv"]) == ["model.shop.daily", "model.shop.orders", "seed.shop.raw_orders"])
        #expect(try affected(["models/schema.yml"]) == ["model.shop.daily", "model.shop.orders"])
        #expect(try affected(["macros/cents.sql"]) == ["model.shop.daily", "model.shop.orders"])
    }

    @Test func unrelatedFilesAffectNothing() throws {
        #expect(try affected(["README.md", "dbt_project.yml", "models/gone.sql"]).isEmpty)
    }
}
