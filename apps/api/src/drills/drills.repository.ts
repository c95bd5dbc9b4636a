import type { Drill, DrillReport, DrillStep } from '@centinela/contracts';
import { DRILL_WINDOW, drillSteps, drillVerdict } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { isoTimestamp } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

type DrillRow = Omit<Drill, 'report'> & { frozen: DrillReport | null };

const SELECT_DRILL = `
  SELECT d.id, d.incident_id AS "incidentId", d.sighting_id AS "sightingId", u.username AS "startedBy",
         ${isoTimestamp('d.started_at')} AS "startedAt", ${isoTimestamp('d.ended_at')} AS "endedAt", d.scenario, d.report AS frozen
    FROM drills d LEFT JOIN users u ON u.id = d.started_by`;

/**
 * When each step of a drill's chain first happened, read from the real records of its incident: pings and their
 * answers, the verdict or status change that confirmed it, and its (drill) alert's approval — or its start, for a type
 * sent without one — and its first recipient handed to a provider.
 */
const STEP_TIMES = `
  SELECT (SELECT min(p.created_at) FROM dispatches dd JOIN pings p ON p.dispatch_id = dd.id WHERE dd.incident_id = $1) AS first_ping,
         (SELECT min(pa.answered_at) FROM dispatches dd JOIN pings p ON p.dispatch_id = dd.id JOIN ping_answers pa ON pa.ping_id = p.id
           WHERE dd.incident_id = $1 AND pa.status IN ('accepted', 'en_route', 'on_scene', 'done')) AS first_accept,
         (SELECT min(pa.answered_at) FROM dispatches dd JOIN pings p ON p.dispatch_id = dd.id JOIN ping_answers pa ON pa.ping_id = p.id
           WHERE dd.incident_id = $1 AND pa.status IN ('on_scene', 'done')) AS on_scene,
         (SELECT min(l.at) FROM incident_log l WHERE l.incident_id = $1 AND l.kind IN ('status', 'verdict') AND l.detail->>'to' = 'confirmed') AS verified,
         (SELECT min(coalesce(ap.decided_at, a.started_at)) FROM alerts a LEFT JOIN alert_approvals ap ON ap.alert_id = a.id AND ap.status = 'approved'
           WHERE a.incident_id = $1 AND a.drill AND a.started_at IS NOT NULL) AS alert_approved,
         (SELECT min(d.updated_at) FROM alerts a JOIN alert_deliveries d ON d.alert_id = a.id
           WHERE a.incident_id = $1 AND a.drill AND d.status IN ('sent', 'delivered')) AS alert_delivered`;

@Injectable()
export class DrillsRepository {
  async insert(db: Db, d: { incidentId: string; sightingId: string; startedBy: string; startedAt: Date; scenario: string }): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      'INSERT INTO drills (incident_id, sighting_id, started_by, started_at, scenario) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [d.incidentId, d.sightingId, d.startedBy, d.startedAt, d.scenario],
    );
    return row!.id;
  }

  async find(db: Db, id: string, options: { lock?: boolean } = {}): Promise<DrillRow | null> {
    const rows = await db.query<DrillRow>(`${SELECT_DRILL} WHERE d.id = $1${options.lock ? ' FOR UPDATE OF d' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async list(db: Db, limit: number): Promise<DrillRow[]> {
    return db.query<DrillRow>(`${SELECT_DRILL} ORDER BY d.started_at DESC LIMIT $1`, [limit]);
  }

  async end(db: Db, id: string, at: Date, report: DrillReport): Promise<void> {
    await db.query('UPDATE drills SET ended_at = $2, report = $3 WHERE id = $1', [id, at, JSON.stringify(report)]);
  }

  /** The drill's report as of now, from its incident's records (nothing reached once the incident was purged). */
  async report(db: Db, incidentId: string | null, startedAt: string): Promise<DrillReport> {
    const [row] = incidentId ? await db.query<Record<DrillStep, Date | null>>(STEP_TIMES, [incidentId]) : [];
    const times = (step: DrillStep) => row?.[step] ?? null;
    const start = Date.parse(startedAt);
    return {
      startedAt,
      window: { ...DRILL_WINDOW },
      steps: drillSteps.map((step) => {
        const at = times(step);
        const seconds = at ? Math.max(0, Math.round((at.getTime() - start) / 100) / 10) : null;
        return { step, at: at?.toISOString() ?? null, seconds, verdict: drillVerdict(seconds) };
      }),
    };
  }
}
