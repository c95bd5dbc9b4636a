/**
 * The one rule for "this alert went out": SQL over an `alerts` row aliased `alert`, used by every public read.
 *
 * An alert went out once it was released (approved, or sent without approval) and either is still going out or
 * finished (sending, paused, sent), or was stopped (cancelled, or retracted mid-send) after at least one recipient
 * got it: a delivery handed to a provider, or the post on the public channel. A draft, a request waiting for
 * approval, or an alert cancelled before anyone got it never went out, whatever its text.
 */
export const wentOut = (alert: string): string =>
  `(${alert}.started_at IS NOT NULL AND (${alert}.status IN ('sending', 'paused', 'sent')
     OR (${alert}.status = 'cancelled' AND (${alert}.channel_post = 'posted'
       OR EXISTS (SELECT 1 FROM alert_deliveries wd WHERE wd.alert_id = ${alert}.id AND wd.status IN ('sending', 'sent', 'delivered'))))))`;

/**
 * Went out to the public: went out, and is not a drill (a drill reaches only the drill list; its CAP message,
 * status Exercise, is for staff). What the feeds, the CAP message by id and the public page of an alert show.
 * Images follow `wentOut` alone: a drill's Web Push notification fetches its image from the same public address.
 */
export const wentOutPublicly = (alert: string): string => `(NOT ${alert}.drill AND ${wentOut(alert)})`;
