-- title: insert select
insert into marts.orders (id, total) select id, sum(x) from raw.orders group by id
-- expect:
-- from 1:61-1:71 raw.orders
-- target 1:13-1:25 marts.orders
-- statements: insert

-- title: insert values with on conflict
insert into t as tt (id) values (1) on conflict (id) do update set id = excluded.id returning *
-- expect:
-- target 1:13-1:14 t
-- statements: insert

-- title: create table as and create view
create table if not exists marts.a as select * from raw.a;
create or replace view marts.b (x) as with c as (select * from marts.a) select * from c;
create materialized view marts.c as select * from marts.b with no data
-- expect:
-- from 1:53-1:58 raw.a
-- cte 2:64-2:71 marts.a
-- from 3:51-3:58 marts.b
-- target 1:28-1:35 marts.a
-- target 2:24-2:31 marts.b
-- target 3:26-3:33 marts.c
-- ctes: c
-- statements: createTableAs, createView, createView

-- title: create table with columns only
create table core.t (id int primary key, parent int references core.parent(id))
-- expect:
-- target 1:14-1:20 core.t
-- statements: createTable

-- title: update from and delete using
update core.t as t set x = s.x from staging.s where s.id = t.id;
delete from core.t using staging.gone g where g.id = core.t.id
-- expect:
-- from 1:37-1:46 staging.s
-- from 2:26-2:38 staging.gone as g
-- target 1:8-1:14 core.t
-- target 2:13-2:19 core.t
-- statements: update, delete

-- title: merge
merge into core.target t using (select * from staging.src) s on s.id = t.id
when matched then update set v = s.v
when not matched then insert (id, v) values (s.id, s.v)
-- expect:
-- derived 1:47-1:58 staging.src
-- target 1:12-1:23 core.target
-- statements: merge

-- title: copy, drop, truncate, alter, refresh, index
copy core.a to stdout;
copy core.b from stdin;
copy (select * from core.c) to stdout;
drop table if exists core.d, core.e cascade;
truncate table only core.f, core.g;
alter table core.h add column x int;
refresh materialized view concurrently core.i;
create unique index if not exists idx on core.j (id)
-- expect:
-- from 1:6-1:12 core.a
-- from 3:21-3:27 core.c
-- target 2:6-2:12 core.b
-- target 4:22-4:28 core.d
-- target 4:30-4:36 core.e
-- target 5:21-5:27 core.f
-- target 5:29-5:35 core.g
-- target 6:13-6:19 core.h
-- target 7:40-7:46 core.i
-- target 8:42-8:48 core.j
-- statements: copy, copy, copy, drop, truncate, alter, refresh, createIndex

-- title: utility statements and empty statements
begin; set search_path to core; ;; commit;
-- expect:
-- statements: utility, utility, utility

-- title: explain
explain (analyze, verbose) select * from core.k
-- expect:
-- from 1:42-1:48 core.k
-- statements: explain

-- title: unknown statement falls back to a token scan
frobnicate everything from core.l
-- expect:
-- from 1:28-1:34 core.l
-- statements: unknown
-- warning S2902 1:1-1:11 unrecognized statement 'frobnicate'; relations were found by a token scan
