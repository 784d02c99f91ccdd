-- a reads the seed and c: a depends on c
select n.id, n.label from raw.numbers as n
union all
select c.id, c.label from app.c as c
