import type { Point } from 'geojson';
import { z } from 'zod';
import { plannedAtSchema, queryDateSchema } from './dates.js';
import { dispatchSchema } from './dispatches.js';
import { type Channel, channels, type IncidentStatus, incidentStatusSchema, sightingSchema } from './sightings.js';
import { zoneRefSchema } from './zones.js';

/** The verdicts someone checking on the ground can give. */
export const verdicts = ['confirmed', 'other_agency', 'false_alarm', 'unverifiable'] as const;
export const verdictSchema = z.enum(verdicts);
export type Verdict = z.infer<typeof verdictSchema>;

/**
 * Statuses that settle what verifiers were sent to find out: once an incident has one, no more verifiers are asked for
 * and those still to answer are told they are covered (other needs, such as legal observers, go on). A false alarm
 * or a resolved incident calls everyone off instead.
 */
export const verifiedStatuses = ['confirmed', 'other_agency', 'unverifiable'] as const satisfies readonly IncidentStatus[];
export const isVerified = (status: IncidentStatus): boolean => (verifiedStatuses as readonly IncidentStatus[]).includes(status);

export const incidentSchema = z.object({
  id: z.uuid(),
  status: incidentStatusSchema,
  otherAgency: z.string(),
  location: z.custom<Point>(),
  openedAt: z.iso.datetime(),
  lastObservedAt: z.iso.datetime(),
  /** Send it back with every change; a stale one gets 409 and the current state. */
  version: z.int(),
  /** Who is handling it, if anyone. */
  claim: z.object({ userId: z.uuid(), username: z.string(), activeAt: z.iso.datetime() }).nullable(),
  /** Independent reports: how many, and through which channels. */
  sources: z.object({ total: z.int(), byChannel: z.partialRecord(z.enum(channels), z.int()) }),
  debrief: z.string(),
  expiredAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  mergedInto: z.uuid().nullable(),
  /** A practice run (a coordinator's drill): marked DRILL everywhere, never public, never counted, never evidence. */
  drill: z.boolean(),
});
export type Incident = z.infer<typeof incidentSchema>;
export type SourceCounts = Partial<Record<Channel, number>>;

export const mediaItemSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  sightingId: z.uuid().nullable(),
  contentType: z.string(),
  bytes: z.int(),
  width: z.int(),
  height: z.int(),
  sha256: z.string(),
  source: z.string(),
  createdAt: z.iso.datetime(),
});
export type MediaItem = z.infer<typeof mediaItemSchema>;

/** An incident as the dispatcher's queue and map show it: its sightings, zones, dispatches and photos. */
export const incidentViewSchema = z.object({
  incident: incidentSchema,
  sightings: z.array(sightingSchema),
  zones: z.array(zoneRefSchema),
  dispatches: z.array(dispatchSchema),
  media: z.array(mediaItemSchema),
});
export type IncidentView = z.infer<typeof incidentViewSchema>;

const reason = z.string().trim().min(1, 'say why').max(1000, 'must be at most 1000 characters');
const version = z.int().min(1);

/** A status change, with why. `otherAgency` names the agency when the status is other_agency. */
export const changeStatusSchema = z
  .strictObject({ status: incidentStatusSchema, reason, version, otherAgency: z.string().trim().max(100).optional() })
  .refine((b) => b.status !== 'other_agency' || !!b.otherAgency, { path: ['otherAgency'], error: 'say which agency it was' });
export type ChangeStatus = z.infer<typeof changeStatusSchema>;

/** A verifier on scene confirms or rejects, from the responder app. */
export const verdictRequestSchema = z
  .strictObject({ verdict: verdictSchema, note: z.string().trim().max(1000).optional(), otherAgency: z.string().trim().max(100).optional() })
  .refine((b) => b.verdict !== 'other_agency' || !!b.otherAgency, { path: ['otherAgency'], error: 'say which agency it was' });
export type VerdictRequest = z.infer<typeof verdictRequestSchema>;

export const mergeSchema = z.strictObject({ otherIncidentId: z.uuid(), version, otherVersion: version });
export const splitSchema = z.strictObject({ sightingId: z.uuid(), version });
export const claimSchema = z.strictObject({ version });
export const noteSchema = z.strictObject({ text: z.string().trim().min(1, 'is required').max(4000) });
export const debriefSchema = z.strictObject({ text: z.string().trim().max(20_000), version });
export const witnessSchema = z.strictObject({
  contact: z.string().trim().min(1, 'is required').max(300),
  note: z.string().trim().max(1000).optional(),
});
export type WitnessInput = z.infer<typeof witnessSchema>;
export const witnessViewSchema = z.object({ id: z.uuid(), contact: z.string(), note: z.string(), createdAt: z.iso.datetime(), deleteAfter: z.iso.datetime() });
export type Witness = z.infer<typeof witnessViewSchema>;

/**
 * The evidence export leaves witness contacts out unless asked (`include=witness-contacts`, recorded in the incident's
 * log): a contact list is what a subpoena would ask for, and the export leaves the system with no expiry.
 */
export const evidenceExportQuerySchema = z.strictObject({
  include: z.enum(['witness-contacts'], { error: 'must be witness-contacts' }).optional(),
});
export type EvidenceExportQuery = z.infer<typeof evidenceExportQuerySchema>;

export const followUpKinds = ['family_contacted', 'legal_referral', 'check_in', 'referral', 'other'] as const;
export const followUpKindSchema = z.enum(followUpKinds);
export type FollowUpKind = z.infer<typeof followUpKindSchema>;
export const createFollowUpSchema = z.strictObject({
  kind: followUpKindSchema,
  note: z.string().trim().max(2000).optional(),
  assigneeId: z.uuid().nullable().optional(),
  dueAt: plannedAtSchema,
});
export type CreateFollowUp = z.infer<typeof createFollowUpSchema>;
export const updateFollowUpSchema = z.strictObject({ done: z.boolean() });
export const followUpSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  kind: followUpKindSchema,
  note: z.string(),
  assignee: z.object({ id: z.uuid(), username: z.string() }).nullable(),
  dueAt: z.iso.datetime(),
  doneAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type FollowUp = z.infer<typeof followUpSchema>;

/** One line of an incident's record. */
export const timelineEntrySchema = z.object({
  at: z.iso.datetime(),
  kind: z.string(),
  /** A dispatcher's handle, a responder's alias, "public report", or null for the system. */
  actor: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const incidentsQuerySchema = z.strictObject({
  /** Include expired, resolved and merged incidents (the live map leaves them out). */
  all: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  since: queryDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(300),
});
export type IncidentsQuery = z.infer<typeof incidentsQuerySchema>;

/** What the public map shows of a confirmed incident: what, roughly where, roughly when. */
export const publicIncidentSchema = z.object({
  activity: z.string(),
  agency: z.string(),
  /** Snapped to a coarse grid, never the reported point. */
  location: z.custom<Point>(),
  /** Rounded down to the quarter hour. */
  confirmedAt: z.iso.datetime(),
  /** The streets around the coarse point ("18th St & Blue Island Ave"), when a street map is imported. */
  area: z.string().nullable(),
});
export type PublicIncident = z.infer<typeof publicIncidentSchema>;
