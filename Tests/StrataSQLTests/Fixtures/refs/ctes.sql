-- title: cte reference is not a relation
with orders as (select * from raw.orders)
select * from orders
-- expect:
-- cte 1:31-1:41 raw.orders
-- ctes: orders
-- statements: query

-- title: cte named like a table shadows the unqualified name only
with orders as (select * from orders where status = 'ok')
select o.id from orders o join public.orders p on p.id = o.id
-- expect:
-- cte 1:31-1:37 orders
-- from 2:32-2:45 public.orders as p
-- ctes: orders
-- statements: query

-- title: cte is visible in later ctes but not in earlier ones
with a as (select * from b),
     b as (select * from a)
select * from a join b using (id)
-- expect:
-- cte 1:26-1:27 b
-- ctes: a, b
-- statements: query

-- title: recursive cte sees itself and later ctes
with recursive tree(id, parent) as (
    select id, parent from nodes where parent is null
    union all
    select n.id, n.parent from nodes n join tree t on n.parent = t.id
), later as (select * from tree)
select * from tree
-- expect:
-- cte 2:28-2:33 nodes
-- cte 4:32-4:37 nodes as n
-- ctes: tree, later
-- statements: query

-- title: cte defined inside a subquery is invisible outside
select * from (
    with inner_cte as (select 1 as x from src)
    select * from inner_cte
) s join inner_cte on true
-- expect:
-- cte 2:43-2:46 src
-- from 4:10-4:19 inner_cte
-- ctes: inner_cte
-- statements: query

-- title: cte defined in a cte body does not leak to the main query
with outer_cte as (
    with helper as (select * from raw.things)
    select * from helper
)
select * from outer_cte, helper
-- expect:
-- cte 2:35-2:45 raw.things
-- from 5:26-5:32 helper
-- ctes: outer_cte, helper
-- statements: query

-- title: cte in scope inside nested subqueries
with totals as (select customer_id, sum(amount) as total from payments group by 1)
select * from customers c
where c.id in (select customer_id from totals where total > (select avg(total) from totals))
-- expect:
-- cte 1:63-1:71 payments
-- from 2:15-2:24 customers as c
-- ctes: totals
-- statements: query

-- title: materialized hint, column list and search clause
with recursive t (n) as materialized (select 1 union all select n + 1 from t where n < 10)
search depth first by n set ordercol,
u as not materialized (select * from numbers)
select * from t, u
-- expect:
-- cte 3:38-3:45 numbers
-- ctes: t, u
-- statements: query

-- title: data-modifying cte
with moved as (delete from staging.events where ts < now() returning *)
insert into archive.events select * from moved
-- expect:
-- target 1:28-1:42 staging.events
-- target 2:13-2:27 archive.events
-- ctes: moved
-- statements: insert

-- title: quoted cte name is case sensitive in postgres
with "Orders" as (select 1)
select * from orders, "Orders"
-- expect:
-- from 2:15-2:21 orders
-- ctes: Orders
-- statements: query

-- title: with clause after insert
insert into marts.daily
with d as (select * from raw.days)
select * from d
-- expect:
-- cte 2:26-2:34 raw.days
-- target 1:13-1:24 marts.daily
-- ctes: d
-- statements: insert

-- title: union branch sees the cte
with a as (select 1 as x)
select x from a union all select x from b union select x from a
-- expect:
-- from 2:41-2:42 b
-- ctes: a
-- statements: query
