-- depends_on: {{ ref('raw_payments') }}
select
    payment_id,
    order_id,
    payment_method,
    amount_cents,
    {{ cents_to_euros('amount_cents') }} as amount_eur,
    paid_at
from {{ source('shop', 'payments') }}
