import { createHash } from 'node:crypto';

/**
 * The Open Referral HSDS 3 records Centinela reads and writes: the subset of the standard's fields a
 * referral directory uses, named as the standard names them (snake_case, `*.csv` file per table).
 */
export type HsdsPhone = { id: string; organization_id?: string; service_id?: string; number: string };
export type HsdsSchedule = { id: string; service_id: string; freq: 'WEEKLY'; byday: string; opens_at: string; closes_at: string; description: string };
export type HsdsServiceArea = { id: string; service_id: string; name: string; extent: string; extent_type: 'geojson' };
export type HsdsLanguage = { id: string; service_id: string; code: string; name: string };
export type HsdsRequiredDocument = { id: string; service_id: string; document: string };
export type HsdsTaxonomyTerm = { id: string; code: string; name: string; taxonomy: string };
export type HsdsAttribute = {
  id: string;
  link_id: string;
  link_type: string;
  link_entity: 'service';
  taxonomy_term_id: string;
  value: string;
  taxonomy_term?: HsdsTaxonomyTerm;
};
export type HsdsService = {
  id: string;
  organization_id: string;
  name: string;
  alternate_name: string;
  description: string;
  url: string;
  email: string;
  status: string;
  application_process: string;
  fees_description: string;
  eligibility_description: string;
  assured_date: string;
  phones: HsdsPhone[];
  schedules: HsdsSchedule[];
  service_areas: HsdsServiceArea[];
  languages: HsdsLanguage[];
  required_documents: HsdsRequiredDocument[];
  attributes: HsdsAttribute[];
};
export type HsdsOrganization = {
  id: string;
  name: string;
  alternate_name: string;
  description: string;
  email: string;
  website: string;
  phones: HsdsPhone[];
  services: HsdsService[];
};

/** HSDS 3's paginated organization list, in one page: what `export.json` writes and `import` reads. */
export type HsdsOrganizationList = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: HsdsOrganization[];
};

/** The taxonomy Centinela's own classifications (needs, case types, visas, cost…) are published under. */
export const TAXONOMY = 'centinela';

/** A stable UUID for a record that has no id of its own (a phone, a schedule row, a taxonomy term). */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from other directories may not be UUIDs (HSDS 2 allowed any string): those map to a stable UUID. */
export const uuidOf = (id: string): string => (UUID.test(id) ? id.toLowerCase() : derivedId('hsds-id', id));
