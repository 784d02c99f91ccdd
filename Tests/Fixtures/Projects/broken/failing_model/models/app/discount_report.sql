/*---
description: Descendant of the failing model; must be skipped, not run.
---*/
select d.discount_code, count(*) as orders from app.discounted_orders as d group by d.discount_code
