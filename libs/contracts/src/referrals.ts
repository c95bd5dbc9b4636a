import type { MultiPolygon } from 'geojson';
import { z } from 'zod';
import { areaSchema, multiPolygonSchema } from './geojson.js';

/**
 * The referral directory: organizations and their services, aligned with Open Referral HSDS 3 (service,
 * eligibility, fees, languages, service areas, schedules, application process, required documents, status,
 * assured date), plus what rapid response networks ask of providers (case types, courts, visas, exclusions,
 * payment plans) and the network's own trust notes, which never leave the network.
 */

/** What callers often want (the seeds' list), as the needs a service meets. */
export const referralNeeds = [
  'detained_family',
  'criminal_charge',
  'probation_prison',
  'ice_appointment',
  'status_assessment',
  'paperwork',
  'border_locate',
  'border_detained',
  'free_legal',
  'bond',
  'financial',
  'domestic_violence',
  'housing',
  'workplace',
] as const;
export const referralNeedSchema = z.enum(referralNeeds);
export type ReferralNeed = z.infer<typeof referralNeedSchema>;

/** The kinds of cases a legal provider takes. */
export const caseTypes = ['detained', 'non_detained', 'criminal', 'non_criminal', 'pretrial_jail', 'dual_immigration_criminal'] as const;
export const caseTypeSchema = z.enum(caseTypes);
export type CaseType = z.infer<typeof caseTypeSchema>;

export const visaTypes = ['u_visa', 't_visa', 'vawa', 'asylum', 'sijs', 'daca', 'tps', 'family_petition', 'naturalization'] as const;
export const visaTypeSchema = z.enum(visaTypes);
export type VisaType = z.infer<typeof visaTypeSchema>;

/** What it costs a family: free and low cost (or sliding scale) are what "free/low cost" finds. */
export const costLevels = ['free', 'low', 'sliding', 'paid'] as const;
export const costLevelSchema = z.enum(costLevels);
export type CostLevel = z.infer<typeof costLevelSchema>;

/** HSDS service statuses. */
export const serviceStatuses = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export const serviceStatusSchema = z.enum(serviceStatuses);
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

/** RFC 5545 BYDAY codes, as HSDS schedules use them. */
export const weekdays = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export const weekdaySchema = z.enum(weekdays);
export type Weekday = z.infer<typeof weekdaySchema>;

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const requiredText = (max: number) => text(max).min(1, 'is required');
const optionalUrl = z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(500)]);
const optionalEmail = z.union([z.literal(''), z.email({ error: 'must be an email address' }).max(200)]);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
/** A language as a lower-case BCP 47 tag: `es`, `vi`, `mam`, `zh-hant`. */
export const languageTagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/, 'must be a language code such as es, vi or mam');
const unique = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .transform((values) => [...new Set(values)]);

type Unwrapped<T> = { [K in keyof T]: T[K] extends z.ZodDefault<infer Inner> ? z.ZodOptional<Inner> : T[K] };

/** An update's schema: the same fields, each optional, none defaulted (an absent field stays as it is). */
function withoutDefaults<T extends Record<string, z.ZodType>>(shape: T): z.ZodObject<Unwrapped<T>, z.core.$strict> {
  const entries = Object.entries(shape).map(([key, schema]) => [key, (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema).optional()]);
  return z.strictObject(Object.fromEntries(entries)) as unknown as z.ZodObject<Unwrapped<T>, z.core.$strict>;
}

/** Open on these days from `opens` to `closes` (network time); `closes` before `opens` runs past midnight. */
export const scheduleEntrySchema = z.strictObject({ days: z.array(weekdaySchema).min(1).max(7), opens: time, closes: time });
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;

export const organizationInputSchema = z.strictObject({
  name: requiredText(200),
  alternateName: text(200).default(''),
  description: text(4000).default(''),
  email: optionalEmail.default(''),
  website: optionalUrl.default(''),
  phone: text(60).default(''),
  /** Staff-only: what families experienced with them. Never exported. */
  trustNotes: text(4000).default(''),
});
export type OrganizationInput = z.input<typeof organizationInputSchema>;
export const updateOrganizationSchema = withoutDefaults(organizationInputSchema.shape);

export const organizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  alternateName: z.string(),
  description: z.string(),
  email: z.string(),
  website: z.string(),
  phone: z.string(),
  trustNotes: z.string(),
  serviceCount: z.int(),
  updatedAt: z.iso.datetime(),
});
export type Organization = z.infer<typeof organizationSchema>;

const serviceFields = {
  name: requiredText(200),
  alternateName: text(200).default(''),
  description: text(4000).default(''),
  url: optionalUrl.default(''),
  email: optionalEmail.default(''),
  phone: text(60).default(''),
  status: serviceStatusSchema.default('active'),
  /** How families get in touch and what happens next. */
  applicationProcess: text(4000).default(''),
  eligibilityDescription: text(4000).default(''),
  feesDescription: text(4000).default(''),
  cost: costLevelSchema.default('paid'),
  paymentPlans: z.boolean().default(false),
  requiredDocuments: unique(requiredText(200), 30).default([]),
  languages: unique(languageTagSchema, 40).default([]),
  needs: unique(referralNeedSchema, referralNeeds.length).default([]),
  caseTypes: unique(caseTypeSchema, caseTypes.length).default([]),
  visaTypes: unique(visaTypeSchema, visaTypes.length).default([]),
  immigrationCourts: unique(requiredText(120), 30).default([]),
  /** Immigration statuses they will not serve, in their words. */
  statusesExcluded: text(2000).default(''),
  borderRegions: unique(requiredText(120), 30).default([]),
  schedule: z.array(scheduleEntrySchema).max(21).default([]),
  /** Answers around the clock (a hotline): open now whatever the schedule says. */
  alwaysOpen: z.boolean().default(false),
  /** The network's go-to for its needs: ranked first. */
  preferred: z.boolean().default(false),
  trustNotes: text(4000).default(''),
};

