import {
  type Organization,
  organizationInputSchema,
  type ReferralService,
  type ScheduleEntry,
  serviceInputSchema,
  type ServiceCreate,
  weekdays,
} from '@centinela/contracts';
import type { MultiPolygon } from 'geojson';
import type { z } from 'zod';
import type { FieldIssue } from '../common/errors/domain-error.js';
import { fieldIssues } from '../common/validation/zod.pipe.js';
import { derivedId, type HsdsAttribute, type HsdsOrganization, type HsdsOrganizationList, type HsdsService, TAXONOMY, uuidOf } from './hsds-model.js';

/** Centinela's classifications published as HSDS attributes: link_type → the service field it carries. */
const TERM_LISTS = { need: 'needs', case_type: 'caseTypes', visa_type: 'visaTypes' } as const;
/** Free-text lists and values published as attributes with a `value`. */
const VALUE_LISTS = { immigration_court: 'immigrationCourts', border_region: 'borderRegions' } as const;
const ALL_DAYS = weekdays.map((d) => d.toUpperCase()).join(',');
const TWENTY_FOUR_SEVEN = '24/7';

const languageName = (code: string): string => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
};

function attribute(serviceId: string, linkType: string, code: string, value = ''): HsdsAttribute {
  const termId = derivedId(TAXONOMY, linkType, code);
  return {
    id: derivedId(serviceId, 'attribute', linkType, code, value),
    link_id: serviceId,
    link_type: linkType,
    link_entity: 'service',
    taxonomy_term_id: termId,
    value,
    taxonomy_term: { id: termId, code, name: code.replace(/_/g, ' '), taxonomy: TAXONOMY },
  };
}

function serviceToHsds(s: ReferralService): HsdsService {
  const schedules = s.schedule.map((e, i) => ({
    id: derivedId(s.id, 'schedule', String(i)),
    service_id: s.id,
    freq: 'WEEKLY' as const,
    byday: e.days.map((d) => d.toUpperCase()).join(','),
    opens_at: e.opens,
    closes_at: e.closes,
    description: '',
  }));
  if (s.alwaysOpen) {
    schedules.push({
      id: derivedId(s.id, 'schedule', '24/7'),
      service_id: s.id,
      freq: 'WEEKLY',
      byday: ALL_DAYS,
      opens_at: '00:00',
      closes_at: '00:00',
      description: TWENTY_FOUR_SEVEN,
    });
  }
  return {
    id: s.id,
    organization_id: s.organization.id,
    name: s.name,
    alternate_name: s.alternateName,
    description: s.description,
    url: s.url,
    email: s.email,
    status: s.status,
    application_process: s.applicationProcess,
    fees_description: s.feesDescription,
    eligibility_description: s.eligibilityDescription,
    assured_date: s.lastVerifiedAt ?? '',
    phones: s.phone ? [{ id: derivedId(s.id, 'phone'), service_id: s.id, number: s.phone }] : [],
    schedules,
    service_areas: s.areas.map((a) => ({ id: a.id, service_id: s.id, name: a.name, extent: JSON.stringify(a.area), extent_type: 'geojson' as const })),
    languages: s.languages.map((code) => ({ id: derivedId(s.id, 'language', code), service_id: s.id, code, name: languageName(code) })),
    required_documents: s.requiredDocuments.map((document, i) => ({ id: derivedId(s.id, 'document', String(i)), service_id: s.id, document })),
    attributes: [
      ...Object.entries(TERM_LISTS).flatMap(([linkType, field]) => s[field].map((code) => attribute(s.id, linkType, code))),
      ...Object.entries(VALUE_LISTS).flatMap(([linkType, field]) => s[field].map((value, i) => attribute(s.id, linkType, `${linkType}_${i}`, value))),
      attribute(s.id, 'cost', s.cost),
      ...(s.paymentPlans ? [attribute(s.id, 'payment_plans', 'payment_plans')] : []),
      ...(s.statusesExcluded ? [attribute(s.id, 'statuses_excluded', 'statuses_excluded', s.statusesExcluded)] : []),
    ],
  };
}

/**
 * The directory as an HSDS 3 organization list. What stays inside the network is left out: trust notes and
 * which services are its go-to ones.
 */
export function toHsds(organizations: readonly Organization[], services: readonly ReferralService[]): HsdsOrganizationList {
  const contents: HsdsOrganization[] = organizations.map((o) => ({
    id: o.id,
    name: o.name,
    alternate_name: o.alternateName,
    description: o.description,
    email: o.email,
    website: o.website,
    phones: o.phone ? [{ id: derivedId(o.id, 'phone'), organization_id: o.id, number: o.phone }] : [],
    services: services.filter((s) => s.organization.id === o.id).map(serviceToHsds),
  }));
  return {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}

/** One imported organization or service, ready for the repository. */
export type ImportedOrganization = { id: string; fields: Omit<z.output<typeof organizationInputSchema>, 'trustNotes'> };
export type ImportedService = {
  id: string;
  fields: Omit<ServiceCreate, 'areas' | 'preferred' | 'trustNotes'>;
  areas: { id: string; name: string; area: MultiPolygon }[];
  lastVerifiedAt: string | null;
};
export type ImportResult = { organizations: ImportedOrganization[]; services: ImportedService[]; issues: FieldIssue[] };

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

function scheduleOf(service: HsdsService): { schedule: ScheduleEntry[]; alwaysOpen: boolean } {
  let alwaysOpen = false;
  const schedule: ScheduleEntry[] = [];
  for (const row of list<HsdsService['schedules'][number]>(service.schedules)) {
    const days = str(row.byday)
      .split(',')
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean);
    const opens = str(row.opens_at).slice(0, 5);
    const closes = str(row.closes_at).slice(0, 5);
    if (str(row.description) === TWENTY_FOUR_SEVEN || (days.length === 7 && opens === '00:00' && closes === '00:00')) alwaysOpen = true;
    else schedule.push({ days, opens, closes } as ScheduleEntry);
  }
  return { schedule, alwaysOpen };
}

