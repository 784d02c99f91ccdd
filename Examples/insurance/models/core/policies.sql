-- Documented in models/core/schema.yml (no header here on purpose).
select
    p.policy_id,
    p.member_id,
    p.plan_code,
    p.start_date,
    p.end_date,
    coalesce(p.end_date, '9999-12-31') as effective_end_date,
    -- dates are compared with 'YYYY-MM-DD' literals: a date in PostgreSQL, text in SQLite
    case when p.start_date < '2024-01-01' then 'renewal' else 'new_2024' end as cohort,
    p.status,
    case when p.status = 'active' then 'Y' else 'N' end as is_current
from raw.policies as p
