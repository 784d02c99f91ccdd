import Foundation
import StrataDiagnostics
import StrataJinja

/// dbt's four built-in generic tests, with dbt's SQL, registered below the project's and packages' own
/// `{% test %}` macros so those override them.
enum BuiltinTestMacros {
    /// The name the built-ins' template file goes by, which tells a built-in macro from an override.
    static let path = "<strata>/generic_tests.sql"

    /// Each built-in's `{% test %}` signature and body, dbt's SQL. The template source below is made from them, and
    /// `BuiltinTestSQL` fills the same bodies in directly (`pieces`), so the two cannot drift apart.
    static let definitions: [(name: String, parameters: String, body: String)] = [
        (
            "unique", "model, column_name",
            """
            select
                {{ column_name }} as unique_field,
                count(*) as n_records
            from {{ model }}
            where {{ column_name }} is not null
            group by {{ column_name }}
            having count(*) > 1
            """
        ),
        (
            "not_null", "model, column_name",
            """
            select {{ column_name }}
            from {{ model }}
            where {{ column_name }} is null
            """
        ),
        (
            "accepted_values", "model, column_name, values, quote=True",
            """
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
            """
        ),
        (
            "relationships", "model, column_name, to, field",
            """
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
            """
        ),
    ]

    static let source = definitions.map { "{% test \($0.name)(\($0.parameters)) %}\n\($0.body)\n{% endtest %}" }.joined(separator: "\n\n")

    /// A part of a built-in's body as `BuiltinTestSQL` fills it in: text as it is, a `{{ name }}` expression, or
    /// accepted_values' loop writing `values` (the only statement in the bodies).
    enum Piece: Equatable {
        case text(String)
        case expression(String)
        case valueList
    }

    /// Each built-in's body cut into pieces, by test name.
    static let pieces: [String: [Piece]] = Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, cut($0.body)) })

    private static func cut(_ body: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = body[...]
        while let open = rest.range(of: "{") {
            let tail = rest[open.lowerBound...]
            if tail.hasPrefix("{{"), let close = tail.range(of: "}}") {
                pieces.append(.text(String(rest[..<open.lowerBound])))
                pieces.append(.expression(tail[tail.index(tail.startIndex, offsetBy: 2)..<close.lowerBound].trimmingCharacters(in: .whitespaces)))
                rest = tail[close.upperBound...]
            } else if tail.hasPrefix("{% for"), let close = tail.range(of: "{%- endfor %}") {
                pieces.append(.text(String(rest[..<open.lowerBound])))
                pieces.append(.valueList)
                rest = tail[close.upperBound...]
            } else {
                preconditionFailure("a built-in test body holds only {{ expressions }} and the values loop")
            }
        }
        pieces.append(.text(String(rest)))
        return pieces
    }

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
