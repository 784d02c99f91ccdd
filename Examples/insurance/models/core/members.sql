/*---
description: One row per insured person, whether or not they currently hold a policy. Names are trimmed, emails lower-cased.
materialized: table
tags: [core, pii]
unique_key: member_id
columns:
  member_id: Member key.
  full_name: First and last name, e.g. "Zoë Müller".
  birth_year: Year of birth.
  age_band: Age at the start of the 2024 reporting year, banded.
  gender: F, M, X, or U when not recorded.
  email: Contact email, lower case; NULL when unknown.
  segment: group (insured through an employer) or individual.
  created_at: When the member record was created.
---*/
select
    m.member_id,
    trim(m.first_name) as first_name,
    trim(m.last_name) as last_name,
    trim(m.first_name) || ' ' || trim(m.last_name) as full_name,
    m.birth_date,
    CAST(substr(CAST(m.birth_date AS TEXT), 1, 4) AS INTEGER) as birth_year,
    case
        when 2024 - CAST(substr(CAST(m.birth_date AS TEXT), 1, 4) AS INTEGER) < 30 then '18-29'
        when 2024 - CAST(substr(CAST(m.birth_date AS TEXT), 1, 4) AS INTEGER) < 45 then '30-44'
        when 2024 - CAST(substr(CAST(m.birth_date AS TEXT), 1, 4) AS INTEGER) < 60 then '45-59'
        else '60+'
    end as age_band,
    coalesce(m.gender, 'U') as gender,
    lower(m.email) as email,
    m.city,
    m.employer_id,
    case when m.employer_id is null then 'individual' else 'group' end as segment,
    m.created_at
from raw.members as m
