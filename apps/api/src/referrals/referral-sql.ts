/**
 * SQL fragments of the directory, shared by its repositories. `$1` is always the request's time and `$2` the
 * network's time zone, so "open now" and "due for re-verification" are judged in SQL on the network's clock.
 */

/** The weekday codes in PostgreSQL's `extract(dow)` order (Sunday = 0). */
const DAYS = `ARRAY['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa']`;
const LOCAL = `($1::timestamptz AT TIME ZONE $2)`;

/**
 * Open at `$1` by the service's weekly schedule in zone `$2`. A window whose closing time is not after its
 * opening time runs past midnight: it covers the late hours of its days and the early hours of the next.
 */
export const OPEN_NOW = `(s.always_open OR EXISTS (
  SELECT 1 FROM jsonb_array_elements(s.schedule) e
   WHERE ((e->>'opens')::time < (e->>'closes')::time
          AND e->'days' ? (${DAYS})[extract(dow FROM ${LOCAL})::int + 1]
          AND ${LOCAL}::time >= (e->>'opens')::time AND ${LOCAL}::time < (e->>'closes')::time)
      OR ((e->>'opens')::time >= (e->>'closes')::time
          AND ((e->'days' ? (${DAYS})[extract(dow FROM ${LOCAL})::int + 1] AND ${LOCAL}::time >= (e->>'opens')::time)
            OR (e->'days' ? (${DAYS})[extract(dow FROM ${LOCAL} - interval '1 day')::int + 1] AND ${LOCAL}::time < (e->>'closes')::time)))))`;

/** Not verified within `$3` days (by the network's calendar), or never. */
export const NEEDS_REVERIFY = `(s.last_verified_at IS NULL OR s.last_verified_at <= ${LOCAL}::date - $3::int)`;

/** A service as the API returns it (needs `referral_services s JOIN referral_organizations o`). */
export const SERVICE_COLUMNS = `
  s.id, json_build_object('id', o.id, 'name', o.name, 'phone', o.phone, 'website', o.website, 'trustNotes', o.trust_notes) AS organization,
  s.name, s.alternate_name AS "alternateName", s.description, s.url, s.email, s.phone, s.status,
  s.application_process AS "applicationProcess", s.eligibility_description AS "eligibilityDescription",
  s.fees_description AS "feesDescription", s.cost, s.payment_plans AS "paymentPlans", s.required_documents AS "requiredDocuments",
  s.languages, s.needs, s.case_types AS "caseTypes", s.visa_types AS "visaTypes", s.immigration_courts AS "immigrationCourts",
  s.statuses_excluded AS "statusesExcluded", s.border_regions AS "borderRegions", s.schedule, s.always_open AS "alwaysOpen",
  s.preferred, s.trust_notes AS "trustNotes", to_char(s.last_verified_at, 'YYYY-MM-DD') AS "lastVerifiedAt",
  ${OPEN_NOW} AS "openNow", ${NEEDS_REVERIFY} AS "needsReverify",
  to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

/** The service's areas: names only, or with their geometry. */
export const areasOf = (withGeometry: boolean) =>
  `coalesce((SELECT json_agg(json_build_object('id', a.id, 'name', a.name${withGeometry ? `, 'area', ST_AsGeoJSON(a.area)::json` : ''}) ORDER BY a.name, a.id)
              FROM referral_service_areas a WHERE a.service_id = s.id), '[]') AS areas`;
