import StrataDiagnostics
import StrataJinja

/// dbt's four built-in generic tests, with dbt's SQL, registered below the project's and packages' own
/// `{% test %}` macros so those override them.
enum BuiltinTestMacros {
    /// The name the built-ins' template file goes by, which tells a built-in macro from an override.
    static let path = "<strata>/generic_tests.sql"

    static let source = """
        {% test unique(model, column_name) %}
        select
            {{ column_name }} as unique_field,
            count(*) as n_records
        from {{ model }}
        where {{ column_name }} is not null
        group by {{ column_name }}
        having count(*) > 1
        {% endtest %}

        {% test not_null(model, column_name) %}
        select {{ column_name }}
        from {{ model }}
        where {{ column_name }} is null
        {% endtest %}

        {% test accepted_values(model, column_name, values, quote=True) %}
        with all_values as (
            select
                {{ column_name }} as value_field,
                count(*) as n_records
            from {{ model }}
            group by {{ column_name }}
        )
        select *
        from all_values
        where value_field not in (
            {% for value in values -%}
                {% if quote -%}
                '{{ value }}'
                {%- else -%}
                {{ value }}
                {%- endif -%}
                {%- if not loop.last -%},{%- endif %}
            {%- endfor %}
        )
        {% endtest %}

        {% test relationships(model, column_name, to, field) %}
        with child as (
            select {{ column_name }} as from_field
            from {{ model }}
            where {{ column_name }} is not null
        ),
        parent as (
            select {{ field }} as to_field
            from {{ to }}
        )
        select
            from_field
        from child
        left join parent
            on child.from_field = parent.to_field
        where parent.to_field is null
        {% endtest %}
        """

    /// Adds the built-ins (namespace `dbt` and, unless taken, the root namespace) and makes packages' test
    /// macros reachable by bare name, as dbt does for generic tests.
    static func install(into environment: inout Environment, project: Project) {
        for (package, _) in project.packages.sorted(by: { $0.key < $1.key }) where package != project.name {
            for name in environment.macros.names(in: package) where name.hasPrefix("test_") {
                if let macro = environment.macros.macro(named: name, namespace: package) { try? environment.macros.add(macro, namespace: nil) }
            }
        }
        guard let template = try? environment.parse(SourceFile(path: path, text: source)) else { return }
        for macro in template.macros {
            try? environment.macros.add(macro, namespace: "dbt")
            try? environment.macros.add(macro, namespace: nil)
        }
    }
}
