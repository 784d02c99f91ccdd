/*---
description: Employers that buy group policies for their staff, names trimmed and country codes upper-cased.
tags: [core]
columns:
  employer_id: Employer key from the CRM.
  employer_name: Legal name, surrounding spaces removed.
  industry: Industry as recorded by sales.
  country_code: ISO 3166-1 alpha-2 country code, upper case.
  founded_on: Founding date (may be unknown).
  headcount: Number of employees (may be unknown).
  size_band: "small (< 50 staff), medium (< 500), large, or unknown."
---*/
select
    e.employer_id,
    trim(e.employer_name) as employer_name,
    e.industry,
    upper(e.country_code) as country_code,
    e.founded_on,
    e.headcount,
    case
        when e.headcount is null then 'unknown'
        when e.headcount < 50 then 'small'
        when e.headcount < 500 then 'medium'
        else 'large'
    end as size_band
from raw.employers as e
