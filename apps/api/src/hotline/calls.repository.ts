import type { HotlineCall } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { isoTimestamp, sealedText } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

const person = (alias: string) => `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'username', ${alias}.username) END`;

const VIEW = `
  SELECT c.id, c.state, c.language, c.fallback, c.refused_because AS "refusedBecause",
         ${isoTimestamp('c.started_at')} AS "startedAt", ${isoTimestamp('c.answered_at')} AS "answeredAt", ${isoTimestamp('c.ended_at')} AS "endedAt",
         c.duration_seconds AS "durationSeconds", c.voicemail_seconds AS "voicemailSeconds", ${person('a')} AS "answeredBy",
         (SELECT count(*)::int FROM hotline_call_legs l WHERE l.call_id = c.id) AS rang,
         (SELECT count(*)::int FROM hotline_calls e WHERE e.caller_hash = c.caller_hash AND e.started_at < c.started_at) AS "earlierCalls",
         EXISTS (SELECT 1 FROM hotline_bans b WHERE b.caller_hash = c.caller_hash) AS banned,
         c.caller IS NOT NULL AS "canCallBack",
         CASE WHEN c.callback_open OR c.callback_done_at IS NOT NULL
              THEN json_build_object('takenBy', ${person('cb')}, 'doneAt', ${isoTimestamp('c.callback_done_at')}) END AS callback,
         c.sighting_id AS "sightingId", s.incident_id AS "incidentId"
    FROM hotline_calls c
    LEFT JOIN users a ON a.id = c.answered_by
    LEFT JOIN users cb ON cb.id = c.callback_by
    LEFT JOIN sightings s ON s.id = c.sighting_id`;

/** The start of a call's caller_hash once its caller is forgotten (CALLER_RETENTION_DAYS): it links to no number. */
export const FORGOTTEN_CALLER = 'forgotten:';

/** What the timeline records of a call. */
export type CallRecord = {
  incidentId: string;
  startedAt: Date;
  answeredAt: Date | null;
  durationSeconds: number | null;
  language: string | null;
  /** Who answered: their account and their username then. */
  answeredById: string | null;
  answeredBy: string | null;
};

/** Hotline calls, their legs and the ban list: all the SQL. */
@Injectable()
export class CallsRepository {
  async view(db: Db, id: string): Promise<HotlineCall | null> {
    return (await db.query<HotlineCall>(`${VIEW} WHERE c.id = $1`, [id]))[0] ?? null;
  }

  /** The console's list: every call of the last `since`, plus older ones whose call-back is still open. */
  live(db: Db, since: Date): Promise<HotlineCall[]> {
    return db.query(`${VIEW} WHERE c.started_at >= $1 OR (c.callback_open AND c.callback_done_at IS NULL) ORDER BY c.started_at DESC LIMIT 200`, [since]);
  }

  /** A new call, or the one a retried webhook already created (same CallSid). */
  async open(
    db: Db,
    call: {
      providerSid: string;
      callerHash: string;
      caller: Buffer | null;
      sealedKey: string | null;
      state: 'ringing' | 'refused';
      refusedBecause: string | null;
      now: Date;
    },
  ): Promise<{ id: string; state: string; language: string | null; created: boolean }> {
    const [row] = await db.query<{ id: string; state: string; language: string | null; created: boolean }>(
      `INSERT INTO hotline_calls (provider_sid, caller_hash, caller, sealed_key, state, refused_because, started_at, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $5 = 'refused' THEN $7::timestamptz END)
       ON CONFLICT (provider_sid) DO UPDATE SET provider_sid = EXCLUDED.provider_sid
       RETURNING id, state, language, (xmax = 0) AS created`,
      [call.providerSid, call.callerHash, call.caller, call.sealedKey, call.state, call.refusedBecause, call.now],
    );
    return row!;
  }