function serviceFromHsds(s: HsdsService, organizationId: string, at: string, issues: FieldIssue[]): ImportedService | null {
  const attributes = list<HsdsAttribute>(s.attributes);
  const codes = (linkType: string) => attributes.filter((a) => a.link_type === linkType).map((a) => str(a.taxonomy_term?.code ?? a.value));
  const values = (linkType: string) => attributes.filter((a) => a.link_type === linkType).map((a) => str(a.value));
  const parsed = serviceInputSchema.safeParse({
    organizationId,
    name: str(s.name),
    alternateName: str(s.alternate_name),
    description: str(s.description),
    url: str(s.url),
    email: str(s.email),
    phone: str(list<{ number?: unknown }>(s.phones)[0]?.number),
    status: str(s.status) || 'active',
    applicationProcess: str(s.application_process),
    eligibilityDescription: str(s.eligibility_description),
    feesDescription: str(s.fees_description),
    cost: codes('cost')[0] ?? 'paid',
    paymentPlans: codes('payment_plans').length > 0,
    requiredDocuments: list<{ document?: unknown }>(s.required_documents).map((d) => str(d.document)),
    languages: list<{ code?: unknown; name?: unknown }>(s.languages).map((l) => str(l.code) || str(l.name)),
    needs: codes('need'),
    caseTypes: codes('case_type'),
    visaTypes: codes('visa_type'),
    immigrationCourts: values('immigration_court'),
    borderRegions: values('border_region'),
    statusesExcluded: values('statuses_excluded')[0] ?? '',
    ...scheduleOf(s),
  });
  const areas: ImportedService['areas'] = [];
  list<HsdsService['service_areas'][number]>(s.service_areas).forEach((a, i) => {
    try {
      const geometry = JSON.parse(str(a.extent)) as { type?: string; coordinates?: unknown };
      if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') throw new Error('not a polygon');
      const area = (geometry.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [geometry.coordinates] } : geometry) as MultiPolygon;
      areas.push({ id: uuidOf(str(a.id) || derivedId(s.id, 'area', String(i))), name: str(a.name) || str(s.name), area });
    } catch {
      issues.push({ path: `${at}.service_areas.${i}.extent`, message: 'must be a GeoJSON Polygon or MultiPolygon (extent_type geojson)' });
    }
  });
  if (!parsed.success) {
    issues.push(...fieldIssues(parsed.error, at));
    return null;
  }
  const { areas: _none, preferred: _p, trustNotes: _t, ...fields } = parsed.data;
  const assured = str(s.assured_date).slice(0, 10);
  if (assured && !/^\d{4}-\d{2}-\d{2}$/.test(assured)) issues.push({ path: `${at}.assured_date`, message: 'must be a date (YYYY-MM-DD)' });
  return { id: uuidOf(str(s.id)), fields, areas, lastVerifiedAt: assured || null };
}

/** Reads an HSDS organization list (or a bare array of organizations), naming every problem by its path. */
export function fromHsds(input: unknown): ImportResult {
  const issues: FieldIssue[] = [];
  const organizations: ImportedOrganization[] = [];
  const services: ImportedService[] = [];
  const contents = Array.isArray(input) ? input : (input as { contents?: unknown } | null)?.contents;
  if (!Array.isArray(contents)) return { organizations, services, issues: [{ path: 'contents', message: 'must be a list of HSDS organizations' }] };
  contents.forEach((raw: HsdsOrganization | null, i) => {
    const at = `contents.${i}`;
    if (!raw || typeof raw !== 'object' || !str(raw.id)) {
      issues.push({ path: `${at}.id`, message: 'is required' });
      return;
    }
    const id = uuidOf(str(raw.id));
    const parsed = organizationInputSchema.safeParse({
      name: str(raw.name),
      alternateName: str(raw.alternate_name),
      description: str(raw.description),
      email: str(raw.email),
      website: str(raw.website),
      phone: str(list<{ number?: unknown }>(raw.phones)[0]?.number),
    });
    if (!parsed.success) issues.push(...fieldIssues(parsed.error, at));
    else {
      const { trustNotes: _t, ...fields } = parsed.data;
      organizations.push({ id, fields });
    }
    list<HsdsService>(raw.services).forEach((s, j) => {
      if (!str(s.id)) issues.push({ path: `${at}.services.${j}.id`, message: 'is required' });
      else {
        const service = serviceFromHsds(s, id, `${at}.services.${j}`, issues);
        if (service) services.push(service);
      }
    });
  });
  return { organizations, services, issues };
}
