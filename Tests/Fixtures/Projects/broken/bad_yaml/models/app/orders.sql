/*---
description: Orders from the shop.
materialized: table
tags: [orders, daily
columns:
  order_id: Order key.
---*/
select o.order_id, o.amount from raw.orders as o
