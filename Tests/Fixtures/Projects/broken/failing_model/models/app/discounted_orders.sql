/*---
description: Fails when built - raw.orders has no column discount_code. The SQL parses fine.
---*/
select o.order_id, o.amount, o.discount_code from app.orders as o
