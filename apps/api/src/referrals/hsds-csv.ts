import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { FieldIssue } from '../common/errors/domain-error.js';
import type { HsdsAttribute, HsdsOrganization, HsdsOrganizationList, HsdsService, HsdsTaxonomyTerm } from './hsds-model.js';
import { TAXONOMY } from './hsds-model.js';

/** The HSDS 3 tables of the CSV package, each with its columns in the standard's names. */
const TABLES = {
  organizations: ['id', 'name', 'alternate_name', 'description', 'email', 'website'],
  services: [
    'id',
    'organization_id',
    'name',
    'alternate_name',
    'description',
    'url',
    'email',
    'status',
    'application_process',
    'fees_description',
    'eligibility_description',
    'assured_date',
  ],
  phones: ['id', 'organization_id', 'service_id', 'number'],
  schedules: ['id', 'service_id', 'freq', 'byday', 'opens_at', 'closes_at', 'description'],
  service_areas: ['id', 'service_id', 'name', 'extent', 'extent_type'],
  languages: ['id', 'service_id', 'code', 'name'],
  required_documents: ['id', 'service_id', 'document'],
  attributes: ['id', 'link_id', 'link_type', 'link_entity', 'taxonomy_term_id', 'value'],
  taxonomy_terms: ['id', 'code', 'name', 'taxonomy'],
  taxonomies: ['id', 'name', 'description'],
} as const;
type Table = keyof typeof TABLES;
type Row = Record<string, string>;

const cell = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

const csv = (table: Table, rows: readonly object[]) =>
  stringify(
    rows.map((r) => TABLES[table].map((c) => cell((r as Record<string, unknown>)[c]))),
    { header: true, columns: [...TABLES[table]], record_delimiter: '\r\n' },
  );

/** The directory as an HSDS tabular data package: `datapackage.json` and one CSV per table, zipped. */
export function toCsvPackage(list: HsdsOrganizationList, createdAt: string): Uint8Array {
  const services = list.contents.flatMap((o) => o.services);
  const attributes = services.flatMap((s) => s.attributes);
  const terms = new Map<string, HsdsTaxonomyTerm>();
  for (const a of attributes) if (a.taxonomy_term) terms.set(a.taxonomy_term.id, a.taxonomy_term);
  const tables: Record<Table, readonly object[]> = {
    organizations: list.contents,
    services,
    phones: [...list.contents.flatMap((o) => o.phones), ...services.flatMap((s) => s.phones)],
    schedules: services.flatMap((s) => s.schedules),
    service_areas: services.flatMap((s) => s.service_areas),
    languages: services.flatMap((s) => s.languages),
    required_documents: services.flatMap((s) => s.required_documents),
    attributes,
    taxonomy_terms: [...terms.values()].sort((a, b) => a.id.localeCompare(b.id)),
    taxonomies: [{ id: TAXONOMY, name: 'Centinela', description: 'Needs, case types, visas and costs as rapid response networks classify referrals' }],
  };
  const datapackage = {
    profile: 'tabular-data-package',
    name: 'centinela-referrals',
    created: createdAt,
    resources: (Object.keys(TABLES) as Table[]).map((t) => ({
      name: t.replace(/s$/, '').replace(/ie$/, 'y'),
      path: `${t}.csv`,
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: { fields: TABLES[t].map((name) => ({ name, type: 'string' })) },
    })),
  };
  const files: Record<string, Uint8Array> = { 'datapackage.json': strToU8(JSON.stringify(datapackage, null, 2)) };
  for (const t of Object.keys(TABLES) as Table[]) files[`${t}.csv`] = strToU8(csv(t, tables[t]));
  return zipSync(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

/** Reads a CSV package back into an HSDS organization list; problems name the file and row. */
export function fromCsvPackage(zip: Uint8Array): { list: HsdsOrganizationList | null; issues: FieldIssue[] } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch {
    return { list: null, issues: [{ path: 'package', message: 'is not a ZIP file' }] };
  }
  // Packages made by other tools may sit in a folder inside the ZIP.
  const byName = new Map(Object.entries(files).map(([name, bytes]) => [name.split('/').pop()!, bytes]));
  const issues: FieldIssue[] = [];
  const read = (t: Table): Row[] => {
    const bytes = byName.get(`${t}.csv`);
    if (!bytes) return [];
    try {
      return parse<Row>(strFromU8(bytes).replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, relax_column_count: true });
    } catch (error) {
      issues.push({ path: `${t}.csv`, message: `is not valid CSV (${(error as Error).message})` });
      return [];
    }
  };
  if (!byName.has('organizations.csv')) return { list: null, issues: [{ path: 'organizations.csv', message: 'is missing from the package' }] };
  const group = (rows: Row[], key: string) => {
    const map = new Map<string, Row[]>();
    for (const r of rows) map.set(r[key] ?? '', [...(map.get(r[key] ?? '') ?? []), r]);
    return (id: string) => map.get(id) ?? [];
  };
  const terms = new Map(read('taxonomy_terms').map((t) => [t.id ?? '', t as unknown as HsdsTaxonomyTerm]));
  const phonesOfService = group(read('phones'), 'service_id');
  const phonesRows = read('phones');
  const schedules = group(read('schedules'), 'service_id');
  const areas = group(read('service_areas'), 'service_id');
  const languages = group(read('languages'), 'service_id');
  const documents = group(read('required_documents'), 'service_id');
  const attributes = group(read('attributes'), 'link_id');
  const serviceRows = read('services');
  const organizationRows = read('organizations');
  const known = new Set(organizationRows.map((o) => o.id));
  serviceRows.forEach((s, i) => {
    if (!known.has(s.organization_id)) issues.push({ path: `services.csv.${i + 2}.organization_id`, message: 'is not an organization in organizations.csv' });
  });
  const servicesOf = group(serviceRows, 'organization_id');
  const contents = organizationRows.map(
    (o) =>
      ({
        ...o,
        phones: phonesRows.filter((p) => p.organization_id === o.id && !p.service_id),
        services: servicesOf(o.id ?? '').map(
          (s) =>
            ({
              ...s,
              phones: phonesOfService(s.id ?? ''),
              schedules: schedules(s.id ?? ''),
              service_areas: areas(s.id ?? ''),
              languages: languages(s.id ?? ''),
              required_documents: documents(s.id ?? ''),
              attributes: attributes(s.id ?? '').map((a) => ({ ...a, taxonomy_term: terms.get(a.taxonomy_term_id ?? '') }) as HsdsAttribute),
            }) as unknown as HsdsService,
        ),
      }) as unknown as HsdsOrganization,
  );
  const list = {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: !contents.length,
    contents,
  };
  return { list, issues };
}
