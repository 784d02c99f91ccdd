{#- The payment methods are not hard-coded here: they are read from the
    warehouse with run_query while the model is compiled. At parse time
    (execute is false) the query is not run and the list is empty. -#}
{%- set methods_query -%}
select distinct payment_method from {{ ref('stg_payments') }} order by payment_method
{%- endset -%}
{%- set results = run_query(methods_query) -%}
{%- if execute -%}
    {%- set methods = results.columns[0].values() -%}
{%- else -%}
    {%- set methods = [] -%}
{%- endif -%}

select
    c.country_code,
    count(distinct o.order_id) as paid_orders,
    {%- for method in methods %}
    {{ cents_to_euros('sum(case when p.payment_method = \'' ~ method ~ '\' then p.amount_cents else 0 end)') }} as {{ method }}_eur,
    {%- endfor %}
    {{ cents_to_euros('sum(p.amount_cents)') }} as total_eur
from {{ ref('stg_payments') }} as p
join {{ ref('stg_orders') }} as o on o.order_id = p.order_id
join {{ ref('stg_customers') }} as c on c.customer_id = o.customer_id
group by c.country_code
