import type { IncidentStatus, Verdict } from '@centinela/contracts';

/**
 * Which status may follow which, when a dispatcher or coordinator changes it. A verdict can be corrected
 * (confirmed → false alarm is a retraction); resolved closes a real incident; nothing follows resolved.
 */
export const NEXT_STATUS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  reported: ['verifying', 'confirmed', 'other_agency', 'false_alarm', 'unverifiable'],
  verifying: ['reported', 'confirmed', 'other_agency', 'false_alarm', 'unverifiable'],
  confirmed: ['other_agency', 'false_alarm', 'unverifiable', 'resolved'],
  other_agency: ['confirmed', 'false_alarm', 'unverifiable', 'resolved'],
  false_alarm: ['reported', 'verifying', 'confirmed', 'other_agency', 'unverifiable'],
  unverifiable: ['verifying', 'confirmed', 'other_agency', 'false_alarm'],
  resolved: [],
};

/** A verifier's verdict from the scene may settle anything not yet resolved. */
export const verdictAllowed = (from: IncidentStatus, _verdict: Verdict) => from !== 'resolved';

/** Statuses after which responders still on their way are told to stand down. */
export const STANDS_DOWN: readonly IncidentStatus[] = ['false_alarm', 'resolved'];
