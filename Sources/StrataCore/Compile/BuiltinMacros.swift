import StrataDiagnostics
import StrataJinja

/// The cross-database macros dbt ships in its `dbt` namespace, with the default, PostgreSQL and SQLite
/// implementations, compiled into the binary. They are dispatched like dbt's (`adapter.dispatch('dateadd', 'dbt')`),
/// reachable as `dbt.dateadd(...)` and, unless the root project defines the same name, as bare `dateadd(...)`.
enum BuiltinMacros {
    static let namespace = "dbt"
    static let path = "<dbt>/macros/utils.sql"

    /// Adds the macros to the `dbt` namespace and to the root namespace (the root project's own macros, added
    /// afterwards with `replacing: true`, override them).
    static func install(into library: inout MacroLibrary, options: ParseOptions) throws(Diagnostic) {
        let template = try Template.parse(SourceFile(path: path, text: source), options: options)
        try library.add(template, namespace: namespace)
        try library.add(template, namespace: nil, replacing: true)
    }

    /// Names of the dispatching entry points (for documentation and tests).
    static let entryPoints = [
        "dateadd", "datediff", "concat", "safe_cast", "type_string", "type_int", "type_numeric", "type_timestamp",
        "type_boolean", "type_float", "type_bigint", "current_timestamp", "hash", "split_part", "string_literal",
        "any_value", "bool_or", "listagg", "date_trunc", "last_day", "replace", "length", "position", "right",
        "escape_single_quotes", "cast_bool_to_text",
    ]

