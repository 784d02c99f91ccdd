-- title: arithmetic and boolean precedence
select a + b * c - d / e % f ^ g, a or b and not c = d, -a ^ 2, not a is null
-- expect:
-- select (- (+ a (* b c)) (% (/ d e) (^ f g))), (or a (and b (not (= c d)))), (^ (- a) 2), (not (is null a))

-- title: comparison, like, between and in bind looser than arithmetic and concatenation
select a || b like c || '%', x + 1 between y - 1 and y + 1 and z, a in (1, 2) = true
-- expect:
-- select (like (|| a b) (|| c '%')), (and (between (+ x 1) (- y 1) (+ y 1)) z), (= (in a [1 2]) true)

-- title: casts and subscripts bind tightest
select -a::int, a::text || b, arr[1]::int, (a + b)::numeric(10, 2), c::int[][]
-- expect:
-- select (- (:: a int)), (|| (:: a text) b), (:: (index arr 1) int), (:: (+ a b) numeric(10, 2)), (:: c int[][])

-- title: json operators
select doc -> 'a' ->> 'b' = 'x', doc #>> '{a,b}' is not null
-- expect:
-- select (= (->> (-> doc 'a') 'b') 'x'), (is not null (#>> doc '{a,b}'))

-- title: is tests and distinct from
select a is distinct from b + 1, a is not true, a isnull, a notnull, a is not distinct from null
-- expect:
-- select (is distinct a (+ b 1)), (is not true a), (is null a), (is not null a), (is not distinct a null)

-- title: case, cast, extract and interval
select case when a > 0 then 'p' else 'n' end, case a when 1 then 'one' end,
       cast(x as timestamp with time zone), extract(dow from d), interval '1' day, date '2024-01-01' + 1
-- expect:
-- select (case (when (> a 0) 'p') (else 'n')), (case a (when 1 'one')), (cast x timestamp with time zone), (extract dow d), (interval day '1'), (+ (date '2024-01-01') 1)

-- title: aggregates and windows
select count(*), count(distinct a) filter (where b), string_agg(s, ',' order by s desc),
       percentile_cont(0.5) within group (order by v),
       sum(v) over (partition by g order by t rows between 2 preceding and current row exclude ties),
       rank() over w
from t window w as (order by v desc nulls last)
-- expect:
-- select (count *), (count distinct a) filter b, (string_agg s ',' order s desc), (percentile_cont 0.5) within (v), (sum v) over (partition g; order t; rows 2 preceding .. current row exclude ties), (rank ) over (w)
--   from t
--   window w (order v desc nulls last)

-- title: special-syntax functions
select substring(a from 2 for 3), trim(leading 'x' from a), position('b' in a), overlay(a placing 'c' from 2)
-- expect:
-- select (substring a 2 3), (trim 'x' a), (position 'b' a), (overlay a 'c' 2)

-- title: subqueries in expressions
select (select 1), exists (select 1), a in (select b from t), a = any (select b from t), array(select 1), a > all (array[1, 2])
-- expect:
-- select <query>, (exists <query>), (in a <query>), (= a (any <query>)), (array <query>), (> a (all [1 2]))

-- title: rows, fields, arrays and collation
select (a, b), row(1), (c).f, (c).*, array[[1], [2]], a[1:2], a collate "C", t at time zone 'UTC'
-- expect:
-- select (row a b), (row 1), (field c f), (field c *), [[1] [2]], (index a 1:2), (collate a "C"), (at-time-zone t 'UTC')
