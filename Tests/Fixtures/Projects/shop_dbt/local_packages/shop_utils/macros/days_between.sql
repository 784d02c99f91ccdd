{#
    Whole days from start_date to end_date (NULL when either is NULL).
    Date arithmetic differs per engine, so the implementation is dispatched:
    dbt looks for <adapter>__days_between in shop_utils (or in a project
    listed in a dispatch config), then falls back to default__days_between.
#}
{% macro days_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('days_between', 'shop_utils')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__days_between(start_date, end_date) -%}
    {{ dbt.datediff(start_date, end_date, 'day') }}
{%- endmacro %}

{% macro postgres__days_between(start_date, end_date) -%}
    ({{ end_date }}::date - {{ start_date }}::date)
{%- endmacro %}

{% macro sqlite__days_between(start_date, end_date) -%}
    CAST(julianday({{ end_date }}) - julianday({{ start_date }}) AS INTEGER)
{%- endmacro %}
