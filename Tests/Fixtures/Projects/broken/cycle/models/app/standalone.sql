-- not part of the cycle
select n.id from raw.numbers as n
