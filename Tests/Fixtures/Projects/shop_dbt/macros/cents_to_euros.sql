{#- Converts an integer amount in cents to euros with `scale` decimals.
    The 100.0 keeps SQLite from doing integer division. -#}
{% macro cents_to_euros(column_name, scale=2) -%}
    round(CAST({{ column_name }} AS NUMERIC) / 100.0, {{ scale }})
{%- endmacro %}
