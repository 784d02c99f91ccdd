/*---
description: Sibling branch of discounted_orders; builds fine.
---*/
select o.customer, sum(o.amount) as total from app.orders as o group by o.customer
