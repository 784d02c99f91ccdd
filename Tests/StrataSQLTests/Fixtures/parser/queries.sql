-- title: with, set operations and ordering
with recursive r (n) as (select 1 union all select n + 1 from r where n < 3), s as (select * from r)
select n from r union select n from s intersect select 2 order by 1 limit 10 offset 1
-- expect:
-- with recursive
--   cte r(n)
--     union all
--       select 1
--       select (+ n 1)
--         from r
--         where (< n 3)
--   cte s
--     select *
--       from r
-- union
--   select n
--     from r
--   intersect
--     select n
--       from s
--     select 2
-- order by 1
-- limit 10
-- offset 1

-- title: joins nest left to right
select * from a join b on a.id = b.id left join c using (id) cross join d natural full join e, f
-- expect:
-- select *
--   natural full join
--     cross join
--       left join using (id)
--         inner join on (= a.id b.id)
--           from a
--           from b
--         from c
--       from d
--     from e
--   from f

-- title: derived tables, lateral, functions and parenthesized joins
select * from (select 1 x) s (y), lateral (select s.y) l, generate_series(1, 3) with ordinality g(n, i),
  (b join c on true) bc
-- expect:
-- select *
--   from subquery as s(y)
--     select 1 as x
--   from lateral subquery as l
--     select s.y
--   from (generate_series 1 3) with ordinality as g(n, i)
--   parenthesized as bc
--     inner join on true
--       from b
--       from c

-- title: select clauses
select distinct on (a) a, b c, d as "E" from t where a > 1 group by a, rollup (b, c) having count(*) > 1
order by a desc nulls first fetch first 5 rows with ties
-- expect:
-- select distinct on (a) a, b as c, d as E
--   from t
--   where (> a 1)
--   group by a, (rollup b c)
--   having (> (count *) 1)
-- order by a desc nulls first
-- fetch 5 with ties

-- title: values and table
values (1, 'a'), (2, 'b');
table s.t
-- expect:
-- values (1 'a') (2 'b')
-- table s.t

-- title: dml and ddl
insert into t (a) select 1;
update t set a = 1, (b, c) = (2, 3) from s where s.id = t.id;
delete from t using s where s.id = t.id;
create view v (x) as select 1;
create table t2 (id int, name text, primary key (id))
-- expect:
-- insert t (a)
--   select 1
-- update t set (a)=1 (b, c)=(row 2 3)
--   from s
--   where (= s.id t.id)
-- delete t
--   from s
--   where (= s.id t.id)
-- create view v (x)
--   select 1
-- create table t2 (id, name)

-- title: unsupported syntax falls back to opaque with a warning
select a from t where a operator(pg_catalog.=) 1;
select xmlelement(name foo, bar) as x, g(y) from t;
create index i on t (a)
-- expect:
-- opaque: expected the end of the statement, found 'operator'
-- select (xmlelement <opaque: expected ')' to close the arguments of 'xmlelement', found 'foo'>) as x, (g y)
--   from t
-- opaque: 'create index' statements are not modelled
-- model.sql:1:25: warning: unsupported syntax: expected the end of the statement, found 'operator'; kept as opaque text [S2901]
--    |
--  1 | select a from t where a operator(pg_catalog.=) 1;
--    |                         ^^^^^^^^ not modelled by the parser
--
-- model.sql:2:24: warning: unsupported syntax: expected ')' to close the arguments of 'xmlelement', found 'foo'; kept as opaque text [S2901]
--    |
--  2 | select xmlelement(name foo, bar) as x, g(y) from t;
--    |                        ^^^ not modelled by the parser
--
-- model.sql:3:1: warning: unsupported syntax: 'create index' statements are not modelled; kept as opaque text [S2901]
--    |
--  3 | create index i on t (a)
--    | ^^^^^^ not modelled by the parser