    static let source = #"""
{% macro dateadd(datepart, interval, from_date_or_timestamp) -%}
{{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
{%- endmacro %}
{% macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}
dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}
{% macro postgres__dateadd(datepart, interval, from_date_or_timestamp) -%}
{{ from_date_or_timestamp }} + ((interval '1 {{ datepart }}') * ({{ interval }}))
{%- endmacro %}
{% macro sqlite__dateadd(datepart, interval, from_date_or_timestamp) -%}
{%- set part = datepart | lower -%}
{%- if part == 'week' -%}{%- set amount = '(' ~ interval ~ ') * 7' -%}{%- set unit = 'days' -%}
{%- elif part == 'quarter' -%}{%- set amount = '(' ~ interval ~ ') * 3' -%}{%- set unit = 'months' -%}
{%- elif part in ['year', 'month', 'day', 'hour', 'minute', 'second'] -%}{%- set amount = '(' ~ interval ~ ')' -%}{%- set unit = part ~ 's' -%}
{%- else -%}{{ exceptions.raise_compiler_error("Unsupported datepart for macro dateadd in sqlite: '" ~ datepart ~ "'") }}
{%- endif -%}
datetime({{ from_date_or_timestamp }}, ({{ amount }}) || ' {{ unit }}')
{%- endmacro %}

{% macro datediff(first_date, second_date, datepart) -%}
{{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
{%- endmacro %}
{% macro default__datediff(first_date, second_date, datepart) -%}
datediff({{ datepart }}, {{ first_date }}, {{ second_date }})
{%- endmacro %}
{% macro postgres__datediff(first_date, second_date, datepart) -%}
{%- if datepart == 'year' -%}
(date_part('year', ({{ second_date }})::date) - date_part('year', ({{ first_date }})::date))
{%- elif datepart == 'quarter' -%}
({{ datediff(first_date, second_date, 'year') }} * 4 + date_part('quarter', ({{ second_date }})::date) - date_part('quarter', ({{ first_date }})::date))
{%- elif datepart == 'month' -%}
({{ datediff(first_date, second_date, 'year') }} * 12 + date_part('month', ({{ second_date }})::date) - date_part('month', ({{ first_date }})::date))
{%- elif datepart == 'day' -%}
(({{ second_date }})::date - ({{ first_date }})::date)
{%- elif datepart == 'week' -%}
({{ datediff(first_date, second_date, 'day') }} / 7 + case
    when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp) then
        case when {{ first_date }} <= {{ second_date }} then 0 else -1 end
    else
        case when {{ first_date }} <= {{ second_date }} then 1 else 0 end
end)
{%- elif datepart == 'hour' -%}
({{ datediff(first_date, second_date, 'day') }} * 24 + date_part('hour', ({{ second_date }})::timestamp) - date_part('hour', ({{ first_date }})::timestamp))
{%- elif datepart == 'minute' -%}
({{ datediff(first_date, second_date, 'hour') }} * 60 + date_part('minute', ({{ second_date }})::timestamp) - date_part('minute', ({{ first_date }})::timestamp))
{%- elif datepart == 'second' -%}
({{ datediff(first_date, second_date, 'minute') }} * 60 + floor(date_part('second', ({{ second_date }})::timestamp)) - floor(date_part('second', ({{ first_date }})::timestamp)))
{%- else -%}
{{ exceptions.raise_compiler_error("Unsupported datepart for macro datediff in postgres: '" ~ datepart ~ "'") }}
{%- endif -%}
{%- endmacro %}
{% macro sqlite__datediff(first_date, second_date, datepart) -%}
{%- set part = datepart | lower -%}
{%- if part == 'year' -%}
(CAST(strftime('%Y', {{ second_date }}) AS INTEGER) - CAST(strftime('%Y', {{ first_date }}) AS INTEGER))
{%- elif part == 'quarter' -%}
({{ datediff(first_date, second_date, 'year') }} * 4 + (CAST(strftime('%m', {{ second_date }}) AS INTEGER) + 2) / 3 - (CAST(strftime('%m', {{ first_date }}) AS INTEGER) + 2) / 3)
{%- elif part == 'month' -%}
({{ datediff(first_date, second_date, 'year') }} * 12 + CAST(strftime('%m', {{ second_date }}) AS INTEGER) - CAST(strftime('%m', {{ first_date }}) AS INTEGER))
{%- elif part == 'day' -%}
CAST(julianday(date({{ second_date }})) - julianday(date({{ first_date }})) AS INTEGER)
{%- elif part == 'week' -%}
(CAST(julianday(date({{ second_date }}, '-6 days', 'weekday 1')) - julianday(date({{ first_date }}, '-6 days', 'weekday 1')) AS INTEGER) / 7)
{%- elif part == 'hour' -%}
CAST(round((julianday(strftime('%Y-%m-%d %H:00:00', {{ second_date }})) - julianday(strftime('%Y-%m-%d %H:00:00', {{ first_date }}))) * 24) AS INTEGER)
{%- elif part == 'minute' -%}
CAST(round((julianday(strftime('%Y-%m-%d %H:%M:00', {{ second_date }})) - julianday(strftime('%Y-%m-%d %H:%M:00', {{ first_date }}))) * 1440) AS INTEGER)
{%- elif part == 'second' -%}
CAST(round((julianday(strftime('%Y-%m-%d %H:%M:%S', {{ second_date }})) - julianday(strftime('%Y-%m-%d %H:%M:%S', {{ first_date }}))) * 86400) AS INTEGER)
{%- else -%}
{{ exceptions.raise_compiler_error("Unsupported datepart for macro datediff in sqlite: '" ~ datepart ~ "'") }}
{%- endif -%}
{%- endmacro %}

{% macro concat(fields) -%}
{{ return(adapter.dispatch('concat', 'dbt')(fields)) }}
{%- endmacro %}
{% macro default__concat(fields) -%}
{{ fields | join(' || ') }}
{%- endmacro %}

{% macro safe_cast(field, type) -%}
{{ return(adapter.dispatch('safe_cast', 'dbt')(field, type)) }}
{%- endmacro %}
{% macro default__safe_cast(field, type) -%}
cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro type_string() -%}{{ return(adapter.dispatch('type_string', 'dbt')()) }}{%- endmacro %}
{% macro default__type_string() -%}{{ return('TEXT') }}{%- endmacro %}
{% macro postgres__type_string() -%}{{ return('text') }}{%- endmacro %}
{% macro type_int() -%}{{ return(adapter.dispatch('type_int', 'dbt')()) }}{%- endmacro %}
{% macro default__type_int() -%}{{ return('INT') }}{%- endmacro %}
{% macro postgres__type_int() -%}{{ return('integer') }}{%- endmacro %}
{% macro sqlite__type_int() -%}{{ return('INTEGER') }}{%- endmacro %}
{% macro type_bigint() -%}{{ return(adapter.dispatch('type_bigint', 'dbt')()) }}{%- endmacro %}
{% macro default__type_bigint() -%}{{ return('BIGINT') }}{%- endmacro %}
{% macro sqlite__type_bigint() -%}{{ return('INTEGER') }}{%- endmacro %}
{% macro type_numeric() -%}{{ return(adapter.dispatch('type_numeric', 'dbt')()) }}{%- endmacro %}
{% macro default__type_numeric() -%}{{ return('numeric(28,6)') }}{%- endmacro %}
{% macro sqlite__type_numeric() -%}{{ return('NUMERIC') }}{%- endmacro %}
{% macro type_float() -%}{{ return(adapter.dispatch('type_float', 'dbt')()) }}{%- endmacro %}
{% macro default__type_float() -%}{{ return('FLOAT') }}{%- endmacro %}
{% macro sqlite__type_float() -%}{{ return('REAL') }}{%- endmacro %}
{% macro type_timestamp() -%}{{ return(adapter.dispatch('type_timestamp', 'dbt')()) }}{%- endmacro %}
{% macro default__type_timestamp() -%}{{ return('TIMESTAMP') }}{%- endmacro %}
{% macro postgres__type_timestamp() -%}{{ return('timestamp without time zone') }}{%- endmacro %}
{% macro type_boolean() -%}{{ return(adapter.dispatch('type_boolean', 'dbt')()) }}{%- endmacro %}
{% macro default__type_boolean() -%}{{ return('BOOLEAN') }}{%- endmacro %}
{% macro postgres__type_boolean() -%}{{ return('boolean') }}{%- endmacro %}

{% macro current_timestamp() -%}
{{ return(adapter.dispatch('current_timestamp', 'dbt')()) }}
{%- endmacro %}
{% macro default__current_timestamp() -%}
current_timestamp
{%- endmacro %}
{% macro postgres__current_timestamp() -%}
now()
{%- endmacro %}
{% macro sqlite__current_timestamp() -%}
datetime('now')
{%- endmacro %}

{% macro hash(field) -%}
{{ return(adapter.dispatch('hash', 'dbt')(field)) }}
{%- endmacro %}
{% macro default__hash(field) -%}
md5(cast({{ field }} as {{ type_string() }}))
{%- endmacro %}
{% macro postgres__hash(field) -%}
md5(cast({{ field }} as varchar))
{%- endmacro %}
{#- SQLite has no hash function built in; hex() gives a stable, comparable key. -#}
{% macro sqlite__hash(field) -%}
lower(hex(cast({{ field }} as TEXT)))
{%- endmacro %}

{% macro split_part(string_text, delimiter_text, part_number) -%}
{{ return(adapter.dispatch('split_part', 'dbt')(string_text, delimiter_text, part_number)) }}
{%- endmacro %}
{% macro default__split_part(string_text, delimiter_text, part_number) -%}
split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
{%- endmacro %}
{% macro sqlite__split_part(string_text, delimiter_text, part_number) -%}
{%- set rest = namespace(sql=string_text) -%}
{%- for _ in range((part_number | int) - 1) -%}
{%- set rest.sql = "(case when instr(" ~ rest.sql ~ ", " ~ delimiter_text ~ ") > 0 then substr(" ~ rest.sql ~ ", instr(" ~ rest.sql ~ ", " ~ delimiter_text ~ ") + length(" ~ delimiter_text ~ ")) else '' end)" -%}
{%- endfor -%}
(case when instr({{ rest.sql }}, {{ delimiter_text }}) > 0 then substr({{ rest.sql }}, 1, instr({{ rest.sql }}, {{ delimiter_text }}) - 1) else {{ rest.sql }} end)
{%- endmacro %}

{% macro string_literal(value) -%}
{{ return(adapter.dispatch('string_literal', 'dbt')(value)) }}
{%- endmacro %}
{% macro default__string_literal(value) -%}
'{{ value }}'
{%- endmacro %}

{% macro any_value(expression) -%}
{{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}
{%- endmacro %}
{% macro default__any_value(expression) -%}
any_value({{ expression }})
{%- endmacro %}
{% macro postgres__any_value(expression) -%}
min({{ expression }})
{%- endmacro %}
{% macro sqlite__any_value(expression) -%}
min({{ expression }})
{%- endmacro %}

{% macro bool_or(expression) -%}
{{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}
{%- endmacro %}
{% macro default__bool_or(expression) -%}
bool_or({{ expression }})
{%- endmacro %}
{% macro sqlite__bool_or(expression) -%}
max({{ expression }})
{%- endmacro %}

{% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) -%}
{{ return(adapter.dispatch('listagg', 'dbt')(measure, delimiter_text, order_by_clause, limit_num)) }}
{%- endmacro %}
{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}
array_to_string(array_slice(array_agg({{ measure }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}, 0, {{ limit_num }}), {{ delimiter_text }})
{%- else -%}
listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endif -%}
{%- endmacro %}
{% macro postgres__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}
array_to_string((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], {{ delimiter_text }})
{%- else -%}
string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
{%- endif -%}
{%- endmacro %}
{% macro sqlite__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}
{{ exceptions.raise_compiler_error("listagg with limit_num is not supported on sqlite") }}
{%- endif -%}
group_concat({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
{%- endmacro %}

{% macro date_trunc(datepart, date) -%}
{{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}
{%- endmacro %}
{% macro default__date_trunc(datepart, date) -%}
date_trunc('{{ datepart }}', {{ date }})
{%- endmacro %}
{% macro sqlite__date_trunc(datepart, date) -%}
{%- set part = datepart | lower -%}
{%- if part == 'year' -%}date({{ date }}, 'start of year')
{%- elif part == 'quarter' -%}date({{ date }}, 'start of month', '-' || ((CAST(strftime('%m', {{ date }}) AS INTEGER) - 1) % 3) || ' months')
{%- elif part == 'month' -%}date({{ date }}, 'start of month')
{%- elif part == 'week' -%}date({{ date }}, '-6 days', 'weekday 1')
{%- elif part == 'day' -%}date({{ date }})
{%- elif part == 'hour' -%}strftime('%Y-%m-%d %H:00:00', {{ date }})
{%- elif part == 'minute' -%}strftime('%Y-%m-%d %H:%M:00', {{ date }})
{%- elif part == 'second' -%}strftime('%Y-%m-%d %H:%M:%S', {{ date }})
{%- else -%}{{ exceptions.raise_compiler_error("Unsupported datepart for macro date_trunc in sqlite: '" ~ datepart ~ "'") }}
{%- endif -%}
{%- endmacro %}

{% macro last_day(date, datepart) -%}
{{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}
{%- endmacro %}
{% macro default__last_day(date, datepart) -%}
cast({{ dateadd('day', '-1', dateadd(datepart, '1', date_trunc(datepart, date))) }} as date)
{%- endmacro %}
{% macro postgres__last_day(date, datepart) -%}
{%- if datepart == 'quarter' -%}
cast({{ dateadd('day', '-1', dateadd('month', '3', date_trunc(datepart, date))) }} as date)
{%- else -%}
{{ default__last_day(date, datepart) }}
{%- endif -%}
{%- endmacro %}
{% macro sqlite__last_day(date, datepart) -%}
date({{ dateadd('day', '-1', dateadd(datepart, '1', date_trunc(datepart, date))) }})
{%- endmacro %}

{% macro replace(field, old_chars, new_chars) -%}
{{ return(adapter.dispatch('replace', 'dbt')(field, old_chars, new_chars)) }}
{%- endmacro %}
{% macro default__replace(field, old_chars, new_chars) -%}
replace({{ field }}, {{ old_chars }}, {{ new_chars }})
{%- endmacro %}

{% macro length(expression) -%}
{{ return(adapter.dispatch('length', 'dbt')(expression)) }}
{%- endmacro %}
{% macro default__length(expression) -%}
length({{ expression }})
{%- endmacro %}

{% macro position(substring_text, string_text) -%}
{{ return(adapter.dispatch('position', 'dbt')(substring_text, string_text)) }}
{%- endmacro %}
{% macro default__position(substring_text, string_text) -%}
position({{ substring_text }} in {{ string_text }})
{%- endmacro %}
{% macro sqlite__position(substring_text, string_text) -%}
instr({{ string_text }}, {{ substring_text }})
{%- endmacro %}

{% macro right(string_text, length_expression) -%}
{{ return(adapter.dispatch('right', 'dbt')(string_text, length_expression)) }}
{%- endmacro %}
{% macro default__right(string_text, length_expression) -%}
right({{ string_text }}, {{ length_expression }})
{%- endmacro %}
{% macro sqlite__right(string_text, length_expression) -%}
(case when ({{ length_expression }}) = 0 then '' else substr({{ string_text }}, -({{ length_expression }})) end)
{%- endmacro %}

{% macro escape_single_quotes(expression) -%}
{{ return(adapter.dispatch('escape_single_quotes', 'dbt')(expression)) }}
{%- endmacro %}
{% macro default__escape_single_quotes(expression) -%}
{{ expression | replace("'", "''") }}
{%- endmacro %}

{% macro cast_bool_to_text(field) -%}
{{ return(adapter.dispatch('cast_bool_to_text', 'dbt')(field)) }}
{%- endmacro %}
{% macro default__cast_bool_to_text(field) -%}
cast({{ field }} as {{ type_string() }})
{%- endmacro %}
{% macro sqlite__cast_bool_to_text(field) -%}
(case when ({{ field }}) is null then null when ({{ field }}) then 'true' else 'false' end)
{%- endmacro %}
"""#
}
