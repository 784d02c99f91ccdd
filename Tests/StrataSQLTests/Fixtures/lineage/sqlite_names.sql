-- title: sqlite compares names case-insensitively, quoted or not
-- schema: main.orders(Id, Amount)
select "ID", amount as "Total", O.id from Main.Orders o
-- expect:
-- 0 id <- main.orders.Id [direct]
-- 1 total <- main.orders.Amount [direct]
-- 2 id <- main.orders.Id [direct]
