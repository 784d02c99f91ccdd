import StrataDiagnostics
import Testing

@testable import StrataJinja

/// Which macros render the same text for the same arguments, with no other effect: callers render those once
/// per distinct argument.
@Suite struct ArgumentPurityTests {
    func isPure(_ body: String, parameters: String = "custom_schema_name, node") throws -> Bool {
        let text = "{% macro naming(\(parameters)) -%}\(body){%- endmacro %}"
        let macro = try #require(try Template.parse(SourceFile(path: "macros/naming.sql", text: text)).macros.first)
        return macro.dependsOnlyOnArguments(andGlobals: ["target"])
    }

    @Test func dbtsUsualSchemaNamingIsPure() throws {
        let body = """
            {%- set default_schema = target.schema -%}
            {%- if custom_schema_name is none or target.type == 'sqlite' -%}{{ default_schema }}
            {%- else -%}{{ default_schema }}_{{ custom_schema_name | trim | lower }}{%- endif -%}
            """
        #expect(try isPure(body))
        #expect(try isPure("{% for part in [custom_schema_name, 'x'] %}{{ loop.index }}{{ part }}{% endfor %}"))
        #expect(try isPure("{% set a, b = 1, 2 %}{{ a ~ b ~ (custom_schema_name or 'none')[0:3] }}"))
        #expect(try isPure("{{ suffix }}", parameters: "custom_schema_name, node, suffix='_x' | upper"))
    }

    @Test func callsOtherGlobalsAndEffectsAreNot() throws {
        #expect(try !isPure("{{ var('schema_prefix') }}{{ custom_schema_name }}"))
        #expect(try !isPure("{% do log('naming', info=true) %}{{ target.schema }}"))
        #expect(try !isPure("{{ env_var('SCHEMA') }}"))
        #expect(try !isPure("{{ this.schema }}"))
        #expect(try !isPure("{{ model.name }}"))
        #expect(try !isPure("{{ custom_schema_name | tojson }}"))
        #expect(try !isPure("{% include 'other.sql' %}"))
        #expect(try !isPure("{% macro inner() %}x{% endmacro %}{{ custom_schema_name }}"))
        #expect(try !isPure("{% set ns = namespace(x=1) %}{% set ns.x = 2 %}{{ ns.x }}"))
        #expect(try !isPure("{{ caller() }}"))
        #expect(try !isPure("{{ varargs }}"))
        #expect(try !isPure("{{ custom_schema_name }}", parameters: "custom_schema_name, node, suffix=run_started_at"))
    }
}
