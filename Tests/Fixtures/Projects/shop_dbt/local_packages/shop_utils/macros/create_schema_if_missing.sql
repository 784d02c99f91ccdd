{# Used by the on-run-start hook: make sure the target schema exists before the
   first statement writes into it. #}
{% macro create_schema_if_missing(schema_name) -%}
    {{ return(adapter.dispatch('create_schema_if_missing', 'shop_utils')(schema_name)) }}
{%- endmacro %}

{% macro default__create_schema_if_missing(schema_name) -%}
    create schema if not exists {{ schema_name }}
{%- endmacro %}

{# In dbt-sqlite a schema is an attached database file; "main" always exists. #}
{% macro sqlite__create_schema_if_missing(schema_name) -%}
    select 1 as schema_exists
{%- endmacro %}
