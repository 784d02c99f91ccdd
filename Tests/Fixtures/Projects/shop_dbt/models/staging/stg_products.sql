-- depends_on: {{ ref('raw_products') }}
select
    product_id,
    sku,
    product_name,
    category,
    price_cents,
    {{ cents_to_euros('price_cents') }} as price_eur,
    {#- is_active is a boolean seed column: boolean in PostgreSQL, 0/1 in SQLite -#}
    case when is_active then 'Y' else 'N' end as is_active
from {{ source('shop', 'products') }}
