-- title: quoted identifiers keep case and embedded quotes
select * from "Core"."Deals" d join "we ""quote"" it" q on true
-- expect:
-- from 1:15-1:29 "Core"."Deals" = [Core][Deals] as d
-- from 1:37-1:54 "we ""quote"" it" = [we "quote" it] as q
-- statements: query

-- title: line and nested block comments never create references
select 1 -- from commented
/* from a /* nested from b */ join c */
from real_table
-- expect:
-- from 3:6-3:16 real_table
-- statements: query

-- title: string literals never create references
select 'from x', 'join y', E'from \' z' from t where name = 'it''s from w'
-- expect:
-- from 1:46-1:47 t
-- statements: query

-- title: dollar-quoted strings
select $$ select * from inside $$, $tag$ from $$ nested $tag$ from outside_t
-- expect:
-- from 1:68-1:77 outside_t
-- statements: query

-- title: keywords spelled in upper and mixed case
SELECT * FROM Raw.Orders AS O LeFt JoIn raw.payments p On p.order_id = o.id
-- expect:
-- from 1:15-1:25 Raw.Orders as O
-- from 1:41-1:53 raw.payments as p
-- statements: query

-- title: comment between parts of a name
select * from raw /* schema */ . /* name */ orders
-- expect:
-- from 1:15-1:51 raw /* schema */ . /* name */ orders
-- statements: query

-- title: unicode identifiers and strings
select 'ü from x' as "größe" from données.relevé r
-- expect:
-- from 1:35-1:49 données.relevé as r
-- statements: query
