{{
    config(
        post_hook=[
            "insert into {{ target.schema }}.shop_run_log (event, detail) values ('post_hook', '{{ this.identifier }}')"
        ]
    )
}}
-- built as {{ this }} (a table in the marts schema, from the folder config)
{%- set high_value = var('high_value_order_eur', 150) %}

with items as (
    select
        order_id,
        count(*) as line_count,
        sum(quantity) as item_count,
        sum(line_total_cents) as items_cents,
        max(is_discounted) as has_discount
    from {{ ref('int_order_items_enriched') }}
    group by order_id
)

select
    o.order_id,
    o.customer_id,
    o.order_date,
    o.order_month,
    o.status,
    o.days_to_ship,
    i.line_count,
    i.item_count,
    {{ cents_to_euros('i.items_cents') }} as order_total_eur,
    {{ cents_to_euros('i.items_cents - round(i.items_cents / (1 + ' ~ var('vat_rate') ~ '))') }} as vat_eur,
    {{ cents_to_euros('coalesce(p.paid_cents, 0)') }} as paid_eur,
    coalesce(p.payment_count, 0) as payment_count,
    {% for method in ['card', 'paypal', 'bank_transfer', 'gift_card'] -%}
    {{ cents_to_euros('coalesce(p.' ~ method ~ '_cents, 0)') }} as paid_{{ method }}_eur,
    {% endfor -%}
    i.has_discount,
    case
        when coalesce(p.paid_cents, 0) >= i.items_cents then 'paid'
        when coalesce(p.paid_cents, 0) > 0 then 'partially_paid'
        else 'unpaid'
    end as payment_status,
    case when i.items_cents >= {{ high_value * 100 }} then 'Y' else 'N' end as is_high_value
from {{ ref('stg_orders') }} as o
join items as i on i.order_id = o.order_id
left join {{ ref('int_order_payments') }} as p on p.order_id = o.order_id
