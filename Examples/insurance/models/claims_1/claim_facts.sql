/*---
description: One row per claim with its member, plan, provider network and what has been paid so far.
tags: [claims, daily]
columns:
  claim_id: Claim key.
  member_id: The insured member.
  member_name: Full name of the member.
  tier: Plan tier of the policy the claim is made under.
  network: in, out, or unknown when the claim has no provider.
  amount_claimed: Amount claimed in EUR.
  amount_paid: Sum of all payments on the claim so far (0 when none).
  payment_count: Number of payments (large claims are paid in instalments).
  last_paid_on: Date of the latest payment, NULL when unpaid.
  amount_open: For approved claims, what is still to be paid; 0 otherwise.
---*/
with paid as (
    select
        cp.claim_id,
        sum(cp.amount_paid) as amount_paid,
        count(*) as payment_count,
        max(cp.paid_on) as last_paid_on
    from core.claim_payments as cp
    group by cp.claim_id
)

select
    c.claim_id,
    c.policy_id,
    ph.member_id,
    ph.full_name as member_name,
    ph.plan_code,
    ph.tier,
    ph.market,
    c.provider_id,
    coalesce(pr.network, 'unknown') as network,
    c.service_date,
    c.service_month,
    c.claim_type,
    c.status,
    c.amount_claimed,
    coalesce(paid.amount_paid, 0) as amount_paid,
    coalesce(paid.payment_count, 0) as payment_count,
    paid.last_paid_on,
    case
        when c.status = 'approved' then c.amount_claimed - coalesce(paid.amount_paid, 0)
        else 0
    end as amount_open
from core.claims as c
join core.policy_holders as ph on ph.policy_id = c.policy_id
left join core.providers as pr on pr.provider_id = c.provider_id
left join paid on paid.claim_id = c.claim_id
