-- Singular test: a completed order must have been paid in full.
-- Returns the offending orders; the test passes when there are none.
select
    order_id,
    order_total_eur,
    paid_eur
from {{ ref('fct_orders') }}
where status = 'completed'
    and paid_eur < order_total_eur
