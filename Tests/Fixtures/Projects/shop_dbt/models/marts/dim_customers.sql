{%- set currency = var('shop_currency') -%}
{#- The currency symbol is chosen at compile time from a project var. -#}
{%- if currency == 'EUR' -%}
    {%- set symbol = '€' -%}
{%- elif currency == 'CHF' -%}
    {%- set symbol = 'Fr.' -%}
{%- else -%}
    {%- set symbol = currency -%}
{%- endif -%}

with customer_orders as (
    select
        customer_id,
        count(*) as order_count,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date,
        sum(case when status in ('completed', 'shipped') then order_total_eur else 0 end) as lifetime_value_eur
    from {{ ref('fct_orders') }}
    where status <> 'cancelled'
    group by customer_id
)

select
    c.customer_id,
    c.full_name,
    c.email,
    c.country_code,
    coalesce(co.country_name, 'Unknown') as country_name,
    coalesce(co.region, 'Unknown') as region,
    c.signup_date,
    coalesce(o.order_count, 0) as order_count,
    o.first_order_date,
    o.last_order_date,
    coalesce(o.lifetime_value_eur, 0) as lifetime_value_eur,
    '{{ currency }}' as currency,
    '{{ symbol }}' as currency_symbol,
    case
        when o.order_count is null then 'prospect'
        when o.order_count = 1 then 'new'
        else 'returning'
    end as customer_type
from {{ ref('stg_customers') }} as c
left join {{ ref('stg_countries') }} as co on co.country_code = c.country_code
left join customer_orders as o on o.customer_id = c.customer_id
