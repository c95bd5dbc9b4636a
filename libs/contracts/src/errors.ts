import { z } from 'zod';

/**
 * Why a request was refused, as a stable code the web app says in the reader's language (`apiError.<reason>`);
 * the English `message` beside it stays for logs, scripts and the API's other clients. Codes, not sentences, cross
 * the wire, so a translation never depends on the wording of the English text. Params are the few values a sentence
 * needs (an alias, a status, a number of seconds); a status or type is sent as its code and translated too.
 */
export const apiErrorReasons = [
  // accounts, invites and roles
  'role.notAllowed',
  'account.ownAccessEnded',
  'account.cannotEndOwnAccess',
  'account.cannotDeleteOwnAccount',
  'account.usernameTaken',
  'alias.taken',
  'alias.onPendingInvite',
  'invite.aliasTakenSince',
  'invite.used',
  'invite.expired',
  // incidents, claims, verification
  'incident.changed',
  'incident.notLive',
  'incident.statusChange',
  'incident.alreadyDecided',
  'incident.notDrill',
  'incident.singleSighting',
  'incident.assigneeNotStaff',
  'merge.otherNotLive',
  'merge.drillWithReal',
  'merge.intoItself',
  'claim.heldByOther',
  'claim.notYours',
  'ping.otherResponder',
  'ping.answerChange',
  'verdict.notOnScene',
  'dispatch.cancelled',
  'dispatch.needsOnlyGrow',
  'location.offDuty',
  'photo.notOnScene',
  'photo.deleted',
  'evidence.drill',
  'drill.ended',
  // hotline, messages
  'call.noCallback',
  'call.takeCallbackFirst',
  'call.numberForgotten',
  'call.alreadyLogged',
  'thread.numberDeleted',
  'thread.alreadySighting',
  // shifts
  'shift.operatorsOnly',
  'shift.respondersOnly',
  'shift.taken',
  'shift.youAreOn',
  'shift.theyAreOn',
  'shift.offerNotYours',
  'shift.alreadyYours',
  'shift.noLongerOffered',
  'shift.notYours',
  // community alerts
  'alert.noApprovalNeeded',
  'alert.notAwaitingApproval',
  'alert.ownAlert',
  'alert.changedLookAgain',
  'alert.approvalExpired',
  'alert.recipientsChanged',
  'alert.needsApproval',
  'alert.cannotSend',
  'alert.notReceivedYet',
  'alert.notSent',
  'alert.alreadyCorrected',
  'alert.cannotPause',
  'alert.cannotResume',
  'alert.cannotCancel',
  'alert.changedFirst',
  'alert.cannotEdit',
  'alert.incidentNotConfirmed',
  'alert.templateExists',
  'alert.channelsOff',
  'alert.nobodyReceives',
  'alert.correctionAudience',
  'alert.drillAudience',
  'push.notConfigured',
  // settings and the map
  'settings.telegramOff',
  'settings.publicUrlMissing',
  'settings.twilioOff',
  'map.importRunning',
  // retries and limits
  'request.retryTookOver',
  'request.keyReused',
  'request.appliedResponseLost',
  'request.inProgress',
  'request.appliedResponseExpired',
  'limit.reached',
] as const;
export const apiErrorReasonSchema = z.enum(apiErrorReasons);
export type ApiErrorReason = z.infer<typeof apiErrorReasonSchema>;

/**
 * What is wrong with one field of a 400, as a code the client can say in its reader's language (`params`: the
 * `minimum` or `maximum` the sentence names). Beside it the issue's `message` stays the API's own English.
 */
export const fieldIssueCodes = [
  'required',
  'tooShort',
  'tooLong',
  'tooSmall',
  'tooBig',
  'tooFew',
  'tooMany',
  'invalidType',
  'invalidOption',
  'invalidFormat',
  'unknownField',
  'invalid',
] as const;
export const fieldIssueCodeSchema = z.enum(fieldIssueCodes);
export type FieldIssueCode = z.infer<typeof fieldIssueCodeSchema>;

export const fieldIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: fieldIssueCodeSchema.optional(),
  params: z.record(z.string(), z.string()).optional(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** Every 4xx/5xx body. `issues` names each offending field by its path (e.g. `location.coordinates.1`). */
export const errorResponseSchema = z.object({
  statusCode: z.int(),
  error: z.string(),
  message: z.string(),
  /** Why, as a code the client can say in its reader's language; absent where the message is all there is. */
  reason: apiErrorReasonSchema.optional(),
  params: z.record(z.string(), z.string()).optional(),
  issues: z.array(fieldIssueSchema).optional(),
  /** With 409: the current state of what the request tried to change. */
  current: z.unknown().optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
