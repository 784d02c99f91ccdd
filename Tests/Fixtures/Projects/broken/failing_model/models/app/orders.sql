/*---
description: Orders, straight from the seed. Fine.
---*/
select o.order_id, o.customer, o.amount from raw.orders as o
