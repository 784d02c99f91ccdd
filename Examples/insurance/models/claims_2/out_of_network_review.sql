/*---
description: Open or approved claims at out-of-network providers, compared with the average claim of the same type — the weekly review list of the claims team.
tags: [claims, review]
columns:
  claim_id: Claim key.
  type_average: Average amount claimed for this claim type (all claims), 2 decimals.
  above_type_average: Amount claimed minus the type average, 2 decimals.
---*/
select
    f.claim_id,
    f.member_id,
    f.member_name,
    f.provider_id,
    f.claim_type,
    f.status,
    f.amount_claimed,
    round(CAST((
        select avg(x.amount_claimed)
        from core.claims as x
        where x.claim_type = f.claim_type
    ) AS NUMERIC), 2) as type_average,
    round(CAST(f.amount_claimed - (
        select avg(x.amount_claimed)
        from core.claims as x
        where x.claim_type = f.claim_type
    ) AS NUMERIC), 2) as above_type_average
from claims.claim_facts as f
where f.provider_id in (
        select pr.provider_id
        from core.providers as pr
        where pr.network = 'out'
    )
    and f.status <> 'denied'
