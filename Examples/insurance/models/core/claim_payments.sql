-- Documented in models/core/schema.yml.
select
    cp.payment_id,
    cp.claim_id,
    cp.paid_on,
    substr(CAST(cp.paid_on AS TEXT), 1, 7) as paid_month,
    cp.amount_paid,
    cp.method
from raw.claim_payments as cp
