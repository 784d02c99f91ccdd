{# Ephemeral (folder default): inlined as a CTE into the models that ref() it. #}
select
    oi.order_item_id,
    oi.order_id,
    oi.product_id,
    p.sku,
    p.category,
    oi.quantity,
    oi.unit_price_cents,
    oi.line_total_cents,
    {{ cents_to_euros('oi.line_total_cents') }} as line_total_eur,
    case when oi.unit_price_cents < p.price_cents then 'Y' else 'N' end as is_discounted
from {{ ref('stg_order_items') }} as oi
join {{ ref('stg_products') }} as p
    on p.product_id = oi.product_id
