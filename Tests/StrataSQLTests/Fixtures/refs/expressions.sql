-- title: from inside extract, substring, trim, overlay and position is not a relation
select extract(year from created_at), substring(name from 2 for 3), trim(both 'x' from name),
       overlay(name placing 'y' from 2), position('a' in name), trim(from name)
from people
-- expect:
-- from 3:6-3:12 people
-- statements: query

-- title: is distinct from
select a is distinct from b, a is not distinct from b from t where x is distinct from y
-- expect:
-- from 1:60-1:61 t
-- statements: query

-- title: distinct on and window functions
select distinct on (customer_id) customer_id,
       row_number() over (partition by customer_id order by ts rows between unbounded preceding and current row),
       sum(amount) over w
from orders
window w as (partition by customer_id)
order by customer_id, ts desc
-- expect:
-- from 4:6-4:12 orders
-- statements: query

-- title: aggregate filter and within group
select count(*) filter (where status = 'ok'), percentile_cont(0.5) within group (order by amount),
       string_agg(name, ',' order by name), count(distinct customer_id)
from sales
-- expect:
-- from 3:6-3:11 sales
-- statements: query

-- title: table functions are not relations
select * from generate_series(1, 3) as g(n), json_each('{}') j, unnest(array[1, 2]) with ordinality as u(v, i),
  rows from (generate_series(1, 2), generate_series(1, 3)) as r(a, b), pg_catalog.generate_series(1, 2) gs
-- expect:
-- statements: query

-- title: casts and case expressions
select x::numeric(10, 2), cast(y as timestamp with time zone), case when a then b else c end as d,
       interval '1 day', date '2024-01-01', z::int[]
from casts
-- expect:
-- from 3:6-3:11 casts
-- statements: query

-- title: case end does not end an on condition early
select * from a join b on case when a.x then a.y else b.y end = 1 left join c on c.id = a.id
-- expect:
-- from 1:15-1:16 a
-- from 1:22-1:23 b
-- from 1:77-1:78 c
-- statements: query

-- title: left and right functions in join conditions
select * from a join b on left(a.code, 2) = right(b.code, 2) join c on c.id = b.id
-- expect:
-- from 1:15-1:16 a
-- from 1:22-1:23 b
-- from 1:67-1:68 c
-- statements: query

-- title: json operators and parameters
select doc ->> 'name', doc -> 'a' #> '{b}', $1, :name from docs where id = $2
-- expect:
-- from 1:60-1:64 docs
-- statements: query
