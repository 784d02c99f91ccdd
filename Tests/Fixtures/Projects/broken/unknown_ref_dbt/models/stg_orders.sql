select 1 as order_id, 'placed' as status
union all
select 2 as order_id, 'shipped' as status
