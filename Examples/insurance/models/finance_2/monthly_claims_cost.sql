/*---
description: >
  Premiums billed against claims paid per calendar month and market, with the
  loss ratio and the running total of claims paid. Try it:
  strata query "select * from finance.monthly_claims_cost order by month, market"
materialized: table
tags: [finance, daily]
columns:
  month: Calendar month as YYYY-MM.
  market: group or individual.
  premium_billed: Premiums invoiced in the month (EUR).
  premium_collected: Premiums received for those invoices (EUR).
  claims_paid: Claim payments made in the month (EUR).
  claims_count: Number of distinct claims paid in the month.
  loss_ratio: claims_paid / premium_billed, 3 decimals; NULL in months without premiums.
  claims_paid_running: Claims paid from the first month up to this one, per market.
---*/
with months as (
    -- both sides of the ledger contribute months; UNION removes the duplicates
    select billing_month as month, market from premium_income
    union
    select paid_month as month, market from claim_costs
),

premiums as (
    select
        pi.billing_month as month,
        pi.market,
        sum(pi.amount_due) as premium_billed,
        sum(pi.amount_paid) as premium_collected
    from finance.premium_income as pi
    group by pi.billing_month, pi.market
),

-- named like the model core.claims (and the seed raw.claims): the CTE wins
claims as (
    select
        cc.paid_month as month,
        cc.market,
        sum(cc.amount_paid) as claims_paid,
        count(distinct cc.claim_id) as claims_count
    from finance.claim_costs as cc
    group by cc.paid_month, cc.market
)

select
    mo.month,
    mo.market,
    coalesce(p.premium_billed, 0) as premium_billed,
    coalesce(p.premium_collected, 0) as premium_collected,
    coalesce(cl.claims_paid, 0) as claims_paid,
    coalesce(cl.claims_count, 0) as claims_count,
    case
        when coalesce(p.premium_billed, 0) = 0 then null
        else round(CAST(coalesce(cl.claims_paid, 0) / p.premium_billed AS NUMERIC), 3)
    end as loss_ratio,
    sum(coalesce(cl.claims_paid, 0)) over (
        partition by mo.market
        order by mo.month
        rows between unbounded preceding and current row
    ) as claims_paid_running
from months as mo
left join premiums as p on p.month = mo.month and p.market = mo.market
left join claims as cl on cl.month = mo.month and cl.market = mo.market
