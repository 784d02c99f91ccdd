select
    t.item_id,
    t.price * t.quantity as total
from app.items as t
where t.item_id in (
    select i.item_id
    from app.items as i
    where i.quantity > 0
