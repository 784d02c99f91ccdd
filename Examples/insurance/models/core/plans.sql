/*---
description: Insurance plans on offer (and closed ones), with the market they are sold in.
tags: [core]
columns:
  plan_code: Plan key, e.g. GLD-GRP.
  tier: bronze, silver, gold or platinum.
  tier_rank: 1 (bronze) to 4 (platinum), for sorting.
  market: group (bought by an employer) or individual.
  monthly_premium: Premium per month in EUR.
  deductible: Yearly deductible in EUR.
  coinsurance_rate: Share of each claim the member pays after the deductible.
  is_active: Y when the plan can still be sold, N when closed.
---*/
select
    p.plan_code,
    p.plan_name,
    p.tier,
    case p.tier
        when 'bronze' then 1
        when 'silver' then 2
        when 'gold' then 3
        when 'platinum' then 4
    end as tier_rank,
    -- LIKE is case-insensitive in SQLite but not in PostgreSQL: compare a substring instead
    case
        when substr(p.plan_code, length(p.plan_code) - 2) = 'GRP' then 'group'
        else 'individual'
    end as market,
    p.monthly_premium,
    p.deductible,
    p.coinsurance_rate,
    p.is_active
from raw.plans as p
