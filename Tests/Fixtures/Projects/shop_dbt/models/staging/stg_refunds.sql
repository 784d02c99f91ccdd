{#- The reporting window comes from fixed dates, so the SQL is the same on every run: the end of January 2024
    plus one day, and 32 days before that, computed with modules.datetime as dbt projects do. -#}
{%- set window_end = modules.datetime.datetime(2024, 1, 31) + modules.datetime.timedelta(days=1) -%}
{%- set window_start = window_end - modules.datetime.timedelta(weeks=4, days=4) -%}
select
    r."Refund ID" as refund_id,
    r.order_id,
    r."Refund Amount" as amount,
    r."Units" as units,
    r."Refund Amount" * x.RateToEUR as amount_eur,
    r."Refunded On" as refunded_on,
    '{{ window_start.date() }}' as window_start,
    '{{ window_end }}' as window_end,
    {{ (window_end - window_start).days }} as window_days,
    '{{ window_end - modules.datetime.datetime(2024, 1, 1, 12) }}' as since_new_year_noon
from {{ ref('raw_refunds') }} as r
{#- raw_exchange_rates is loaded with quote_columns: false, so PostgreSQL folds its names to lower case and the
    bare names below find them on both engines #}
join {{ ref('raw_exchange_rates') }} as x on x.CurrencyCode = r."Currency"
where r."Refunded On" >= '{{ window_start.strftime("%Y-%m-%d") }}'
  and r."Refunded On" < '{{ window_end.strftime("%Y-%m-%d") }}'
