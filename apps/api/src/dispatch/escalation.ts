import { type Capability, type Dispatch, goingStatuses, LAST_WAVE, type Need, type Ping, type PingSummary } from '@centinela/contracts';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ClusterChannel } from '../cluster/cluster-channel.js';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { JobQueue } from '../jobs/job-queue.js';
import { CandidatePools, type Wave } from './candidate-pools.js';
import { DispatchUpdated, PingsChanged, PingsSent } from './dispatch.events.js';
import { type DispatchState, DispatchesRepository, type LockedDispatch } from './dispatches.repository.js';
import { type NewPing, PingsRepository } from './pings.repository.js';
import { type Candidate, outstanding, type Selection, selectForNeeds } from './targeting.js';

const WAKE_QUEUE = 'dispatch-escalation';

/** What a change sent and changed, for telling dispatchers and the responders concerned. */
export type Changes = { sent: string[]; changed: string[] };

/** A dispatch being started: its state, and what its views show that the state does not hold. */
export type NewDispatch = DispatchState & { incidentId: string; note: string; createdBy: string | null };

/** A dispatch about to be stored: all of it but the id. */
export type DispatchDraft = Omit<NewDispatch, 'id'>;

/**
 * What a new dispatch's pings show their responders, when whoever starts it has it at hand (the intake, which has
 * just stored the sighting): then nothing is read back.
 */
export type PingContext = { sighting: Ping['sighting']; drill: boolean };

/** A ping just inserted, with whom and why. */
type SentPing = { id: string; capability: Capability; wave: Wave; candidate: Candidate; createdAt: Date };

/**
 * Escalation of a dispatch in waves until its need is filled:
 * wave 1 pings the nearest ~1.5× the count needed per capability; a decline pings the next nearest at once;
 * unfilled after WAVE_2_AFTER_SECONDS, wave 2 pings everyone in reach and every zone member; WAVE_3_AFTER_SECONDS
 * later wave 3 widens to neighbouring zones and a 10-minute reach; WAVE_4_AFTER_SECONDS later wave 4 pings
 * everyone on duty and the dispatch is marked unfilled. Filling stops it, and pings no longer needed become
 * "covered". Wake-ups are pg-boss jobs inserted in the same transaction as the wave they follow, so they
 * survive restarts; the unique (dispatch, responder) ping key means nobody is pinged twice for a dispatch.
 */
