import type { TimelineEntry } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { type IncidentLogEntry, IncidentLogRepository } from './incident-log.repository.js';

/**
 * An incident's log and timeline: the one way in for everything that writes a line (calls, photos, threads,
 * exports, the incident's own edits, claims and record) or reads them (the timeline view, the evidence export).
 */
@Injectable()
export class IncidentLog {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly log: IncidentLogRepository,
  ) {}

  /** Appends a line inside the caller's transaction. */
  appendIn(tx: Pick<Tx, 'db'>, entry: IncidentLogEntry): Promise<void> {
    return this.log.append(tx.db, entry);
  }

  /** Everything that happened to an incident, in order (empty for an unknown one). */
  timeline(incidentId: string): Promise<TimelineEntry[]> {
    return this.log.timeline(this.uow.db, incidentId);
  }
}
