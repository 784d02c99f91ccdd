-- depends_on: {{ ref('raw_orders') }}
select
    order_id,
    customer_id,
    order_date,
    substr(CAST(order_date AS TEXT), 1, 7) as order_month,
    lower(status) as status,
    shipped_date,
    {{ shop_utils.days_between('order_date', 'shipped_date') }} as days_to_ship
from {{ source('shop', 'orders') }}
