/*---
description: Unpaid or partly paid premium invoices of policies that are still active — the dunning list.
tags: [finance, dunning]
columns:
  as_of_month: Latest month billed; the list is as of that month.
---*/
select
    pi.invoice_id,
    pi.policy_id,
    m.full_name,
    m.email,
    pi.billing_month,
    pi.payment_status,
    pi.amount_outstanding,
    (select max(x.billing_month) from finance.premium_income as x) as as_of_month
from finance.premium_income as pi
join core.members as m on m.member_id = pi.member_id
where pi.amount_outstanding > 0
    and exists (
        select 1
        from core.policies as po
        where po.policy_id = pi.policy_id
            and po.status = 'active'
    )
