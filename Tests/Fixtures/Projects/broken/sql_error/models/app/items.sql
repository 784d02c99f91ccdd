select i.item_id, i.price, i.quantity from raw.items as i
