import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/unit-of-work.js';
import { IncidentLog } from '../incidents/incident-log.js';
import { CallsRepository } from './calls.repository.js';

/**
 * Writes a call into its incident's timeline once it is both linked to a sighting and over: when it started, who
 * answered, in which language, how long they talked. Whichever comes second (the link or the hang-up) writes it.
 */
@Injectable()
export class TimelineRecorder {
  constructor(
    private readonly calls: CallsRepository,
    private readonly incidentLog: IncidentLog,
  ) {}

  async recordIn(tx: Tx, callId: string): Promise<void> {
    const record = await this.calls.takeRecord(tx.db, callId);
    if (!record) return;
    await this.incidentLog.appendIn(tx, {
      incidentId: record.incidentId,
      at: record.startedAt,
      // The operator who answered, so the entry follows their account (a deleted one renames it).
      userId: record.answeredById,
      actor: record.answeredBy ?? 'system',
      kind: 'call',
      detail: {
        callId,
        language: record.language,
        answeredAt: record.answeredAt?.toISOString() ?? null,
        durationSeconds: record.durationSeconds,
      },
    });
  }
}
