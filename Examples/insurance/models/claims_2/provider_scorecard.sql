/*---
description: Every provider with its claim volume, money claimed and paid, and approval rate (providers without claims included).
tags: [claims, providers]
columns:
  provider_id: Provider key.
  claim_count: Number of claims from this provider (0 when none).
  total_claimed: Sum claimed in EUR.
  total_paid: Sum paid in EUR.
  denied_count: Number of denied claims.
  approval_rate_pct: Approved claims as a percentage of all claims, one decimal; NULL without claims.
---*/
select
    pr.provider_id,
    pr.provider_name,
    pr.specialty,
    pr.network,
    count(f.claim_id) as claim_count,
    coalesce(sum(f.amount_claimed), 0) as total_claimed,
    coalesce(sum(f.amount_paid), 0) as total_paid,
    sum(case when f.status = 'denied' then 1 else 0 end) as denied_count,
    case
        when count(f.claim_id) = 0 then null
        else round(CAST(100.0 * sum(case when f.status = 'approved' then 1 else 0 end) / count(f.claim_id) AS NUMERIC), 1)
    end as approval_rate_pct
from core.providers as pr
left join claims.claim_facts as f on f.provider_id = pr.provider_id
group by pr.provider_id, pr.provider_name, pr.specialty, pr.network
