import { z } from 'zod';

export const shiftRoles = ['operator', 'responder'] as const;
export type ShiftRole = (typeof shiftRoles)[number];

/** A wall-clock time of day, HH:MM (24-hour), in the network's time zone. */
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM (00:00–23:59)');

export const createShiftTemplateSchema = z
  .strictObject({
    /** ISO weekday of the start: 1 = Monday … 7 = Sunday. */
    weekday: z.int('must be a weekday 1 (Monday) to 7 (Sunday)').min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'),
    start: timeOfDay,
    /** At or before the start: the shift ends the next day. */
    end: timeOfDay,
    role: z.enum(shiftRoles, { error: 'must be operator or responder' }),
    zoneId: z.uuid({ error: 'must be a zone id (UUID)' }).nullable().optional(),
    minStaff: z.int('must be a whole number').min(1, 'must be at least 1').max(50, 'must be at most 50').default(1),
  })
  .superRefine((body, ctx) => {
    if (body.start === body.end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must differ from start' });
    if (body.zoneId && body.role !== 'responder') ctx.addIssue({ code: 'custom', path: ['zoneId'], message: 'only responder shifts have a zone' });
  });
export type CreateShiftTemplate = z.infer<typeof createShiftTemplateSchema>;

export const updateShiftTemplateSchema = z.strictObject({
  minStaff: z.int('must be a whole number').min(1, 'must be at least 1').max(50, 'must be at most 50'),
});
export type UpdateShiftTemplate = z.infer<typeof updateShiftTemplateSchema>;

/** A coordinator puts someone on a shift, or moves a shift to someone else. */
export const assignShiftSchema = z.strictObject({ userId: z.uuid({ error: 'must be a user id (UUID)' }) });
export type AssignShift = z.infer<typeof assignShiftSchema>;

export const shiftAssigneeSchema = z.object({
  assignmentId: z.uuid(),
  /** Their account id; null for a responder looking at anyone but themselves. */
  userId: z.uuid().nullable(),
  /**
   * The person's handle (never a real name): their username for staff viewers; for a responder, a fellow responder's
   * alias, and '' for staff (shown as "Operator").
   */
  name: z.string(),
  /** They offer this shift to someone else (a swap). */
  offered: z.boolean(),
});
export type ShiftAssignee = z.infer<typeof shiftAssigneeSchema>;

export const shiftTemplateSchema = z.object({
  id: z.uuid(),
  weekday: z.int().min(1).max(7),
  start: z.string(),
  end: z.string(),
  role: z.enum(shiftRoles),
  zoneId: z.uuid().nullable(),
  zoneName: z.string().nullable(),
  minStaff: z.int(),
  assignees: z.array(shiftAssigneeSchema),
  /** Fewer assigned than its minimum: people can sign up. */
  open: z.boolean(),
  /** Touches a peak window (calls cluster then). */
  peak: z.boolean(),
});
export type ShiftTemplate = z.infer<typeof shiftTemplateSchema>;

export const peakWindowSchema = z.object({ from: z.int(), to: z.int() });
export type PeakWindow = z.infer<typeof peakWindowSchema>;

/** An hour of the week with fewer people than the schedule's minimum (operators, or responders of a zone). */
export const shiftGapSchema = z.object({
  weekday: z.int().min(1).max(7),
  hour: z.int().min(0).max(23),
  role: z.enum(shiftRoles),
  zoneId: z.uuid().nullable(),
  zoneName: z.string().nullable(),
  needed: z.int(),
  assigned: z.int(),
  peak: z.boolean(),
});
export type ShiftGap = z.infer<typeof shiftGapSchema>;

export const weekScheduleSchema = z.object({
  timeZone: z.string(),
  peakWindows: z.array(peakWindowSchema),
  shifts: z.array(shiftTemplateSchema),
  gaps: z.array(shiftGapSchema),
});
export type WeekSchedule = z.infer<typeof weekScheduleSchema>;

export const shiftPreferencesSchema = z.object({
  /** Responders only: duty goes on at a shift's start and off at its end, with a push reminder 15 minutes before. */
  dutyFollowsShifts: z.boolean(),
  /** Whether a calendar feed exists (its address is shown only once, when made). */
  calendarFeed: z.boolean(),
});
export type ShiftPreferences = z.infer<typeof shiftPreferencesSchema>;

export const updateShiftPreferencesSchema = z.strictObject({ dutyFollowsShifts: z.boolean({ error: 'must be true or false' }) });
export type UpdateShiftPreferences = z.infer<typeof updateShiftPreferencesSchema>;

export const calendarFeedSchema = z.object({ url: z.string() });
export type CalendarFeed = z.infer<typeof calendarFeedSchema>;

export const postOperatorMessageSchema = z.strictObject({
  text: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
});
export type PostOperatorMessage = z.infer<typeof postOperatorMessageSchema>;

export const operatorMessageSchema = z.object({ id: z.uuid(), author: z.string().nullable(), text: z.string(), at: z.iso.datetime() });
export type OperatorMessage = z.infer<typeof operatorMessageSchema>;
