-- title: cte chain renames and derives
-- schema: raw.orders(id, customer_id, amount, status)
with paid as (
    select id as order_id, customer_id, amount from raw.orders where status = 'paid'
), doubled as (
    select order_id, customer_id, amount * 2 as amount2 from paid
)
select order_id, amount2 as total from doubled
-- expect:
-- 0 order_id <- raw.orders.id [direct]
-- 1 total <- raw.orders.amount [derived]

-- title: select star through two layers
-- schema: raw.customers(id, name, region)
with base as (select * from raw.customers),
     again as (select * from base)
select * from (select * from again) s
-- expect:
-- 0 id <- raw.customers.id [direct]
-- 1 name <- raw.customers.name [direct]
-- 2 region <- raw.customers.region [direct]

-- title: qualified star and column aliases on a derived table
-- schema: raw.customers(id, name, region)
select c.*, x.n from raw.customers c, (select name from raw.customers) x(n)
-- expect:
-- 0 id <- raw.customers.id [direct]
-- 1 name <- raw.customers.name [direct]
-- 2 region <- raw.customers.region [direct]
-- 3 n <- raw.customers.name [direct]

-- title: self join with aliases
-- schema: raw.employees(id, name, manager_id)
select e.name as employee, m.name as manager, name
from raw.employees e
left join raw.employees m on m.id = e.manager_id
-- expect:
-- 0 employee <- raw.employees.name [direct]
-- 1 manager <- raw.employees.name [direct]
-- 2 name <- (none) [derived]
--   unresolved: column name is ambiguous: it is in raw.employees, raw.employees

-- title: union all takes every branch's column at each position
-- schema: raw.web_orders(id, amount)
-- schema: raw.shop_orders(order_id, total)
select id, amount, 'web' as channel from raw.web_orders
union all
select order_id, total, 'shop' from raw.shop_orders
-- expect:
-- 0 id <- raw.shop_orders.order_id, raw.web_orders.id [direct]
-- 1 amount <- raw.shop_orders.total, raw.web_orders.amount [direct]
-- 2 channel <- (none) [derived]

-- title: window functions read their arguments, partition and order
-- schema: raw.orders(id, customer_id, amount, ordered_at)
select
    id,
    row_number() over (partition by customer_id order by ordered_at) as rn,
    sum(amount) over w as running,
    lag(amount) over (w rows between 1 preceding and current row) as previous
from raw.orders
window w as (partition by customer_id order by ordered_at)
-- expect:
-- 0 id <- raw.orders.id [direct]
-- 1 rn <- raw.orders.customer_id, raw.orders.ordered_at [window]
-- 2 running <- raw.orders.amount, raw.orders.customer_id, raw.orders.ordered_at [window]
-- 3 previous <- raw.orders.amount, raw.orders.customer_id, raw.orders.ordered_at [window]

-- title: case reads every condition and branch
-- schema: raw.orders(id, amount, status, refunded)
select
    case when status = 'paid' and not refunded then amount when status = 'void' then 0 else null end as net,
    case status when 'paid' then 'P' end as code
from raw.orders
-- expect:
-- 0 net <- raw.orders.amount, raw.orders.refunded, raw.orders.status [derived]
-- 1 code <- raw.orders.status [derived]

-- title: aggregate and group by
-- schema: raw.orders(id, customer_id, amount)
select customer_id, count(*) as orders, sum(amount) as revenue, max(amount) filter (where amount > 0) as biggest
from raw.orders
group by customer_id
-- expect:
-- 0 customer_id <- raw.orders.customer_id [direct]
-- 1 orders <- (none) [aggregated]
-- 2 revenue <- raw.orders.amount [aggregated]
-- 3 biggest <- raw.orders.amount [aggregated]

-- title: star from an unknown table is unresolved
select * from raw.mystery
-- expect:
-- 0 * <- (none) [derived]
--   unresolved: the columns of raw.mystery are unknown

-- title: star through a cte over an unknown table stays unresolved
with m as (select * from raw.mystery)
select * from m
-- expect:
-- 0 * <- (none) [derived]
--   unresolved: the columns of raw.mystery are unknown

-- title: unqualified column in a join with unknown schemas is ambiguous
select amount from raw.a join raw.b on a.id = b.id
-- expect:
-- 0 amount <- (none) [derived]
--   unresolved: column amount may belong to any of raw.a, raw.b, whose columns are unknown

-- title: qualified columns of unknown tables resolve by their qualifier
select a.amount, b.note from raw.a join raw.b on a.id = b.id
-- expect:
-- 0 amount <- raw.a.amount [direct]
-- 1 note <- raw.b.note [direct]

-- title: unqualified column found in exactly one known relation
-- schema: raw.orders(id, customer_id, amount)
-- schema: raw.customers(id, name)
select name, amount, id from raw.orders o join raw.customers c on c.id = o.customer_id
-- expect:
-- 0 name <- raw.customers.name [direct]
-- 1 amount <- raw.orders.amount [direct]
-- 2 id <- (none) [derived]
--   unresolved: column id is ambiguous: it is in raw.orders, raw.customers

-- title: join using merges the shared column
-- schema: raw.orders(id, customer_id, amount)
-- schema: raw.customers(customer_id, name)
select customer_id, * from raw.orders join raw.customers using (customer_id)
-- expect:
-- 0 customer_id <- raw.customers.customer_id, raw.orders.customer_id [direct]
-- 1 id <- raw.orders.id [direct]
-- 2 customer_id <- raw.customers.customer_id, raw.orders.customer_id [direct]
-- 3 amount <- raw.orders.amount [direct]
-- 4 name <- raw.customers.name [direct]

-- title: scalar subquery in the select list
-- schema: raw.orders(id, customer_id, amount)
-- schema: raw.customers(id, name)
select c.name, (select sum(o.amount) from raw.orders o where o.customer_id = c.id) as spent
from raw.customers c
-- expect:
-- 0 name <- raw.customers.name [direct]
-- 1 spent <- raw.orders.amount [aggregated]

-- title: recursive cte
-- schema: raw.nodes(id, parent)
with recursive tree(id, root) as (
    select id, id from raw.nodes where parent is null
    union all
    select n.id, t.root from raw.nodes n join tree t on n.parent = t.id
)
select id, root from tree
-- expect:
-- 0 id <- raw.nodes.id [direct]
-- 1 root <- raw.nodes.id [direct]

-- title: values and constants
select v.column1 as a, 1 as one, current_date as today from (values (1, 'x'), (2, 'y')) v
-- expect:
-- 0 a <- (none) [derived]
-- 1 one <- (none) [derived]
-- 2 today <- (none) [derived]
