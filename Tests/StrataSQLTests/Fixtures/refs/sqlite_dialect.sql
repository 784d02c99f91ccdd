-- title: backticks and brackets quote identifiers
select * from `core.deals` d join [raw.members] m on m.id = d.member_id
-- expect:
-- from 1:15-1:27 `core.deals` = [core.deals] as d
-- from 1:35-1:48 [raw.members] = [raw.members] as m
-- statements: query

-- title: ctes are implicitly recursive
with t as (select 1 as n union all select n + 1 from t where n < 3) select * from t
-- expect:
-- ctes: t
-- statements: query

-- title: x in table names a relation
select * from a where id in b and id in (select id from c)
-- expect:
-- from 1:15-1:16 a
-- predicate 1:29-1:30 b
-- predicate 1:57-1:58 c
-- statements: query

-- title: parameters and indexed by
select * from t indexed by t_idx where a = ? and b = :b and c = @c and d = $d and e = ?2
-- expect:
-- from 1:15-1:16 t
-- statements: query

-- title: replace into and insert or ignore
replace into t select * from u;
insert or ignore into v values (1)
-- expect:
-- from 1:30-1:31 u
-- target 1:14-1:15 t
-- target 2:23-2:24 v
-- statements: insert, insert