@Injectable()
export class Escalation implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly pools: CandidatePools,
    private readonly dispatches: DispatchesRepository,
    private readonly pings: PingsRepository,
    private readonly cluster: ClusterChannel,
  ) {}

  onModuleInit(): void {
    // A wake-up takes milliseconds: one still active after 5 s belongs to a process that died, and another takes
    // it over (wake() is idempotent under the dispatch's lock). Bursts are fetched 25 at a time and run side by side.
    this.jobs.handle<{ dispatchId: string }>(WAKE_QUEUE, ({ dispatchId }) => this.wake(dispatchId), {
      expireInSeconds: 5,
      batchSize: 25,
      retryDelaySeconds: 0,
      pollSeconds: 0.5, // wake-ups come due: looked for twice a second
    });
  }

  now(): Date {
    return new Date(this.clock.now());
  }

  /**
   * Stores a new dispatch with its wave 1 (one statement), schedules wave 2 and publishes both. With `known`, the pings'
   * and the dispatch's views are built from what this transaction just wrote instead of being read back: on the hot
   * path that is two queries and about a millisecond of PostgreSQL planning less per hotline call (`realtime.test`
   * checks they equal what is read back).
   */
  async start(tx: Tx, draft: DispatchDraft, known?: PingContext): Promise<Dispatch> {
    const wave1 = (need: Need) => Math.ceil(need.count * this.config.dispatch.wave1Factor);
    const selections = selectForNeeds(draft.needs, await this.pools.forWave(tx.db, 1, draft), new Set(), wave1);
    const createdAt = draft.waveStartedAt;
    const { id, pings } = await this.dispatches.insert(tx.db, { ...draft, now: createdAt }, selections.map(toNewPing(1)), this.cluster.instance);
    const dispatch: NewDispatch = { ...draft, id };
    const sent = sentPings(selections, pings, 1, createdAt);
    await this.scheduleNextWave(tx, dispatch);
    if (!known) return this.publish(tx, dispatch.id, { sent: sent.map((p) => p.id), changed: [] }, { started: true });
    const summaries = sent.map((p) => this.summary(dispatch, p)).sort(byWaveEtaAlias);
    const view: Dispatch = {
      id: dispatch.id,
      incidentId: dispatch.incidentId,
      sightingId: dispatch.sightingId,
      needs: dispatch.needs,
      note: dispatch.note,
      status: dispatch.status,
      wave: dispatch.wave,
      windowEndsAt: dispatch.windowEndsAt.toISOString(),
      createdAt: createdAt.toISOString(),
      nextWaveAt: this.nextWaveAt(dispatch)?.toISOString() ?? null,
      pings: summaries,
    };
    if (sent.length > 0)
      tx.publish(new PingsSent(summaries.map((s) => ({ ...s, sighting: known.sighting, note: dispatch.note, team: [], drill: known.drill }))));
    tx.publish(new DispatchUpdated(view));
    return view;
  }

  private summary(dispatch: DispatchState, p: SentPing): PingSummary {
    const { responderId, alias, distanceMeters, etaSeconds } = p.candidate;
    return {
      id: p.id,
      dispatchId: dispatch.id,
      sightingId: dispatch.sightingId,
      responderId,
      alias,
      capability: p.capability,
      wave: p.wave,
      status: 'pending',
      distanceMeters,
      etaSeconds,
      arrivalAt: null,
      createdAt: p.createdAt.toISOString(),
      respondedAt: null,
    };
  }

  /** The job: if the next wave is due and the need still open, send it (the dispatch is locked meanwhile). */
  async wake(dispatchId: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const dispatch = await this.dispatches.lock(tx.db, dispatchId);
      if (dispatch?.status !== 'active' || dispatch.wave >= LAST_WAVE) return;
      const due = this.nextWaveAt(dispatch)!;
      if (due.getTime() > this.clock.now()) return; // an earlier wake-up, overtaken by a reopen; a later job exists
      const wave = (dispatch.wave + 1) as Wave;
      const open = await this.open(tx, dispatch);
      // Everyone the wave reaches, nearest first, up to WAVE_MAX_PINGS per need: a wave that asks thousands of phones
      // for one incident floods them and the hotline's own sends, and those far away could not come in time anyway.
      const sent = await this.ping(tx, dispatch, wave, open, () => this.config.dispatch.waveMaxPings);
      const next = { ...dispatch, wave, waveStartedAt: this.now() };
      const status = wave === LAST_WAVE ? 'unfilled' : 'active';
      await this.dispatches.update(tx.db, dispatch.id, { wave, waveStartedAt: next.waveStartedAt, status });
      if (status === 'active') await this.scheduleNextWave(tx, next);
      await this.publish(tx, dispatch.id, { sent, changed: [] });
    });
  }

  /** Someone going dropped out or declined: ping the next nearest for that capability, reopening if needed. */
  async replace(tx: Tx, dispatch: LockedDispatch, capability: Capability): Promise<string[]> {
    const open = (await this.open(tx, dispatch)).filter((n) => n.capability === capability);
    if (open.length === 0 || dispatch.status === 'cancelled') return [];
    if (dispatch.status !== 'active') await this.reopen(tx, dispatch);
    return this.ping(tx, dispatch, dispatch.wave, open, () => 1);
  }

  /** More responders asked for: ping the nearest for the extra count at the current wave, reopening if needed. */
  async extend(tx: Tx, dispatch: DispatchState, added: Need[]): Promise<string[]> {
    if (dispatch.status !== 'active') await this.reopen(tx, dispatch);
    return this.ping(tx, dispatch, dispatch.wave, added, (need) => Math.ceil(need.count * this.config.dispatch.wave1Factor));
  }

  /** Filled? Then stop escalating and tell the pinged-but-not-needed they are covered. Returns pings changed. */
  async settle(tx: Tx, dispatch: LockedDispatch): Promise<string[]> {
    const open = await this.open(tx, dispatch);
    if (open.length > 0 || dispatch.status === 'filled' || dispatch.status === 'cancelled') return [];
    await this.dispatches.update(tx.db, dispatch.id, { status: 'filled' });
    return this.pings.move(tx.db, dispatch.id, ['pending'], 'covered');
  }

  /**
   * The incident got a verdict: verifiers who have not answered yet are covered (those going still go), no wave asks
   * for more, and the dispatch is filled if verifiers were all it still needed. Returns pings changed.
   */
  async verified(tx: Tx, dispatch: LockedDispatch): Promise<string[]> {
    if (dispatch.status === 'cancelled') return [];
    const covered = await this.pings.move(tx.db, dispatch.id, ['pending'], 'covered', 'verifier');
    return [...covered, ...(await this.settle(tx, dispatch))];
  }

  /** What is still missing: each need less those going, and no verifiers once the incident has a verdict. */
  private async open(tx: Tx, dispatch: LockedDispatch): Promise<Need[]> {
    const needs = dispatch.verified ? dispatch.needs.filter((n) => n.capability !== 'verifier') : dispatch.needs;
    return outstanding(needs, await this.pings.goingCounts(tx.db, dispatch.id));
  }

  /**
   * Loads what changed and publishes it: each new ping for its responder (first: it is what the clock runs
   * against), the dispatch for dispatchers. A dispatch just `started` has nobody going yet to tell.
   */
  async publish(tx: Tx, dispatchId: string, { sent, changed }: Changes, { started = false } = {}): Promise<Dispatch> {
    if (sent.length > 0) tx.publish(new PingsSent(await this.pings.views(tx.db, sent)));
    const [dispatch] = await this.views(tx, [dispatchId]);
    tx.publish(new DispatchUpdated(dispatch!));
    if (started) return dispatch!;
    // Everyone going sees who else is going, so any change may change their view.
    const going = await this.pings.idsWithStatus(tx.db, dispatchId, goingStatuses);
    const notify = [...new Set([...changed, ...going])].filter((id) => !sent.includes(id));
    if (notify.length > 0) tx.publish(new PingsChanged(await this.pings.views(tx.db, notify)));
    return dispatch!;
  }

  async views(tx: Pick<Tx, 'db'>, dispatchIds: readonly string[]): Promise<Dispatch[]> {
    return this.toViews(await this.dispatches.views(tx.db, { dispatchIds }));
  }

  toViews(rows: Awaited<ReturnType<DispatchesRepository['views']>>): Dispatch[] {
    return rows.map(({ waveStartedAt, windowEndsAt, createdAt, ...row }) => {
      const next = this.nextWaveAt({ ...row, waveStartedAt });
      return { ...row, windowEndsAt: windowEndsAt.toISOString(), createdAt: createdAt.toISOString(), nextWaveAt: next ? next.toISOString() : null };
    });
  }

  private nextWaveAt(d: { status: string; wave: number; waveStartedAt: Date }): Date | null {
    if (d.status !== 'active' || d.wave >= LAST_WAVE) return null;
    return new Date(d.waveStartedAt.getTime() + this.config.dispatch.waveDelaysSeconds[d.wave - 1]! * 1000);
  }

  private async reopen(tx: Tx, dispatch: DispatchState): Promise<void> {
    dispatch.status = 'active';
    dispatch.waveStartedAt = this.now();
    await this.dispatches.update(tx.db, dispatch.id, { status: 'active', waveStartedAt: dispatch.waveStartedAt });
    await this.scheduleNextWave(tx, dispatch);
  }

  private async scheduleNextWave(tx: Tx, dispatch: DispatchState): Promise<void> {
    const at = this.nextWaveAt(dispatch);
    if (at) await this.jobs.send(WAKE_QUEUE, { dispatchId: dispatch.id }, { at, tx });
  }

  /** Pings for each need `limit(need)` of the wave's ranked pool (null: all of it), never anyone twice; their ids. */
  private async ping(tx: Tx, dispatch: DispatchState, wave: Wave, needs: readonly Need[], limit: (need: Need) => number | null): Promise<string[]> {
    if (needs.length === 0) return [];
    const poolOf = await this.pools.forWave(tx.db, wave, dispatch);
    const selections = selectForNeeds(needs, poolOf, await this.pings.pingedResponders(tx.db, dispatch.id), limit);
    const inserted = await this.pings.insert(tx.db, dispatch.id, dispatch.sightingId, selections.map(toNewPing(wave)), this.now(), this.cluster.instance);
    return inserted.map((p) => p.id);
  }
}

/** A selection as the row to insert for it. */
const toNewPing =
  (wave: Wave) =>
  ({ candidate, capability }: Selection): NewPing => ({
    responderId: candidate.responderId,
    capability,
    wave,
    distanceMeters: candidate.distanceMeters,
    etaSeconds: candidate.etaSeconds,
  });

/** The pings inserted (by id and responder), with whom and why from their selections. */
function sentPings(selections: readonly Selection[], inserted: readonly { id: string; responderId: string }[], wave: Wave, createdAt: Date): SentPing[] {
  const chosen = new Map(selections.map((s) => [s.candidate.responderId, s]));
  return inserted.map(({ id, responderId }) => {
    const { candidate, capability } = chosen.get(responderId)!;
    return { id, capability, wave, candidate, createdAt };
  });
}

/** The order of a dispatch's pings in its view, as `DispatchesRepository` sorts them: wave, then ETA (unknown last), then alias. */
const byWaveEtaAlias = (a: PingSummary, b: PingSummary) =>
  a.wave - b.wave || (a.etaSeconds ?? Infinity) - (b.etaSeconds ?? Infinity) || (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0);
