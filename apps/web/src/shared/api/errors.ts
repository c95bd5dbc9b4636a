import type { ApiErrorReason, ErrorResponse, FieldIssue } from '@centinela/contracts';
import i18n from 'i18next';
// With its extension, as the unit tests (node) import this module too; Vite resolves it the same.
import { languages } from '../i18n/languages.js';

/** An HTTP error from the API, with the fields it names and, where the API gives one, why (a reason code). */
export class ApiError extends Error {
  /** Why, as a code said in the reader's language by describeError (libs/contracts errors.ts). */
  reason?: ApiErrorReason;
  params?: Record<string, string>;

  constructor(
    readonly status: number,
    message: string,
    readonly issues: ErrorResponse['issues'] = [],
    /** With 409: the current state of what the request tried to change. */
    readonly current?: unknown,
  ) {
    super(message);
  }

  /** The error an error response's body describes. */
  static of(status: number, body: Partial<ErrorResponse> | null, fallback = ''): ApiError {
    const error = new ApiError(status, body?.message ?? fallback, body?.issues ?? [], body?.current);
    error.reason = body?.reason;
    error.params = body?.params;
    return error;
  }
}

/** The vocabulary a reason's params come from: a status or type code is said as the page says it elsewhere. */
function sayParams(reason: ApiErrorReason, params: Record<string, string> = {}): Record<string, string> {
  const area = reason.split('.')[0];
  const statusKey = area === 'incident' ? 'status' : area === 'ping' ? 'pingStatus' : area === 'alert' ? 'communityAlerts.statuses' : null;
  const said: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (statusKey && (name === 'status' || name === 'from' || name === 'to')) said[name] = i18n.t(`${statusKey}.${value}`, value);
    else if (area === 'alert' && name === 'type') said[name] = i18n.t(`communityAlerts.types.${value}`, value);
    else if (name === 'language') said[name] = languages.find((l) => l.code === value)?.name ?? value;
    else said[name] = value;
  }
  return said;
}

/**
 * One field of a 400, as `path: problem`: the problem in the reader's language where the API coded it
 * (`apiError.issue.*`; an `invalid` one followed by the API's words, which say which rule); in English, and for
 * problems without a code, the API's own words (a contract's message can say more than the code: "say why").
 * `label` names the field as the form does, when the caller knows it.
 */
export function describeIssue(issue: FieldIssue, label: string = issue.path): string {
  const key = `apiError.issue.${issue.code}`;
  let problem = issue.message;
  if (issue.code && i18n.resolvedLanguage !== 'en' && i18n.exists(key)) {
    // "Not valid" says less than a contract's own rule ("must not mix Latin and Cyrillic letters"): both, then.
    problem = issue.code === 'invalid' ? `${i18n.t(key)} (${issue.message})` : i18n.t(key, issue.params ?? {});
  }
  return label ? `${label}: ${problem}` : problem;
}

/**
 * What to show for a failed request, in the reader's language: the reason the API named, said through
 * `apiError.reason.*`; else each named field and its problem; else, for a reader of another language than English,
 * what the status means followed by the API's own (English) words; offline is said as offline.
 */
export function describeError(e: unknown): string {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
  if (e.status === 0) return i18n.t('apiError.offline');
  if (e.reason && i18n.exists(`apiError.reason.${e.reason}`)) return i18n.t(`apiError.reason.${e.reason}`, sayParams(e.reason, e.params));
  if (e.issues?.length) return e.issues.map((i) => describeIssue(i)).join('; ');
  const generic = i18n.exists(`apiError.generic.${e.status}`) ? i18n.t(`apiError.generic.${e.status}`) : null;
  if (!generic) return e.message;
  if (e.status >= 500) return generic;
  return i18n.resolvedLanguage === 'en' || !e.message ? e.message || generic : `${generic} (${e.message})`;
}
