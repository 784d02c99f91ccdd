-- c depends on b, which closes the loop a -> b -> c -> a
select b.id, b.label from app.b as b
