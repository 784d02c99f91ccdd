{% set include_cancelled = var('include_cancelled', false) %}
select
    status,
    count(*) as orders
from {{ ref('stg_orders') }}
{% if not include_cancelled %}
where status <> 'cancelled'
group by status
