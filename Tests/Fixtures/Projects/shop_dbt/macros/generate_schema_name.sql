{#
    Project override of dbt's built-in generate_schema_name: a custom schema
    (+schema: marts) is used as-is instead of being appended to the target
    schema ("main_marts"); models without one go to target.schema.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set default_schema = target.schema -%}
    {%- if custom_schema_name is none -%}
        {{ default_schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
