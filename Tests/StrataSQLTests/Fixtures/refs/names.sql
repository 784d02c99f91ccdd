-- title: schema-qualified and three-part names
select * from db.core.deals, core.members m, deals
-- expect:
-- from 1:15-1:28 db.core.deals
-- from 1:30-1:42 core.members as m
-- from 1:46-1:51 deals
-- statements: query

-- title: aliases with and without as, with column aliases
select * from core.a as x, core.b y, core.c as z(c1, c2), core.d "Quoted Alias"
-- expect:
-- from 1:15-1:21 core.a as x
-- from 1:28-1:34 core.b as y
-- from 1:38-1:44 core.c as z
-- from 1:59-1:65 core.d as Quoted Alias
-- statements: query

-- title: non-reserved keywords as names and aliases
select * from data, public.value year join comment c on true
-- expect:
-- from 1:15-1:19 data
-- from 1:21-1:33 public.value as year
-- from 1:44-1:51 comment as c
-- statements: query

-- title: only and inheritance star
select * from only parent_t, child_t *
-- expect:
-- from 1:20-1:28 parent_t
-- from 1:30-1:37 child_t
-- statements: query

-- title: tablesample
select * from big tablesample system (10) repeatable (42) where true
-- expect:
-- from 1:15-1:18 big
-- statements: query

-- title: three-part column references stay columns
select core.deals.amount, deals.id from core.deals
-- expect:
-- from 1:41-1:51 core.deals
-- statements: query