  async find(db: Db, id: string): Promise<{ id: string; state: string; language: string | null; startedAt: Date } | null> {
    const rows = await db.query<{ id: string; state: string; language: string | null; startedAt: Date }>(
      'SELECT id, state, language, started_at AS "startedAt" FROM hotline_calls WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  async idOfSid(db: Db, providerSid: string): Promise<string | null> {
    return (await db.query<{ id: string }>('SELECT id FROM hotline_calls WHERE provider_sid = $1', [providerSid]))[0]?.id ?? null;
  }

  async setLanguage(db: Db, id: string, language: string, fallback: boolean): Promise<void> {
    await db.query(`UPDATE hotline_calls SET language = $2, fallback = $3 WHERE id = $1 AND state = 'ringing'`, [id, language, fallback]);
  }

  async addLeg(db: Db, callId: string, userId: string): Promise<string> {
    const [row] = await db.query<{ id: string }>('INSERT INTO hotline_call_legs (call_id, user_id) VALUES ($1, $2) RETURNING id', [callId, userId]);
    return row!.id;
  }

  /**
   * The provider's sid of a leg that was rung (null: it could not be rung, so it ended). False when the leg was
   * cancelled before its sid was known (someone else took the call, or nobody did in time): that phone must be stopped.
   */
  async setLegSid(db: Db, legId: string, providerSid: string | null): Promise<boolean> {
    if (!providerSid) {
      await db.query(`UPDATE hotline_call_legs SET state = 'ended' WHERE id = $1 AND state = 'ringing'`, [legId]);
      return false;
    }
    const rows = await db.query<{ state: string }>('UPDATE hotline_call_legs SET provider_sid = $2 WHERE id = $1 RETURNING state', [legId, providerSid]);
    return rows.length === 1 && rows[0]!.state !== 'cancelled';
  }

  async leg(db: Db, legId: string, callId: string): Promise<{ userId: string; state: string } | null> {
    const rows = await db.query<{ userId: string; state: string }>('SELECT user_id AS "userId", state FROM hotline_call_legs WHERE id = $1 AND call_id = $2', [
      legId,
      callId,
    ]);
    return rows[0] ?? null;
  }

  /** The first "1" wins: the call becomes answered by that leg's operator, atomically across processes. */
  async claim(db: Db, callId: string, legId: string, now: Date): Promise<boolean> {
    const rows = await db.query(
      `UPDATE hotline_calls c SET state = 'answered', answered_by = l.user_id, answered_at = $3
         FROM hotline_call_legs l WHERE c.id = $1 AND l.id = $2 AND l.call_id = c.id AND l.state = 'ringing' AND c.state = 'ringing' RETURNING c.id`,
      [callId, legId, now],
    );
    if (rows.length === 0) return false;
    await db.query(`UPDATE hotline_call_legs SET state = 'accepted' WHERE id = $1`, [legId]);
    return true;
  }

  /** Marks the other legs still ringing cancelled and returns their CallSids, to stop them at Twilio. */
  async cancelLegs(db: Db, callId: string): Promise<string[]> {
    const rows = await db.query<{ sid: string | null }>(
      `UPDATE hotline_call_legs SET state = 'cancelled' WHERE call_id = $1 AND state = 'ringing' RETURNING provider_sid AS sid`,
      [callId],
    );
    return rows.map((r) => r.sid).filter((s): s is string => s !== null);
  }

  async legEnded(db: Db, legId: string): Promise<void> {
    await db.query(`UPDATE hotline_call_legs SET state = 'ended' WHERE id = $1 AND state = 'ringing'`, [legId]);
  }

  async ringingLegs(db: Db, callId: string): Promise<number> {
    return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM hotline_call_legs WHERE call_id = $1 AND state = 'ringing'`, [callId]))[0]!.n;
  }

  /** Nobody took it: missed, with a call-back task. False when it was already answered or missed. */
  async miss(db: Db, id: string): Promise<boolean> {
    const rows = await db.query(`UPDATE hotline_calls SET state = 'missed', callback_open = true WHERE id = $1 AND state = 'ringing' RETURNING id`, [id]);
    return rows.length > 0;
  }

  async voicemail(db: Db, id: string, seconds: number): Promise<void> {
    await db.query(`UPDATE hotline_calls SET state = 'voicemail', voicemail_seconds = $2 WHERE id = $1 AND state IN ('missed', 'voicemail')`, [id, seconds]);
  }

  /** The caller hung up (Twilio's status callback): the end, and the talk time once answered. */
  async end(db: Db, id: string, now: Date, callSeconds: number | null): Promise<boolean> {
    const rows = await db.query(
      `UPDATE hotline_calls SET ended_at = $2,
              duration_seconds = CASE WHEN answered_at IS NOT NULL THEN greatest(0, round(extract(epoch FROM $2::timestamptz - answered_at)))::int ELSE $3 END
        WHERE id = $1 AND ended_at IS NULL RETURNING id`,
      [id, now, callSeconds],
    );
    return rows.length > 0;
  }

  /** Once per call: when it is alerted as missed. */
  async markAlerted(db: Db, id: string, now: Date): Promise<boolean> {
    return (await db.query('UPDATE hotline_calls SET alerted_at = $2 WHERE id = $1 AND alerted_at IS NULL RETURNING id', [id, now])).length > 0;
  }

  async setCallback(db: Db, id: string, change: { takenBy?: string | null; doneAt?: Date | null }): Promise<boolean> {
    const rows = await db.query(
      `UPDATE hotline_calls SET callback_by = CASE WHEN $2 THEN $3::uuid ELSE callback_by END,
              callback_done_at = CASE WHEN $4 THEN $5::timestamptz ELSE callback_done_at END
        WHERE id = $1 AND (callback_open OR callback_done_at IS NOT NULL) RETURNING id`,
      [id, change.takenBy !== undefined, change.takenBy ?? null, change.doneAt !== undefined, change.doneAt ?? null],
    );
    return rows.length > 0;
  }

  async caller(db: Db, id: string): Promise<string | null> {
    const rows = await db.query<{ number: string }>(`SELECT ${sealedText('caller')} AS number FROM hotline_calls WHERE id = $1 AND caller IS NOT NULL`, [id]);
    const number = rows[0]?.number ?? '';
    return number === '' ? null : number;
  }

  async callerHash(db: Db, id: string): Promise<string | null> {
    return (await db.query<{ h: string }>('SELECT caller_hash AS h FROM hotline_calls WHERE id = $1', [id]))[0]?.h ?? null;
  }

  async isBanned(db: Db, callerHash: string): Promise<boolean> {
    return (await db.query('SELECT 1 FROM hotline_bans WHERE caller_hash = $1', [callerHash])).length > 0;
  }

  async ban(db: Db, callerHash: string, userId: string, now: Date): Promise<void> {
    await db.query('INSERT INTO hotline_bans (caller_hash, created_by, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [callerHash, userId, now]);
  }

  async unban(db: Db, callerHash: string): Promise<void> {
    await db.query('DELETE FROM hotline_bans WHERE caller_hash = $1', [callerHash]);
  }

  async link(db: Db, id: string, sightingId: string): Promise<void> {
    await db.query('UPDATE hotline_calls SET sighting_id = $2 WHERE id = $1', [id, sightingId]);
  }

  /** Once a call is both linked to a sighting and over: what its incident's timeline records (null if not yet, or done). */
  async takeRecord(db: Db, id: string): Promise<CallRecord | null> {
    const rows = await db.query<CallRecord>(
      `UPDATE hotline_calls c SET timeline_logged = true FROM sightings s
        WHERE c.id = $1 AND s.id = c.sighting_id AND c.ended_at IS NOT NULL AND NOT c.timeline_logged
        RETURNING s.incident_id AS "incidentId", c.started_at AS "startedAt", c.answered_at AS "answeredAt", c.duration_seconds AS "durationSeconds",
                  c.language, c.answered_by AS "answeredById", (SELECT username FROM users WHERE id = c.answered_by) AS "answeredBy"`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Forgets the callers of calls started before `before`: the sealed number, and the keyed hash of it (its key is
   * never destroyed, so whoever holds KEYS_DIR could reverse it), which becomes a value of the call's own.
   */
  async purgeCallers(db: Db, before: Date): Promise<number> {
    return (
      await db.query(
        `UPDATE hotline_calls SET caller = NULL, sealed_key = NULL, caller_hash = '${FORGOTTEN_CALLER}' || id::text
          WHERE started_at < $1 AND (caller IS NOT NULL OR caller_hash NOT LIKE '${FORGOTTEN_CALLER}%') RETURNING id`,
        [before],
      )
    ).length;
  }

  async purgeCalls(db: Db, before: Date): Promise<number> {
    return (await db.query('DELETE FROM hotline_calls WHERE started_at < $1 RETURNING id', [before])).length;
  }
}
