/*---
description: Event log of the claim lifecycle (service, submission, each payment), one row per event.
tags: [claims]
columns:
  claim_id: Claim key.
  event_type: service, submitted or paid.
  event_date: Date of the event as YYYY-MM-DD text.
  amount: Amount of the event in EUR (NULL for submissions).
---*/
select
    c.claim_id,
    'service' as event_type,
    CAST(c.service_date AS TEXT) as event_date,
    c.amount_claimed as amount
from core.claims as c

union all

select
    c.claim_id,
    'submitted' as event_type,
    substr(CAST(c.submitted_at AS TEXT), 1, 10) as event_date,
    null as amount
from core.claims as c

union all

select
    cp.claim_id,
    'paid' as event_type,
    CAST(cp.paid_on AS TEXT) as event_date,
    cp.amount_paid as amount
from core.claim_payments as cp
