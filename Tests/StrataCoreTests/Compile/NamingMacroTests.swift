import StrataDiagnostics
import Testing

@testable import StrataCore

/// A project's naming macros name every node as they would if run for each: a macro that depends on the custom
/// name alone is rendered once per custom name, any other for every node.
@Suite struct NamingMacroTests {
    func compile(schemaMacro: String, aliasMacro: String? = nil) -> SnapshotCompilation {
        var extra = [
            "/p/macros/schema.sql": "{% macro generate_schema_name(custom_schema_name, node) -%}\(schemaMacro){%- endmacro %}",
            "/p/models/a.sql": "{{ config(schema='sales') }}select 1 as id\n",
            "/p/models/b.sql": "{{ config(schema='sales') }}select 2 as id\n",
            "/p/models/c.sql": "{{ config(schema='finance') }}select 3 as id\n",
            "/p/models/d.sql": "select 4 as id\n",
        ]
        if let aliasMacro {
            extra["/p/macros/alias.sql"] = "{% macro generate_alias_name(custom_alias_name, node) -%}\(aliasMacro){%- endmacro %}"
        }
        return SnapshotCompilation(files(dbtSnapshotBase, extra))
    }

    func relations(_ result: SnapshotCompilation) throws -> [String] {
        try ["a", "b", "c", "d"].map { name in
            let relation = try #require(try result.node("model.shop.\(name)").relation)
            return "\(relation.schema).\(relation.identifier)"
        }
    }

    @Test func aMacroOfTheCustomNameAloneNamesEachNode() throws {
        let result = compile(schemaMacro: "{{ target.schema }}_{{ (custom_schema_name or 'default') | trim }}")
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(try relations(result) == ["main_sales.a", "main_sales.b", "main_finance.c", "main_default.d"])
    }

    @Test func anEmptyRenderFallsBackToEachNodesOwnName() throws {
        // Renders nothing for every node: each falls back to its own default, not the first node's.
        let result = compile(
            schemaMacro: "{%- if custom_schema_name -%}{{ custom_schema_name }}{%- endif -%}",
            aliasMacro: "{%- if custom_alias_name -%}{{ custom_alias_name }}{%- endif -%}")
        #expect(result.errors.isEmpty, "\(result.errors)")
        let names = try relations(result)
        #expect(names == ["sales.a", "sales.b", "finance.c", "main.d"], "\(names)")
    }

    @Test func aMacroReadingTheNodeRunsForEach() throws {
        let result = compile(schemaMacro: "{{ node.name }}_{{ custom_schema_name or 'none' }}")
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(try relations(result) == ["a_sales.a", "b_sales.b", "c_finance.c", "d_none.d"])
    }

    @Test func aFailingMacroReportsEveryNodeItNames() throws {
        let result = compile(schemaMacro: "{{ custom_schema_name ~ (1 / 0) }}")
        // The four models, the base project's model and its seed.
        #expect(result.errors.count == 6, "\(result.errors)")
        #expect(try relations(result) == ["main.a", "main.b", "main.c", "main.d"])
    }
}
