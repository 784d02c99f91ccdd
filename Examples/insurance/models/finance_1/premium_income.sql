/*---
description: One row per monthly premium invoice with the policy holder, what was paid and what is outstanding.
tags: [finance]
columns:
  invoice_id: Invoice key.
  billing_month: Month billed as YYYY-MM.
  amount_due: Premium billed in EUR.
  amount_paid: Premium received in EUR (0 when nothing was paid).
  amount_outstanding: amount_due - amount_paid.
  payment_status: paid, partial or unpaid.
---*/
select
    i.invoice_id,
    i.policy_id,
    ph.member_id,
    ph.employer_id,
    ph.market,
    i.billing_date,
    substr(CAST(i.billing_date AS TEXT), 1, 7) as billing_month,
    i.amount_due,
    coalesce(i.amount_paid, 0) as amount_paid,
    i.amount_due - coalesce(i.amount_paid, 0) as amount_outstanding,
    case
        when i.amount_paid is null then 'unpaid'
        when i.amount_paid < i.amount_due then 'partial'
        else 'paid'
    end as payment_status
from raw.premium_invoices as i
join core.policy_holders as ph on ph.policy_id = i.policy_id
