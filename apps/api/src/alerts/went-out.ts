/**
 * The one rule for "this alert went out": SQL over an `alerts` row aliased `alert`, used by every public read and by
 * retraction.
 *
 * An alert went out once it reached someone — a delivery the provider took (sent or delivered), or its post on the
 * public channel — or once it finished sending (`sent`, even if every delivery failed: its public notice is what
 * went out). The moment is stored once as `published_at` (AlertsRepository.finishIfDone / setChannelPost,
 * DeliveriesRepository's statements that record a send) and never cleared, so an alert that went out stays out
 * after a pause, a cancel, a provider's later "failed" or the deliveries' retention, and can be retracted. An alert
 * that is only `sending` or `paused` with nothing received yet has not gone out: pausing it stops a mistake unseen.
 */
export const wentOut = (alert: string): string => `(${alert}.published_at IS NOT NULL)`;

/**
 * Wraps a statement over deliveries that RETURNS `alert_id` and `status`: an alert with a delivery now sent or
 * delivered becomes public (went-out.ts) at `now`, in the same statement, once. The wrapped statement's rows are
 * the answer.
 */
export const publishing = (statement: string, now: string) =>
  `WITH moved AS (${statement}),
        published AS (UPDATE alerts SET published_at = ${now} WHERE published_at IS NULL
                        AND id IN (SELECT alert_id FROM moved WHERE status IN ('sent', 'delivered')))
   SELECT * FROM moved`;

/**
 * Went out to the public: went out, and is not a drill (a drill reaches only the drill list; its CAP message,
 * status Exercise, is for staff). What the feeds, the CAP message by id and the public page of an alert show.
 */
export const wentOutPublicly = (alert: string): string => `(NOT ${alert}.drill AND ${wentOut(alert)})`;

/**
 * Who may fetch an alert's image: once it went out, or while it is being handed to a provider (a delivery in
 * flight, the channel post being made) — the provider or the notification fetches the image during that call,
 * before the send is recorded. Drills too: a drill's Web Push notification fetches its image from the same address.
 */
export const imageGoingOut = (alert: string): string =>
  `(${wentOut(alert)} OR ${alert}.channel_post = 'posting'
     OR EXISTS (SELECT 1 FROM alert_deliveries wd WHERE wd.alert_id = ${alert}.id AND wd.status = 'sending'))`;
