-- b depends on a
select a.id, a.label from app.a as a
