/*---
description: >
  One row per member (including members without any policy or claim) with
  claim counts, money claimed and paid, a cost rank and a risk band.
materialized: table
unique_key: member_id
tags: [claims, risk, daily]
columns:
  member_id: Member key.
  full_name: Member name.
  age: Age in the 2024 reporting year.
  claim_count: Number of claims (0 when none).
  total_claimed: Sum claimed in EUR.
  total_paid: Sum paid in EUR.
  denied_count: Number of denied claims.
  cost_rank: 1 for the member who cost the most; ties share a rank.
  risk_band: high (paid >= 5000), medium (>= 1000), low (some claims) or none.
---*/
with members as (
    -- This CTE is named like the model core.members: inside this file the bare
    -- name "members" means the CTE, never a relation in the warehouse.
    select m.member_id, m.full_name, m.birth_year
    from core.members as m
),

member_claims as (
    select
        f.member_id,
        count(*) as claim_count,
        sum(f.amount_claimed) as total_claimed,
        sum(f.amount_paid) as total_paid,
        sum(case when f.status = 'denied' then 1 else 0 end) as denied_count
    -- unqualified: resolved in this model's own schema, i.e. claims.claim_facts
    from claim_facts as f
    group by f.member_id
)

select
    mem.member_id,
    mem.full_name,
    2024 - mem.birth_year as age,
    coalesce(mc.claim_count, 0) as claim_count,
    coalesce(mc.total_claimed, 0) as total_claimed,
    coalesce(mc.total_paid, 0) as total_paid,
    coalesce(mc.denied_count, 0) as denied_count,
    rank() over (order by coalesce(mc.total_paid, 0) desc) as cost_rank,
    case
        when coalesce(mc.total_paid, 0) >= 5000 then 'high'
        when coalesce(mc.total_paid, 0) >= 1000 then 'medium'
        when coalesce(mc.claim_count, 0) > 0 then 'low'
        else 'none'
    end as risk_band
from members as mem
left join member_claims as mc on mc.member_id = mem.member_id
