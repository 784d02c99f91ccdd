/*---
description: One row per submitted claim, cleaned (claim types lower-cased, missing amounts and diagnoses filled).
materialized: table
tags: [core, claims]
unique_key: claim_id
columns:
  claim_id: Claim key.
  policy_id: Policy the claim is made under.
  provider_id: Treating provider; NULL for pharmacy receipts sent in by the member.
  service_date: Date of treatment.
  service_month: Month of treatment as YYYY-MM.
  submitted_at: When the claim reached us.
  claim_type: medical, dental, pharmacy or vision.
  status: approved, denied or pending.
  amount_claimed: Amount claimed in EUR (0 for administrative re-submissions).
  diagnosis_code: ICD-10 code, or UNKNOWN.
  diagnosis_chapter: First letter of the ICD-10 code, or ? when unknown.
---*/
select
    c.claim_id,
    c.policy_id,
    c.provider_id,
    c.service_date,
    substr(CAST(c.service_date AS TEXT), 1, 7) as service_month,
    c.submitted_at,
    lower(c.claim_type) as claim_type,
    c.status,
    coalesce(c.amount_claimed, 0) as amount_claimed,
    coalesce(c.diagnosis_code, 'UNKNOWN') as diagnosis_code,
    substr(coalesce(c.diagnosis_code, '?'), 1, 1) as diagnosis_chapter
from raw.claims as c
