{{ config(severity='warn', limit=2) }}
select * from {{ ref('orders') }} where amount < 100
