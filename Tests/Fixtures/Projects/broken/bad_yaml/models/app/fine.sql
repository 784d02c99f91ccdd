/*---
description: A model with a valid header.
---*/
select o.order_id from raw.orders as o
