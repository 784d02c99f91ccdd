select 1 as order_id, 'placed' as status
