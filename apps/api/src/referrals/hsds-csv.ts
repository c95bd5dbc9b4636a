import { parse as parseStream } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { strFromU8, strToU8, Unzip, UnzipInflate, unzipSync, zipSync } from 'fflate';
import { fromSpreadsheetSafe, spreadsheetSafe } from '../common/csv/spreadsheet-cell.js';
import { DomainError, type FieldIssue } from '../common/errors/domain-error.js';
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

/** A value as a CSV cell; text that a spreadsheet would run as a formula is kept as text (read back by fromSpreadsheetSafe). */
const cell = (v: unknown): string => (typeof v === 'string' ? spreadsheetSafe(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

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

/**
 * How big a CSV package may be once unzipped, and how many files it may hold. A real directory is far smaller (a
 * city-wide one with thousands of services is a few MB of CSV); the cap only stops a small ZIP that expands to
 * gigabytes (a "zip bomb") from filling memory and holding the process.
 */
export const CSV_PACKAGE_LIMITS = { bytes: 20 * 1024 * 1024, entries: 100 } as const;

const tooLarge = () =>
  new DomainError('too_large', `package: expands to more than ${CSV_PACKAGE_LIMITS.bytes / 1024 / 1024} MB once unzipped (the limit)`, [
    { path: 'package', message: `expands to more than ${CSV_PACKAGE_LIMITS.bytes / 1024 / 1024} MB once unzipped (the limit)` },
  ]);
const tooManyFiles = () =>
  new DomainError('too_large', `package: holds more than ${CSV_PACKAGE_LIMITS.entries} files (the limit)`, [
    { path: 'package', message: `holds more than ${CSV_PACKAGE_LIMITS.entries} files (the limit)` },
  ]);
const notZip = (): FieldIssue => ({ path: 'package', message: 'is not a ZIP file' });

/** Compressed bytes fed to the inflater at a time: each step yields at most ~1,000 times this (DEFLATE's ratio). */
const SLICE = 16 * 1024;
/** How long the unzipping may hold the event loop before it lets other requests run. */
const YIELD_AFTER_MS = 5;

const mismatch = (): FieldIssue => ({
  path: 'package',
  message: "holds files its central directory does not list, or lists the same file twice (the ZIP's two indexes disagree)",
});

/**
 * Unzips within CSV_PACKAGE_LIMITS without trusting the sizes the ZIP declares: the central directory is checked
 * first (count, distinct names and declared sizes, nothing inflated), then the local entries are read in order, each
 * counted as it is met, and must be exactly the files the central directory lists (a name twice, or an entry the
 * directory hides, is refused with a 400 naming `package`); they are inflated a slice at a time counting the bytes
 * that really come out, stopping as soon as a cap is passed (a 413 naming `package`), and letting other requests run
 * every few milliseconds.
 */
async function unzipWithinLimits(zip: Uint8Array): Promise<Map<string, Uint8Array> | FieldIssue> {
  const listed = new Set<string>();
  let declared = 0;
  // Set from the filter below (the type assertion keeps TypeScript from narrowing it to false).
  let twice = false as boolean;
  try {
    unzipSync(zip, {
      filter: (file) => {
        if (listed.has(file.name)) twice = true;
        listed.add(file.name);
        if (listed.size > CSV_PACKAGE_LIMITS.entries) throw tooManyFiles(); // stops reading the directory
        declared += file.originalSize;
        return false;
      },
    });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    return notZip();
  }
  if (twice) return mismatch();
  if (declared > CSV_PACKAGE_LIMITS.bytes) throw tooLarge();
  const parts = new Map<string, Uint8Array[]>();
  let entries = 0;
  let total = 0;
  // Set from the callbacks below (the type assertion keeps TypeScript from narrowing it to null).
  let failure = null as DomainError | FieldIssue | null;
  const unzip = new Unzip((file) => {
    if (failure) return;
    if (++entries > CSV_PACKAGE_LIMITS.entries) {
      failure = tooManyFiles();
      return;
    }
    if (!listed.has(file.name) || parts.has(file.name)) {
      failure = mismatch();
      return;
    }
    const chunks: Uint8Array[] = [];
    parts.set(file.name, chunks);
    file.ondata = (error, chunk) => {
      if (failure) return;
      if (error) failure = notZip();
      else if ((total += chunk.length) > CSV_PACKAGE_LIMITS.bytes) {
        failure = tooLarge();
        file.terminate();
      } else chunks.push(chunk);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    let ranSince = performance.now();
    for (let at = 0; at < zip.length && !failure; at += SLICE) {
      unzip.push(zip.subarray(at, at + SLICE), at + SLICE >= zip.length);
      if (performance.now() - ranSince > YIELD_AFTER_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        ranSince = performance.now();
      }
    }
  } catch {
    failure ??= notZip();
  }
  if (failure instanceof DomainError) throw failure;
  if (failure) return failure;
  // A file the central directory lists but no local entry holds.
  if (parts.size !== listed.size) return mismatch();
  return new Map([...parts].map(([name, chunks]) => [name, Buffer.concat(chunks)]));
}

/** Parses CSV a slice at a time, letting other requests run in between (a 20 MB table takes about a second). */
async function parseCsv(text: string): Promise<Row[]> {
  const parser = parseStream({ columns: true, skip_empty_lines: true, relax_column_count: true });
  const rows: Row[] = [];
  const done = new Promise<void>((resolve, reject) => {
    parser.on('readable', () => {
      for (let row = parser.read() as Row | null; row !== null; row = parser.read() as Row | null) {
        for (const [column, value] of Object.entries(row)) if (typeof value === 'string') row[column] = fromSpreadsheetSafe(value);
        rows.push(row);
      }
    });
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  const slice = 256 * 1024;
  for (let at = 0; at < text.length; at += slice) {
    parser.write(text.slice(at, at + slice));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  parser.end();
  await done;
  return rows;
}

/** Reads a CSV package back into an HSDS organization list; problems name the file and row. */
export async function fromCsvPackage(zip: Uint8Array): Promise<{ list: HsdsOrganizationList | null; issues: FieldIssue[] }> {
  const files = await unzipWithinLimits(zip);
  if (!(files instanceof Map)) return { list: null, issues: [files] };
  // Packages made by other tools may sit in a folder inside the ZIP.
  const byName = new Map([...files].map(([name, bytes]) => [name.split('/').pop()!, bytes]));
  const issues: FieldIssue[] = [];
  const read = async (t: Table): Promise<Row[]> => {
    const bytes = byName.get(`${t}.csv`);
    if (!bytes) return [];
    try {
      return await parseCsv(strFromU8(bytes).replace(/^\uFEFF/, ''));
    } catch (error) {
      issues.push({ path: `${t}.csv`, message: `is not valid CSV (${(error as Error).message})` });
      return [];
    }
  };
  if (!byName.has('organizations.csv')) return { list: null, issues: [{ path: 'organizations.csv', message: 'is missing from the package' }] };
  const group = (rows: Row[], key: string) => {
    const map = new Map<string, Row[]>();
    for (const r of rows) {
      const k = r[key] ?? '';
      const list = map.get(k);
      if (list) list.push(r);
      else map.set(k, [r]);
    }
    return (id: string) => map.get(id) ?? [];
  };
  const terms = new Map((await read('taxonomy_terms')).map((t) => [t.id ?? '', t as unknown as HsdsTaxonomyTerm]));
  const phonesRows = await read('phones');
  const phonesOfService = group(phonesRows, 'service_id');
  const phonesOfOrganization = group(
    phonesRows.filter((p) => !p.service_id),
    'organization_id',
  );
  const schedules = group(await read('schedules'), 'service_id');
  const areas = group(await read('service_areas'), 'service_id');
  const languages = group(await read('languages'), 'service_id');
  const documents = group(await read('required_documents'), 'service_id');
  const attributes = group(await read('attributes'), 'link_id');
  const serviceRows = await read('services');
  const organizationRows = await read('organizations');
  const known = new Set(organizationRows.map((o) => o.id));
  serviceRows.forEach((s, i) => {
    if (!known.has(s.organization_id)) issues.push({ path: `services.csv.${i + 2}.organization_id`, message: 'is not an organization in organizations.csv' });
  });
  const servicesOf = group(serviceRows, 'organization_id');
  const contents = organizationRows.map(
    (o) =>
      ({
        ...o,
        phones: phonesOfOrganization(o.id ?? ''),
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
