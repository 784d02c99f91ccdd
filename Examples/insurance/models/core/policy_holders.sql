/*---
description: >
  Helper that joins every policy to its member and plan. Ephemeral: it is not
  built in the warehouse but inlined as a CTE into the models that read it.
materialized: ephemeral
tags: [core]
---*/
select
    po.policy_id,
    po.member_id,
    m.full_name,
    m.employer_id,
    m.segment,
    po.plan_code,
    pl.tier,
    pl.market,
    pl.monthly_premium,
    pl.deductible,
    pl.coinsurance_rate,
    po.start_date,
    po.effective_end_date,
    po.status as policy_status
from core.policies as po
join core.members as m on m.member_id = po.member_id
join core.plans as pl on pl.plan_code = po.plan_code
