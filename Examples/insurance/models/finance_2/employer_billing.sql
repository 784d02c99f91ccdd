/*---
description: Every employer with the policies it pays for, premiums billed and the claims paid for its staff (employers without insured staff included).
tags: [finance, employers]
columns:
  employer_id: Employer key.
  insured_policies: Number of distinct policies billed to the employer's staff.
  premium_billed: Premiums invoiced in EUR (0 when none).
  claims_paid: Claims paid for the employer's staff in EUR.
---*/
select
    e.employer_id,
    e.employer_name,
    e.country_code,
    e.size_band,
    count(distinct pi.policy_id) as insured_policies,
    coalesce(sum(pi.amount_due), 0) as premium_billed,
    (
        select coalesce(sum(cc.amount_paid), 0)
        from finance.claim_costs as cc
        where cc.employer_id = e.employer_id
    ) as claims_paid
from core.employers as e
left join finance.premium_income as pi on pi.employer_id = e.employer_id
group by e.employer_id, e.employer_name, e.country_code, e.size_band
