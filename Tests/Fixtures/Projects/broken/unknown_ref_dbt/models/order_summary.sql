select
    status,
    count(*) as orders
from {{ ref('stg_orderz') }}
group by status
