import type { Organization, OrganizationInput, ReferralService, ServiceCreate, ServiceUpdate } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { MultiPolygon } from 'geojson';
import { isoTimestamp } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';
import { areasOf, SERVICE_COLUMNS } from './referral-sql.js';

/** The clock and calendar a read is judged by: the request's time, the network's zone, the re-verify period. */
export type DirectoryClock = { now: Date; timeZone: string; reverifyDays: number };

const ORGANIZATION = `
  SELECT o.id, o.name, o.alternate_name AS "alternateName", o.description, o.email, o.website, o.phone, o.trust_notes AS "trustNotes",
         (SELECT count(*)::int FROM referral_services s WHERE s.organization_id = o.id) AS "serviceCount", ${isoTimestamp('o.updated_at')} AS "updatedAt"
    FROM referral_organizations o`;

/** Service columns in table order, as written by insert and update. */
const SERVICE_FIELDS: [keyof ServiceUpdate, string, string?][] = [
  ['name', 'name'],
  ['alternateName', 'alternate_name'],
  ['description', 'description'],
  ['url', 'url'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['status', 'status'],
  ['applicationProcess', 'application_process'],
  ['eligibilityDescription', 'eligibility_description'],
  ['feesDescription', 'fees_description'],
  ['cost', 'cost'],
  ['paymentPlans', 'payment_plans'],
  ['requiredDocuments', 'required_documents', 'text[]'],
  ['languages', 'languages', 'text[]'],
  ['needs', 'needs', 'text[]'],
  ['caseTypes', 'case_types', 'text[]'],
  ['visaTypes', 'visa_types', 'text[]'],
  ['immigrationCourts', 'immigration_courts', 'text[]'],
  ['statusesExcluded', 'statuses_excluded'],
  ['borderRegions', 'border_regions', 'text[]'],
  ['schedule', 'schedule', 'jsonb'],
  ['alwaysOpen', 'always_open'],
  ['preferred', 'preferred'],
  ['trustNotes', 'trust_notes'],
];
const valueOf = (field: keyof ServiceUpdate, value: unknown) => (field === 'schedule' ? JSON.stringify(value) : value);

/** Organizations, services and their areas: all the directory's SQL except searching and the incident record. */
@Injectable()
export class DirectoryRepository {
  listOrganizations(db: Db): Promise<Organization[]> {
    return db.query(`${ORGANIZATION} ORDER BY lower(o.name), o.id`);
  }

  async findOrganization(db: Db, id: string): Promise<Organization | null> {
    return (await db.query<Organization>(`${ORGANIZATION} WHERE o.id = $1`, [id]))[0] ?? null;
  }

  async insertOrganization(db: Db, o: Required<OrganizationInput>, id: string | null = null): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO referral_organizations (id, name, alternate_name, description, email, website, phone, trust_notes)
       VALUES (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [id, o.name, o.alternateName, o.description, o.email, o.website, o.phone, o.trustNotes],
    );
    return row!.id;
  }

  async updateOrganization(db: Db, id: string, o: Partial<OrganizationInput>): Promise<boolean> {
    const rows = await db.query(
      `UPDATE referral_organizations SET name = coalesce($2, name), alternate_name = coalesce($3, alternate_name), description = coalesce($4, description),
              email = coalesce($5, email), website = coalesce($6, website), phone = coalesce($7, phone), trust_notes = coalesce($8, trust_notes), updated_at = now()
        WHERE id = $1 RETURNING id`,
      [id, o.name ?? null, o.alternateName ?? null, o.description ?? null, o.email ?? null, o.website ?? null, o.phone ?? null, o.trustNotes ?? null],
    );
    return rows.length > 0;
  }

  async deleteOrganization(db: Db, id: string): Promise<boolean> {
    return (await db.query('DELETE FROM referral_organizations WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async insertService(db: Db, s: Omit<ServiceCreate, 'areas'>, extra: { id?: string; lastVerifiedAt?: string | null } = {}): Promise<string> {
    const columns = SERVICE_FIELDS.map(([, column]) => column);
    const placeholders = SERVICE_FIELDS.map(([, , cast], i) => `$${i + 4}${cast ? `::${cast}` : ''}`);
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO referral_services (id, organization_id, last_verified_at, ${columns.join(', ')})
       VALUES (coalesce($1, gen_random_uuid()), $2, $3::date, ${placeholders.join(', ')}) RETURNING id`,
      [extra.id ?? null, s.organizationId, extra.lastVerifiedAt ?? null, ...SERVICE_FIELDS.map(([field]) => valueOf(field, s[field]))],
    );
    return row!.id;
  }

  /** Updates the fields given; false if there is no such service. */
  async updateService(db: Db, id: string, changes: ServiceUpdate): Promise<boolean> {
    const given = SERVICE_FIELDS.filter(([field]) => changes[field] !== undefined);
    const sets = given.map(([, column, cast], i) => `${column} = $${i + 2}${cast ? `::${cast}` : ''}`);
    const rows = await db.query(`UPDATE referral_services SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING id`, [
      id,
      ...given.map(([field]) => valueOf(field, changes[field])),
    ]);
    return rows.length > 0;
  }

  async deleteService(db: Db, id: string): Promise<boolean> {
    return (await db.query('DELETE FROM referral_services WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async markVerified(db: Db, id: string, on: string, userId: string): Promise<boolean> {
    const rows = await db.query('UPDATE referral_services SET last_verified_at = $2::date, verified_by = $3 WHERE id = $1 RETURNING id', [id, on, userId]);
    return rows.length > 0;
  }

  async setLastVerifiedAt(db: Db, id: string, on: string): Promise<void> {
    await db.query('UPDATE referral_services SET last_verified_at = $2::date WHERE id = $1', [id, on]);
  }

  async replaceAreas(db: Db, serviceId: string, areas: readonly { id?: string; name: string; area: MultiPolygon }[]): Promise<void> {
    await db.query('DELETE FROM referral_service_areas WHERE service_id = $1', [serviceId]);
    for (const a of areas) {
      await db.query(
        'INSERT INTO referral_service_areas (id, service_id, name, area) VALUES (coalesce($1, gen_random_uuid()), $2, $3, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326))',
        [a.id ?? null, serviceId, a.name, JSON.stringify(a.area)],
      );
    }
  }

  /** Why PostGIS finds an area invalid, or null if it is valid. */
  async invalidityReason(db: Db, area: MultiPolygon): Promise<string | null> {
    const [row] = await db.query<{ valid: boolean; reason: string }>(
      'SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ST_GeomFromGeoJSON($1) AS g) AS given',
      [JSON.stringify(area)],
    );
    return row!.valid ? null : row!.reason;
  }

  /** Services by id, in the order asked, with area geometries when `withGeometry`. */
  async services(db: Db, clock: DirectoryClock, ids: readonly string[], withGeometry = false): Promise<ReferralService[]> {
    const rows = await db.query<ReferralService>(
      `SELECT ${SERVICE_COLUMNS}, ${areasOf(withGeometry)}
         FROM referral_services s JOIN referral_organizations o ON o.id = s.organization_id WHERE s.id = ANY($4::uuid[])`,
      [clock.now, clock.timeZone, clock.reverifyDays, ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((s) => s !== undefined);
  }

  /** Every service, organization by organization, with area geometries (for export). */
  async allServiceIds(db: Db): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      'SELECT s.id FROM referral_services s JOIN referral_organizations o ON o.id = s.organization_id ORDER BY lower(o.name), o.id, lower(s.name), s.id',
    );
    return rows.map((r) => r.id);
  }

  /** Services not verified for the re-verify period (or never), the longest-unverified first. */
  async dueForReverify(db: Db, clock: DirectoryClock): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `SELECT s.id FROM referral_services s
        WHERE s.status <> 'defunct' AND (s.last_verified_at IS NULL OR s.last_verified_at <= ($1::timestamptz AT TIME ZONE $2)::date - $3::int)
        ORDER BY s.last_verified_at NULLS FIRST, s.id`,
      [clock.now, clock.timeZone, clock.reverifyDays],
    );
    return rows.map((r) => r.id);
  }

  async organizationExists(db: Db, id: string): Promise<boolean> {
    return (await db.query('SELECT 1 FROM referral_organizations WHERE id = $1', [id])).length > 0;
  }
}
