import type { TimelineEntry } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { KeyRing } from '../crypto/key-ring.js';
import { OPEN_RECORD, sealLogDetail } from '../crypto/sealing.js';
import { isoTimestamp, mayHoldSealed, sealedText } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

/** One line of an incident's log: who did what, when (`detail` is sealed with the open record's key). */
export type IncidentLogEntry = { incidentId: string; at: Date; userId: string | null; actor: string; kind: string; detail?: Record<string, unknown> };

/** The incident log (`incident_log`) and the timeline read from it and from the incident's sightings, dispatches and pings. */
@Injectable()
export class IncidentLogRepository {
  constructor(private readonly keys: KeyRing) {}

  async append(db: Db, entry: IncidentLogEntry): Promise<void> {
    const { detail, keyId } = sealLogDetail(this.keys, OPEN_RECORD, entry.detail ?? {});
    await db.query('INSERT INTO incident_log (incident_id, at, user_id, actor, kind, detail, sealed_key) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      entry.incidentId,
      entry.at,
      entry.userId,
      entry.actor,
      entry.kind,
      JSON.stringify(detail),
      keyId,
    ]);
  }

  /** Everything that happened to an incident, in order: sightings, dispatches, pings, answers, and the log. */
  async timeline(db: Db, id: string): Promise<TimelineEntry[]> {
    return db.query(
      `SELECT ${isoTimestamp('t.at')} AS at, t.kind, t.actor, t.detail FROM (
         SELECT s.reported_at AS at, 'sighting' AS kind,
                CASE WHEN s.channel = 'responder' THEN coalesce(u.username, 'responder') WHEN s.reported_by IS NULL THEN 'public report' ELSE u.username END AS actor,
                json_build_object('sightingId', s.id, 'channel', s.channel, 'observedAt', ${isoTimestamp('s.observed_at')}, 'activity', s.activity,
                                  'agency', s.agency, 'locationDescription', ${sealedText('s.location_description')}, 'confirms', s.confirms)::jsonb AS detail
           FROM sightings s LEFT JOIN users u ON u.id = s.reported_by WHERE s.incident_id = $1
         UNION ALL
         SELECT d.created_at, 'dispatched', coalesce(u.username, 'automatic'), json_build_object('dispatchId', d.id, 'needs', d.needs, 'note', ${sealedText('d.note')})::jsonb
           FROM dispatches d LEFT JOIN users u ON u.id = d.created_by WHERE d.incident_id = $1
         UNION ALL
         SELECT p.created_at, 'pinged', NULL, json_build_object('dispatchId', p.dispatch_id, 'alias', r.alias, 'capability', p.capability, 'wave', p.wave,
                                                                'etaSeconds', p.eta_seconds)::jsonb
           FROM pings p JOIN dispatches d ON d.id = p.dispatch_id JOIN responders r ON r.id = p.responder_id WHERE d.incident_id = $1
         UNION ALL
         SELECT a.answered_at, 'answer', r.alias, json_build_object('status', a.status, 'arrivalAt', ${isoTimestamp('a.arrival_at')}, 'dispatchId', p.dispatch_id)::jsonb
           FROM ping_answers a JOIN pings p ON p.id = a.ping_id JOIN dispatches d ON d.id = p.dispatch_id JOIN responders r ON r.id = p.responder_id
          WHERE d.incident_id = $1
         UNION ALL
         SELECT l.at, l.kind, l.actor, ${mayHoldSealed('l.detail')} FROM incident_log l WHERE l.incident_id = $1
       ) t ORDER BY t.at, t.kind`,
      [id],
    );
  }
}
