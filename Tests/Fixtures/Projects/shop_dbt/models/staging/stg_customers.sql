-- depends_on: {{ ref('raw_customers') }}
{# Customers, cleaned. Emails are ASCII in the source, so lower() is portable. #}
select
    customer_id,
    first_name,
    last_name,
    first_name || ' ' || last_name as full_name,
    lower(email) as email,
    country_code,
    postal_code,
    signup_date
from {{ source('shop', 'customers') }}
