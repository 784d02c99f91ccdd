-- Documented in models/core/schema.yml.
select
    pr.provider_id,
    pr.provider_name,
    pr.specialty,
    coalesce(pr.city, 'remote') as city,
    pr.network,
    -- accepts_new_patients is a boolean seed column (BOOLEAN in PostgreSQL, 0/1 in SQLite):
    -- a bare CASE WHEN on it works on both, arithmetic or "= true" would not.
    case when pr.accepts_new_patients then 'Y' else 'N' end as accepts_new_patients
from raw.providers as pr
