-- title: derived tables, scalar subqueries and predicates
select (select max(x) from scalar_src) as m,
       exists (select 1 from exists_src) as e
from (select * from derived_src) d
where d.id in (select id from in_src)
  and d.v > any (select v from any_src)
  and not exists (select 1 from not_exists_src where not_exists_src.id = d.id)
-- expect:
-- scalar 1:28-1:38 scalar_src
-- predicate 2:30-2:40 exists_src
-- derived 3:21-3:32 derived_src
-- predicate 4:31-4:37 in_src
-- predicate 5:32-5:39 any_src
-- predicate 6:33-6:47 not_exists_src
-- statements: query

-- title: set operations
select a from u1 union select a from u2 intersect select a from u3 except all select a from u4
-- expect:
-- from 1:15-1:17 u1
-- from 1:38-1:40 u2
-- from 1:65-1:67 u3
-- from 1:93-1:95 u4
-- statements: query

-- title: parenthesized set operation branches
(select a from p1) union all (select a from p2 order by a limit 1)
-- expect:
-- from 1:16-1:18 p1
-- from 1:45-1:47 p2
-- statements: query

-- title: derived table of a set operation
select * from ((select a from d1) union (select a from d2)) as both_ds
-- expect:
-- derived 1:31-1:33 d1
-- derived 1:56-1:58 d2
-- statements: query

-- title: lateral subqueries and functions
select * from a, lateral (select * from b where b.a_id = a.id) bb
cross join lateral jsonb_array_elements(a.items) as item
left join lateral generate_series(1, a.n) g(i) on true
-- expect:
-- from 1:15-1:16 a
-- derived 1:41-1:42 b
-- statements: query

-- title: comma joins, using and natural joins
select * from t1, s.t2 x, t3
natural join t4
join t5 using (id)
full outer join t6 on t6.id = t1.id
-- expect:
-- from 1:15-1:17 t1
-- from 1:19-1:23 s.t2 as x
-- from 1:27-1:29 t3
-- from 2:14-2:16 t4
-- from 3:6-3:8 t5
-- from 4:17-4:19 t6
-- statements: query

-- title: parenthesized joins
select * from (a join b on a.id = b.id) join (c left join d on c.id = d.id) on a.id = c.id
-- expect:
-- from 1:16-1:17 a
-- from 1:23-1:24 b
-- from 1:47-1:48 c
-- from 1:59-1:60 d
-- statements: query

-- title: nested join syntax
select * from a join b join c on b.id = c.id on a.id = b.id
-- expect:
-- from 1:15-1:16 a
-- from 1:22-1:23 b
-- from 1:29-1:30 c
-- statements: query

-- title: subquery in join condition and in select list
select t.id, (select count(*) from events e where e.t_id = t.id) n
from t join u on u.id = t.id and u.k in (select k from keys)
-- expect:
-- scalar 1:36-1:42 events as e
-- from 2:6-2:7 t
-- from 2:13-2:14 u
-- predicate 2:56-2:60 keys
-- statements: query

-- title: array subquery and row comparison
select array(select x from arr_src), (a, b) = (select a, b from row_src limit 1) from t
-- expect:
-- scalar 1:28-1:35 arr_src
-- scalar 1:65-1:72 row_src
-- from 1:87-1:88 t
-- statements: query

-- title: values lists
select * from (values (1, 'a'), (2, 'b')) as v(id, name) join t using (id)
-- expect:
-- from 1:63-1:64 t
-- statements: query

-- title: table query
table raw.orders
-- expect:
-- from 1:7-1:17 raw.orders
-- statements: query

-- title: table query after union
select * from a union table b
-- expect:
-- from 1:15-1:16 a
-- from 1:29-1:30 b
-- statements: query
