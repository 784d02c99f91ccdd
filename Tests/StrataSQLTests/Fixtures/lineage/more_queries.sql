-- title: except and intersect also merge by position
-- schema: raw.a(id, v)
-- schema: raw.b(id, w)
select id, v from raw.a except select id, w from raw.b intersect select 1, 2
-- expect:
-- 0 id <- raw.a.id, raw.b.id [derived]
-- 1 v <- raw.a.v, raw.b.w [derived]

-- title: branches with different widths are reported
-- schema: raw.a(id, v)
select * from raw.a union all select 1
-- expect:
-- 0 id <- raw.a.id [derived]
--   unresolved: the branches of UNION have different column counts
-- 1 v <- raw.a.v [derived]
--   unresolved: the branches of UNION have different column counts

-- title: lateral subquery sees earlier from items
-- schema: raw.customers(id, name)
-- schema: raw.orders(id, customer_id, amount)
select c.name, l.total
from raw.customers c
cross join lateral (select sum(o.amount) as total from raw.orders o where o.customer_id = c.id) l
-- expect:
-- 0 name <- raw.customers.name [direct]
-- 1 total <- raw.orders.amount [aggregated]

-- title: natural join merges the shared columns in star
-- schema: raw.a(id, v)
-- schema: raw.b(id, w)
select * from raw.a natural join raw.b
-- expect:
-- 0 id <- raw.a.id, raw.b.id [direct]
-- 1 v <- raw.a.v [direct]
-- 2 w <- raw.b.w [direct]

-- title: a cte shadows a table of the same name and later ctes see earlier ones
-- schema: orders(id, amount)
with orders as (select id, amount * 100 as cents from orders),
     big as (select * from orders where cents > 1000)
select id, cents from big
-- expect:
-- 0 id <- orders.id [direct]
-- 1 cents <- orders.amount [derived]

-- title: cte column list renames its columns
-- schema: raw.t(a, b)
with x(p, q) as (select a, b from raw.t)
select q, p from x
-- expect:
-- 0 q <- raw.t.b [direct]
-- 1 p <- raw.t.a [direct]

-- title: a qualifier that names nothing is unresolved
-- schema: raw.t(a, b)
select z.a from raw.t
-- expect:
-- 0 a <- (none) [derived]
--   unresolved: no relation named z in scope for column a

-- title: a star over a known and an unknown table keeps the known columns
-- schema: raw.t(a, b)
select * from raw.t, raw.unknown u
-- expect:
-- 0 a <- raw.t.a [direct]
-- 1 b <- raw.t.b [direct]
-- 2 * <- (none) [derived]
--   unresolved: the columns of raw.unknown are unknown

-- title: functions and casts derive
-- schema: raw.t(a, b, ts)
select coalesce(a, b) as c, a::text, cast(b as int) as b2, extract(year from ts) as y, upper(a) from raw.t
-- expect:
-- 0 c <- raw.t.a, raw.t.b [derived]
-- 1 a <- raw.t.a [derived]
-- 2 b2 <- raw.t.b [derived]
-- 3 y <- raw.t.ts [derived]
-- 4 upper <- raw.t.a [derived]

-- title: table function in from
select g from generate_series(1, 10) as g
-- expect:
-- 0 g <- (none) [derived]