export const serviceAreaInputSchema = z.strictObject({ name: requiredText(120), area: areaSchema });
export type ServiceAreaInput = z.infer<typeof serviceAreaInputSchema>;

/** A GeoJSON FeatureCollection of (multi)polygons, e.g. counties or cities; `properties.name` names each area. */
export const areaFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z
    .array(
      z.object({
        type: z.literal('Feature'),
        properties: z.record(z.string(), z.unknown()).nullable().optional(),
        geometry: areaSchema,
      }),
    )
    .min(1)
    .max(200),
});

/** Replaces a service's areas: a list of named areas, or a FeatureCollection. No areas: it serves anywhere. */
export const setServiceAreasSchema = z.union([z.strictObject({ areas: z.array(serviceAreaInputSchema).max(200) }), areaFeatureCollectionSchema]);
export type SetServiceAreas = z.infer<typeof setServiceAreasSchema>;

export const serviceInputSchema = z.strictObject({ organizationId: z.uuid(), ...serviceFields, areas: z.array(serviceAreaInputSchema).max(200).default([]) });
export type ServiceInput = z.input<typeof serviceInputSchema>;
export type ServiceCreate = z.output<typeof serviceInputSchema>;
export const updateServiceSchema = withoutDefaults(serviceFields);
export type ServiceUpdate = z.output<typeof updateServiceSchema>;

export const serviceAreaSchema = z.object({ id: z.uuid(), name: z.string(), area: multiPolygonSchema.optional() });
export type ServiceArea = { id: string; name: string; area?: MultiPolygon };

export const serviceSchema = z.object({
  id: z.uuid(),
  organization: z.object({ id: z.uuid(), name: z.string(), phone: z.string(), website: z.string(), trustNotes: z.string() }),
  name: z.string(),
  alternateName: z.string(),
  description: z.string(),
  url: z.string(),
  email: z.string(),
  phone: z.string(),
  status: serviceStatusSchema,
  applicationProcess: z.string(),
  eligibilityDescription: z.string(),
  feesDescription: z.string(),
  cost: costLevelSchema,
  paymentPlans: z.boolean(),
  requiredDocuments: z.array(z.string()),
  languages: z.array(z.string()),
  needs: z.array(referralNeedSchema),
  caseTypes: z.array(caseTypeSchema),
  visaTypes: z.array(visaTypeSchema),
  immigrationCourts: z.array(z.string()),
  statusesExcluded: z.string(),
  borderRegions: z.array(z.string()),
  schedule: z.array(scheduleEntrySchema),
  alwaysOpen: z.boolean(),
  preferred: z.boolean(),
  trustNotes: z.string(),
  areas: z.array(serviceAreaSchema),
  /** When someone last checked this entry with the provider (HSDS assured_date). */
  lastVerifiedAt: z.iso.date().nullable(),
  /** Open at the time of the request, by its schedule in the network's time zone. */
  openNow: z.boolean(),
  /** Not verified for REFERRAL_REVERIFY_DAYS or more (or never). */
  needsReverify: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type ReferralService = z.infer<typeof serviceSchema>;

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');
const coordinate = (min: number, max: number) => z.coerce.number({ error: 'must be a number' }).min(min).max(max);

/** A search during a call: every filter given must hold; results are ranked. */
export const referralSearchSchema = z
  .strictObject({
    need: referralNeedSchema.optional(),
    language: languageTagSchema.optional(),
    lon: coordinate(-180, 180).optional(),
    lat: coordinate(-90, 90).optional(),
    openNow: flag,
    /** Free, low cost or sliding scale only. */
    freeOrLowCost: flag,
    q: text(100).optional(),
    /** Include inactive, defunct and closed services (coordinators tidying the directory). */
    all: flag,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((s) => (s.lon === undefined) === (s.lat === undefined), { path: ['lat'], error: 'give both lon and lat, or neither' });
export type ReferralSearch = z.output<typeof referralSearchSchema>;

export const referralMatchSchema = z.object({
  service: serviceSchema,
  /** Why it ranks where it does, as codes the page translates. */
  reasons: z.array(z.enum(['preferred', 'serves_place', 'serves_anywhere', 'speaks_language', 'open_now', 'free', 'low_cost', 'recently_verified'])),
  /** The service area covering the searched place, if any. */
  areaName: z.string().nullable(),
  score: z.number(),
});
export type ReferralMatch = z.infer<typeof referralMatchSchema>;

/** "Referred to X", recorded in an incident's record with a follow-up to check the family reached them. */
export const createIncidentReferralSchema = z.strictObject({
  serviceId: z.uuid(),
  note: text(2000).optional(),
  /** When to check the family reached them: in this many days (0 = today). */
  followUpDays: z.int().min(0).max(90).default(3),
  assigneeId: z.uuid().nullable().optional(),
});
export type CreateIncidentReferral = z.input<typeof createIncidentReferralSchema>;

export const incidentReferralSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  serviceId: z.uuid().nullable(),
  organizationName: z.string(),
  serviceName: z.string(),
  phone: z.string(),
  note: z.string(),
  followUpId: z.uuid().nullable(),
  referredBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type IncidentReferral = z.infer<typeof incidentReferralSchema>;
