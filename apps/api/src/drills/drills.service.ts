import type { Drill, StartDrill } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { type Db, UnitOfWork } from '../database/unit-of-work.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { RetainsData, type RetentionProvider, type RetentionRule } from '../retention/retention-rule.js';
import { SightingsService } from '../sightings/sightings.service.js';
import { DrillsRepository } from './drills.repository.js';

/**
 * Drills: a coordinator's simulated hotline call at a chosen place runs through the real chain — intake,
 * the automatic dispatch of verifiers, pings labelled DRILL, answers, the verifier's verdict, an alert to the
 * drill list — on an incident marked as a drill from its first moment. Ending it takes the incident off the
 * live map and freezes the report: how long each step took against the 5–7 minute window.
 */
@Injectable()
@RetainsData()
export class DrillsService implements RetentionProvider {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly drills: DrillsRepository,
    private readonly sightings: SightingsService,
    private readonly incidents: IncidentsService,
  ) {}

  /** What a drill leaves once its incident is purged: the report, and who ran it (their blank name once deleted). */
  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Drills: who started them and when, the scenario (practice text) and the frozen report',
        keptFor: () =>
          "kept, as the network's practice record; the drill's own incident, pings and answers are purged like an unconfirmed report (UNCONFIRMED_RETENTION_DAYS), its alert like a draft (ALERT_DRAFT_RETENTION_DAYS)",
        why: 'to see over time whether the network answers within the 5–7 minute window; the scenario is made up for practice, about no one',
        purge: () => Promise.resolve(0),
      },
    ];
  }

  start(user: AuthUser, input: StartDrill): Promise<Drill> {
    return this.uow.run(async (tx) => {
      const scenario = input.scenario ?? '';
      const { sighting } = await this.sightings.drillIn(
        tx,
        {
          location: input.location,
          activity: input.activity ?? 'other',
          locationDescription: input.locationDescription ?? '',
          notes: `DRILL${scenario ? ` — ${scenario}` : ''}`,
        },
        user.id,
      );
      const id = await this.drills.insert(tx.db, {
        incidentId: sighting.incidentId,
        sightingId: sighting.id,
        startedBy: user.id,
        startedAt: new Date(this.clock.now()),
        scenario,
      });
      return this.view(tx.db, id);
    });
  }

  async list(): Promise<Drill[]> {
    const rows = await this.drills.list(this.uow.db, 50);
    return Promise.all(rows.map((r) => this.view(this.uow.db, r.id)));
  }

  get(id: string): Promise<Drill> {
    return this.view(this.uow.db, id);
  }

  /** Over: the drill's incident leaves the live map (its pings called off) and the report is frozen. */
  end(user: AuthUser, id: string): Promise<Drill> {
    return this.uow.run(async (tx) => {
      const drill = await this.drills.find(tx.db, id, { lock: true });
      if (!drill) throw DomainError.notFound('drill');
      if (drill.endedAt) throw new DomainError('conflict', 'this drill has already ended').because('drill.ended');
      if (drill.incidentId) await this.incidents.endDrillIn(tx, user, drill.incidentId);
      await this.drills.end(tx.db, id, new Date(this.clock.now()), await this.drills.report(tx.db, drill.incidentId, drill.startedAt));
      return this.view(tx.db, id);
    });
  }

  private async view(db: Db, id: string): Promise<Drill> {
    const row = await this.drills.find(db, id);
    if (!row) throw DomainError.notFound('drill');
    const { frozen, ...drill } = row;
    return { ...drill, report: frozen ?? (await this.drills.report(db, drill.incidentId, drill.startedAt)) };
  }
}
