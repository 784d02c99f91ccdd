-- The source tables are this project's seeds. A source() is not an edge to a
-- seed, so each staging model names its seed in a depends_on comment: dbt reads
-- the ref() inside the SQL comment and builds the seed first.
-- depends_on: {{ ref('raw_countries') }}
select
    country_code,
    country_name,
    region,
    vat_rate,
    {{ cents_to_euros('free_shipping_from_cents') }} as free_shipping_from_eur
from {{ source('shop', 'countries') }}
