/*---
description: One row per claim payment, with the claim type and the market of the policy — the cost side of the ledger.
tags: [finance]
---*/
select
    cp.payment_id,
    cp.claim_id,
    cp.paid_on,
    cp.paid_month,
    cp.amount_paid,
    cp.method,
    c.claim_type,
    ph.market,
    ph.employer_id
from core.claim_payments as cp
join core.claims as c on c.claim_id = cp.claim_id
join core.policy_holders as ph on ph.policy_id = c.policy_id
