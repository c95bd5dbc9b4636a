import { type DailyLog, type DailyLogQuery, type Metrics, type MetricsQuery, outcomes } from '@centinela/contracts';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { type Clock, CLOCK } from '../common/clock.js';
import { spreadsheetSafe } from '../common/csv/spreadsheet-cell.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Db, UnitOfWork } from '../database/unit-of-work.js';
import { DailyLogRepository } from './daily-log.repository.js';
import { toEntry } from './daily-log.js';
import { FactsRepository } from './facts.repository.js';
import { type ChannelRow, type Filter, MetricsRepository } from './metrics.repository.js';

const EVERY_MS = 60_000;
const BATCH = 2_000;
/** Incidents opened or observed this recently are recomputed on every refresh: their pings are still moving. */
const RECENT_MS = 2 * 86_400_000;
const DAY_MS = 86_400_000;
/** Calls cluster 6–9 am and 5–9 pm (raids, checkpoints). */
const PEAK_WINDOWS = [
  { from: 6, to: 9 },
  { from: 17, to: 21 },
];

const channelsOf = (r: ChannelRow) => ({
  'hotline-call': r['hotline-call'],
  sms: r.sms,
  whatsapp: r.whatsapp,
  telegram: r.telegram,
  web: r.web,
  responder: r.responder,
  other: r.other,
});
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * The network's numbers, computed in SQL from the record: facts per incident are refreshed every minute
 * (and on demand), and the metrics page's queries aggregate them. Also the daily log, as JSON and CSV.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MetricsService.name);
  private stopTimer: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private refreshedAt: Date | null = null;
  /** Digests purged since this instant have not been looked at yet (all of them at start). */
  private digestsSince = new Date(0);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly facts: FactsRepository,
    private readonly metrics: MetricsRepository,
    private readonly dailyLog: DailyLogRepository,
  ) {}

  onApplicationBootstrap(): void {
    // A first refresh at start fills the facts of incidents that predate them (after an upgrade), in batches.
    void this.refresh().catch((e: unknown) => this.logger.error(`refresh failed: ${String(e)}`));
    const handle = this.clock.setInterval(() => void this.refresh().catch((e: unknown) => this.logger.error(`refresh failed: ${String(e)}`)), EVERY_MS);
    this.stopTimer = () => this.clock.clearInterval(handle);
  }

  /** Stops the timer and lets a refresh in flight finish before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopTimer?.();
    await this.queue;
  }

  /** Brings the facts up to date: missing or stale ones in batches, then every recent incident. One run at a time. */
  refresh(): Promise<number> {
    const run = this.queue.then(() => (this.stopped ? 0 : this.refreshNow()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * One batch in one transaction, so a reader never sees an incident's responder facts deleted and not yet written
   * again. Every process refreshes: two doing the same incidents at once both write the same sums (the inserts meet
   * on the primary key and update).
   */
  private refreshIncidents(ids: string[], now: Date, zone: string): Promise<number> {
    return this.uow.run((tx) => this.facts.refresh(tx.db, ids, now, zone));
  }

  private async refreshNow(): Promise<number> {
    const db = this.uow.db;
    const now = new Date(this.clock.now());
    let count = 0;
    const zone = this.config.timeZone;
    for (let stale = await this.facts.stale(db, BATCH, zone); stale.length > 0; stale = await this.facts.stale(db, BATCH, zone)) {
      count += await this.refreshIncidents(stale, now, zone);
      if (stale.length < BATCH || this.stopped) break;
    }
    count += await this.refreshIncidents(await this.facts.recent(db, new Date(now.getTime() - RECENT_MS), 50_000), now, zone);
    // Purged incidents' digests, for those whose facts never existed; a minute's overlap covers purges in flight.
    count += await this.facts.importDigests(db, this.digestsSince, now, zone, this.config.dispatch.windowSeconds);
    this.digestsSince = new Date(now.getTime() - 60_000);
    this.refreshedAt = now;
    return count;
  }

  /** The local date `days` before today in the network's time zone. */
  private localDate(daysAgo = 0): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      this.clock.now() - daysAgo * DAY_MS,
    );
  }

  async numbers(query: MetricsQuery): Promise<Metrics> {
    const filter: Filter = { from: query.from ?? this.localDate(29), to: query.to ?? this.localDate(), zoneId: query.zoneId ?? null };
    // Side by side, each on its own connection (a read-only transaction without JIT).
    const read = <T>(work: (db: Db) => Promise<T>) =>
      this.uow.run(async (tx) => {
        await this.metrics.withoutJit(tx.db);
        return work(tx.db);
      });
    const [summary, hours, coverage, weekly, responders] = await Promise.all([
      read((db) => this.metrics.summary(db, filter)),
      read((db) => this.metrics.hourOfWeek(db, filter)),
      read((db) => this.metrics.coverage(db, filter)),
      read((db) => this.metrics.weekly(db, filter)),
      read((db) => this.metrics.responders(db, filter)),
    ]);
    const zones = new Map<string, Metrics['coverage'][number]>();
    for (const c of coverage) {
      const zone = zones.get(c.zoneId) ?? { zoneId: c.zoneId, zoneName: c.zoneName ?? '—', hours: [] };
      zone.hours.push({ hour: c.hour, incidents: c.incidents, dispatched: c.dispatched, onTime: c.onTime });
      zones.set(c.zoneId, zone);
    }
    return {
      from: filter.from,
      to: filter.to,
      timeZone: this.config.timeZone,
      zoneId: filter.zoneId,
      totals: {
        incidents: summary.incidents,
        sightings: hours.reduce((n, h) => n + Object.values(channelsOf(h)).reduce((a, b) => a + b, 0), 0),
        dispatched: summary.dispatched,
        channels: channelsOf(summary),
      },
      hourOfWeek: hours.map((h) => ({ day: h.day, hour: h.hour, channels: channelsOf(h) })),
      peakWindows: PEAK_WINDOWS,
      response: {
        firstPing: { n: summary.pingN, p50: summary.pingP50, p90: summary.pingP90 },
        firstAccept: { n: summary.acceptN, p50: summary.acceptP50, p90: summary.acceptP90 },
        onScene: { n: summary.sceneN, p50: summary.sceneP50, p90: summary.sceneP90 },
        inWindow: { dispatched: summary.dispatched, onTime: summary.onTime, share: share(summary.onTime, summary.dispatched) },
        windowMinutes: this.config.dispatch.windowSeconds / 60,
      },
      outcomes: Object.fromEntries(outcomes.map((o) => [o, summary[o]])) as Metrics['outcomes'],
      coverage: [...zones.values()],
      responders: responders.map((r) => ({ ...r, answerRate: share(r.answered, r.pinged) ?? 0 })),
      weekly,
      refreshedAt: this.refreshedAt?.toISOString() ?? null,
    };
  }

  async log(query: DailyLogQuery): Promise<DailyLog> {
    const { from, to } = query.date
      ? await this.dailyLog.dayBounds(this.uow.db, query.date, this.config.timeZone)
      : { from: new Date(query.from!), to: new Date(query.to!) };
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      timeZone: this.config.timeZone,
      entries: (await this.dailyLog.entries(this.uow.db, from, to)).map(toEntry),
    };
  }

  /** The daily log as CSV (UTF-8 with a byte-order mark so spreadsheets read accents), times in network time. */
  async logCsv(query: DailyLogQuery): Promise<{ csv: string; filename: string }> {
    const log = await this.log(query);
    const time = new Intl.DateTimeFormat('sv-SE', { timeZone: log.timeZone, dateStyle: 'short', timeStyle: 'medium' });
    const rows = log.entries.map((e) =>
      [time.format(Date.parse(e.at)), e.kind, e.incident, e.channel, e.zones, e.actor, e.summary, e.drill ? 'drill' : ''].map(spreadsheetSafe),
    );
    const csv = stringify(rows, {
      header: true,
      columns: [`time (${log.timeZone})`, 'kind', 'incident', 'channel', 'zones', 'by', 'what', 'drill'],
      record_delimiter: '\r\n',
    });
    return { csv: `\uFEFF${csv}`, filename: `centinela-log-${query.date ?? log.from.slice(0, 10)}.csv` };
  }
}
