import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { KeyRing } from '../crypto/key-ring.js';
import type { Db } from '../database/unit-of-work.js';
import { RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { ClusterRepository } from './cluster.repository.js';
import { TopicVersion } from './topic-version.js';

/** The key purpose of messages between API processes (they pass through PostgreSQL's notification queue). */
export const TRANSPORT = 'transport';
const CHANNEL = 'centinela_cluster';
/** NOTIFY carries at most 8000 bytes; sealed and base64-encoded, a message's data must stay well under that. */
export const MAX_MESSAGE_BYTES = 5_000;
const RESYNC_EVERY_MS = 15_000;
const ATTACHMENT_LIFE_MS = 30_000;
/** The topic of an envelope that carries several published messages, in order. */
const BATCH = '*batch';
/** At most this many published messages go in one NOTIFY (or one attachment). */
const MAX_BATCH = 200;
/** Slack on top of the longest a transport envelope is needed, for clocks that differ a little between processes. */
const TRANSPORT_KEY_SLACK_MS = 5 * 60_000;

/** What a process caches of a topic, kept in step with every other process. */
export type TopicSubscriber = {
  /** Another process committed a change: apply it (typically: reload these ids from the database). */
  apply(data: unknown): Promise<void> | void;
  /** Messages may have been missed (a lost connection, a version gap): reload everything. */
  resync(): Promise<void>;
};

const clientDb = (client: pg.Client): Db => ({
  query: async <Row extends object>(sql: string, params?: readonly unknown[]) => (await client.query<Row>(sql, params as unknown[])).rows,
});

type Envelope = { origin: string; topic: string; version?: number; data: unknown; attachment?: string };

/** A message waiting to be published, and its caller. */
type Outgoing = { topic: string; data: unknown; resolve: () => void; reject: (error: unknown) => void };

/**
 * Messages between the API processes that share one database, over PostgreSQL's LISTEN/NOTIFY — the engine we
 * already run; no cluster protocol of our own. A message sent inside a transaction (`notifyIn`) is delivered only if
 * and when it commits. Payloads are sealed under the day's transport key: PostgreSQL's notification queue can reach
 * the disk, and what crosses it (a responder's position) must not be readable there tomorrow.
 *
 * Cached topics (zones, the roster) carry a version, bumped in the same transaction as the change: a process that
 * sees a gap, loses its LISTEN connection, or finds itself behind in the periodic check (every 15 s) reloads the
 * topic — NOTIFY is not replayed (see TopicVersion). A process ignores its own messages (it already applied the
 * change locally), and applies every other process's, even one whose version its own change already passed.
 *
 * The transport keys (one per UTC day: messages, attachments and the `live_locations` rows) are destroyed by the
 * retention job once their day ended longer ago than anything sealed under them can still be needed: a live location
 * lives LOCATION_TTL_MINUTES, an attachment 30 s, a notification less. A row or message whose key is gone is simply
 * not read (a live location is forgotten), so yesterday's positions in dead tuples, the notification queue's files or a
 * pg_dump cannot be read either.
 */
@Injectable()
@RetainsData()
export class ClusterChannel implements OnApplicationBootstrap, OnApplicationShutdown, RetentionProvider {
  private readonly logger = new Logger(ClusterChannel.name);
  readonly origin = randomUUID();
  /**
   * This process's presence: a session advisory lock held on the LISTEN connection, which PostgreSQL releases the
   * moment the process dies (its socket closes). Work a process left unfinished (a ping it committed but had not
   * sent yet) is taken over only when its presence is gone — never because it is merely slow under load.
   */
  readonly instance = randomInt(1, 2 ** 31 - 1);
  private readonly topics = new Map<string, { subscribers: TopicSubscriber[]; versioned: boolean; version: TopicVersion }>();
  private client: pg.Client | undefined;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private checkTimer: NodeJS.Timeout | undefined;

  /** A small pool of its own (the unit of work's would depend on this channel): sends, versions, attachments. */
  private readonly pool: pg.Pool;
  private readonly db: Db;
  private cleanupTimer: NodeJS.Timeout | undefined;
  /** Published messages waiting for the send in flight to finish (see `publish`). */
  private outgoing: Outgoing[] = [];
  private sending = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: KeyRing,
    private readonly repository: ClusterRepository,
  ) {
    this.pool = new pg.Pool({ connectionString: config.databaseUrl, max: 3, application_name: 'centinela-cluster' });
    this.pool.on('error', (error) => this.logger.warn(`cluster pool: ${error.message}`));
    this.db = { query: async <Row extends object>(sql: string, params?: readonly unknown[]) => (await this.pool.query<Row>(sql, params as unknown[])).rows };
  }

  /** Nothing to purge here: live locations expire on their own sweep (LiveLocations), attachments after 30 s. */
  retentionRules(): RetentionRule[] {
    return [];
  }

  /** A day's transport key goes as soon as no live location or message sealed under it can still be used. */
  sealedPurposes(): SealedPurpose[] {
    const longest = Math.max(this.config.locationTtlSeconds * 1000, ATTACHMENT_LIFE_MS);
    return [{ purpose: TRANSPORT, minAgeMs: longest + TRANSPORT_KEY_SLACK_MS, references: [] }];
  }

  /** Keeps `subscriber` in step with `topic`; `versioned` topics are checked against cluster_versions. */
  subscribe(topic: string, subscriber: TopicSubscriber, { versioned = false } = {}): void {
    const existing = this.topics.get(topic);
    if (existing) existing.subscribers.push(subscriber);
    else this.topics.set(topic, { subscribers: [subscriber], versioned, version: new TopicVersion() });
  }

  /** Inside a transaction: bumps a versioned topic and tells the other processes once it commits. */
  async notifyIn(db: Db, topic: string, data: unknown): Promise<void> {
    const version = (await this.repository.bump(db, topic)) ?? undefined;
    const own = this.topics.get(topic);
    // Our own cache applies the change itself (the local event); it must not then see a gap in the versions.
    if (own && version !== undefined) own.version.own(version);
    await this.repository.notify(db, CHANNEL, this.seal({ origin: this.origin, topic, ...(version === undefined ? {} : { version }), data }));
  }

  /**
   * Outside a transaction: tells the other processes now, whatever the size (a message too large for NOTIFY is
   * stored, sealed, in the UNLOGGED cluster_attachments table for 30 s, and its id is sent instead).
   *
   * One send is in flight at a time; what is published meanwhile leaves together, in order, as one batch when it
   * ends (group commit). Every NOTIFY is a transaction that PostgreSQL serialises at commit, and socket.io sends one
   * message per emit: at 200 hotline calls a second, one NOTIFY each was more than two processes could pass
   * (measurement 1c). A quiet process sends each message at once, alone.
   */
  publish(topic: string, data: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      this.outgoing.push({ topic, data, resolve, reject });
      if (!this.sending) void this.sendOutgoing();
    });
  }

  private async sendOutgoing(): Promise<void> {
    this.sending = true;
    while (this.outgoing.length > 0) {
      const batch = this.outgoing.splice(0, MAX_BATCH);
      const envelope: Envelope =
        batch.length === 1
          ? { origin: this.origin, topic: batch[0]!.topic, data: batch[0]!.data }
          : { origin: this.origin, topic: BATCH, data: batch.map(({ topic, data }) => ({ topic, data })) };
      try {
        await this.send(envelope);
        for (const message of batch) message.resolve();
      } catch (error) {
        for (const message of batch) message.reject(error);
      }
    }
    this.sending = false;
  }

  private async send(envelope: Envelope): Promise<void> {
    const json = JSON.stringify(envelope);
    if (Buffer.byteLength(json) <= MAX_MESSAGE_BYTES) {
      await this.repository.notify(this.db, CHANNEL, this.keys.seal(TRANSPORT, json).toString('base64'));
      return;
    }
    const sealed = this.keys.seal(TRANSPORT, json);
    await this.repository.notifyAttachment(this.db, CHANNEL, sealed, (id) =>
      this.seal({ origin: this.origin, topic: envelope.topic, data: null, attachment: id }),
    );
  }

  /** The channel and a sealed message, for a repository that sends it in its own statement (`pg_notify`). */
  readonly channel = CHANNEL;
  message(topic: string, data: unknown): string {
    return this.seal({ origin: this.origin, topic, data });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
    this.checkTimer = setInterval(() => void this.checkVersions(), RESYNC_EVERY_MS);
    this.checkTimer.unref();
    this.cleanupTimer = setInterval(
      () => void this.repository.deleteAttachmentsBefore(this.db, new Date(Date.now() - ATTACHMENT_LIFE_MS)).catch(() => undefined),
      ATTACHMENT_LIFE_MS,
    );
    this.cleanupTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.checkTimer);
    clearInterval(this.cleanupTimer);
    await this.client?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  private seal(envelope: Envelope): string {
    const json = JSON.stringify(envelope);
    if (Buffer.byteLength(json) > MAX_MESSAGE_BYTES) throw new Error(`cluster message on "${envelope.topic}" too large (${Buffer.byteLength(json)} bytes)`);
    return this.keys.seal(TRANSPORT, json).toString('base64');
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'centinela-cluster' });
    client.on('error', (error) => this.logger.warn(`cluster connection: ${error.message}`));
    client.on('end', () => {
      if (this.client === client) this.client = undefined;
      if (!this.stopped) this.scheduleReconnect();
    });
    client.on('notification', (message) => void this.receive(message.payload ?? ''));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (!(await this.repository.holdPresence(clientDb(client), this.instance))) {
        this.logger.warn('this process presence is still held by an earlier connection');
      }
      this.client = client;
    } catch (error) {
      this.logger.warn(`cluster connection failed: ${(error as Error).message}; retrying`);
      await client.end().catch(() => undefined);
      if (!this.stopped) this.scheduleReconnect();
      return;
    }
    // Anything may have happened while we were not listening.
    await this.resyncAll();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), 1_000);
  }

  private async receive(payload: string): Promise<void> {
    const json = this.keys.openText(Buffer.from(payload, 'base64'));
    if (json === null) return;
    let envelope = JSON.parse(json) as Envelope;
    if (envelope.origin === this.origin) return;
    if (envelope.attachment) {
      const sealed = await this.repository.attachment(this.db, envelope.attachment).catch(() => null);
      const full = sealed ? this.keys.openText(sealed) : null;
      if (full === null) return;
      envelope = JSON.parse(full) as Envelope;
    }
    if (envelope.topic === BATCH) {
      for (const { topic, data } of envelope.data as { topic: string; data: unknown }[]) await this.apply({ origin: envelope.origin, topic, data });
      return;
    }
    await this.apply(envelope);
  }

  private async apply(envelope: Envelope): Promise<void> {
    const topic = this.topics.get(envelope.topic);
    if (!topic) return;
    try {
      if (topic.versioned && envelope.version !== undefined && topic.version.received(envelope.version) === 'reload') {
        await this.resync(envelope.topic);
        return;
      }
      for (const subscriber of topic.subscribers) await subscriber.apply(envelope.data);
    } catch (error) {
      this.logger.error(`applying a cluster message on "${envelope.topic}" failed: ${(error as Error).message}; reloading`);
      await this.resync(envelope.topic);
    }
  }

  private versions(): Promise<Map<string, number>> {
    return this.repository.versions(this.db);
  }

  private async resyncAll(): Promise<void> {
    for (const name of this.topics.keys()) await this.resync(name);
  }

  private async resync(name: string): Promise<void> {
    const topic = this.topics.get(name);
    if (!topic) return;
    const version = (await this.versions().catch(() => new Map<string, number>())).get(name);
    for (const subscriber of topic.subscribers) await subscriber.resync();
    if (version !== undefined) topic.version.reloaded(version);
  }

  /** The periodic check: a topic whose version moved past ours (a message we never got) is reloaded. */
  private async checkVersions(): Promise<void> {
    try {
      const current = await this.versions();
      for (const [name, topic] of this.topics) {
        const version = current.get(name);
        if (topic.versioned && version !== undefined && topic.version.behind(version)) await this.resync(name);
      }
    } catch (error) {
      this.logger.warn(`checking cluster versions: ${(error as Error).message}`);
    }
  }
}
