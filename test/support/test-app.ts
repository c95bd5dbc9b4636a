import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Capability, CreateSighting, Role, SessionUser, SightingView, TravelMode, Zone } from '@centinela/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MultiPolygon, Polygon } from 'geojson';
import pg from 'pg';
import webpush from 'web-push';
import type { AppOptions } from '../../apps/api/src/app.module.js';
import { createApp } from '../../apps/api/src/app.factory.js';
import type { DomainEvent, DomainEventClass } from '../../apps/api/src/common/events/domain-event.js';
import { EventBus } from '../../apps/api/src/common/events/event-bus.js';
import { type AppConfig, loadConfig } from '../../apps/api/src/config/app-config.js';
import { UsersService } from '../../apps/api/src/users/users.service.js';
import { ApiClient } from './api-client.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { connectSocket, EventLog } from './sockets.js';
import type { SmtpSink, TelegramStub, TwilioStub } from './stubs/index.js';

/** Stub providers to wire into the app: their settings go into its environment, and they post webhooks to it. */
export type TestStubs = { twilio?: TwilioStub; telegram?: TelegramStub; smtp?: SmtpSink };
/** The address providers are told the app is at (and Twilio signs), when stubs are wired. */
export const TEST_PUBLIC_URL = 'https://hotline.centinela.test';

export type TestAccount = { user: SessionUser; token: string; api: ApiClient; password: string };

/** The settings of an app under test (TestApp, and the medium tier's MediumApp): its database, its own secrets. */
export function testAppEnv(databaseUrl: string, dataDir: string): Record<string, string> {
  const vapid = webpush.generateVAPIDKeys();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    WEB_DIST: '/nonexistent',
    SEED_DEMO: 'false',
    DATA_DIR: dataDir,
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:tests@example.org',
    // The stub push service (test/support/push-receiver.ts) runs on 127.0.0.1, on a port of its own, with a
    // self-signed certificate.
    PUSH_ALLOWED_HOSTS: '127.0.0.1:*',
    PUSH_EXTRA_CA_FILE: 'test/fixtures/push-tls/cert.pem',
  };
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

/**
 * The real application on a real PostGIS database of its own, listening on a free port.
 * Builders create data through the same services and HTTP routes that users go through.
 */
export class TestApp {
  private coordinator?: TestAccount;

  private constructor(
    public app: NestFastifyApplication,
    public baseUrl: string,
    readonly db: pg.Pool,
    private readonly database: TestDatabase,
    private readonly config: AppConfig,
    private readonly options: AppOptions,
    private readonly startEnv: Record<string, string>,
  ) {}

  private stopped = false;

  /** This app's DATA_DIR (media, keys) and KEYS_DIR. */
  get dataDir(): string {
    return this.config.dataDir;
  }
  get keysDir(): string {
    return this.config.keysDir;
  }

  get databaseUrl(): string {
    return this.database.url;
  }

  /** Anonymous client. */
  get api(): ApiClient {
    return new ApiClient(this.baseUrl);
  }

  /** An account's client against the current server (after a restart the port changes). */
  as(account: TestAccount): ApiClient {
    return this.api.as(account.token);
  }

  /**
   * A running app on a database of its own. `databaseVia` rewrites the address the app connects to (a proxy the test
   * can cut); the test's own pool (`db`) always connects directly.
   */
  static async start(
    env: Record<string, string> = {},
    options: AppOptions & { stubs?: TestStubs; databaseVia?: (url: string) => string } = {},
  ): Promise<TestApp> {
    const { stubs, databaseVia, ...appOptions } = options;
    const database = await createTestDatabase();
    // Media, crypto-shredding keys and generated secrets of this app only, removed on close.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'centinela-app-'));
    const startEnv: Record<string, string> = {
      ...testAppEnv(databaseVia ? databaseVia(database.url) : database.url, dataDir),
      ...(stubs ? { PUBLIC_URL: TEST_PUBLIC_URL } : {}),
      ...stubs?.twilio?.env(),
      ...stubs?.telegram?.env(),
      ...stubs?.smtp?.env(),
      ...env,
    };
    const config = loadConfig(startEnv);
    const [app, baseUrl] = await TestApp.listen(config, appOptions);
    const testApp = new TestApp(app, baseUrl, new pg.Pool({ connectionString: database.url, max: 2 }), database, config, appOptions, startEnv);
    const target = { baseUrl: () => testApp.baseUrl, publicUrl: startEnv.PUBLIC_URL ?? TEST_PUBLIC_URL };
    stubs?.twilio?.attach(target);
    stubs?.telegram?.attach(target);
    return testApp;
  }

  private static async listen(config: AppConfig, options: AppOptions): Promise<[NestFastifyApplication, string]> {
    const app = await createApp(config, options);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.getHttpServer().address() as { port: number };
    return [app, `http://127.0.0.1:${port}`];
  }

  /**
   * Stops the application and starts a new one on the same database, as after a crash or a deploy:
   * everything held in memory is gone, everything in PostgreSQL (including queued jobs) remains.
   * Accounts' tokens stay valid (same signing key); sockets must reconnect.
   */
  async restart(): Promise<void> {
    if (!this.stopped) await this.app.close();
    [this.app, this.baseUrl] = await TestApp.listen(this.config, this.options);
    this.stopped = false;
    this.coordinator = undefined; // its client called the old address; the next one signs in at the new one
  }

  /**
   * Stops the in-process app but keeps its database and data directory, so child processes (ApiProcess) can take
   * over with `env()`.
   */
  async stopApp(): Promise<void> {
    if (!this.stopped) await this.app.close();
    this.stopped = true;
  }

  /** The environment a child API process needs to serve this app's database with the same secrets and keys. */
  env(): Record<string, string> {
    return { ...this.startEnv, DATABASE_URL: this.database.url, DATA_DIR: this.config.dataDir };
  }

  async close(): Promise<void> {
    if (!this.stopped) await this.app.close();
    await this.db.end();
    await this.database.drop();
    rmSync(this.config.dataDir, { recursive: true, force: true });
  }

  /**
   * A new account of a role, signed in. Responders can be given a profile, put on duty and into zones.
   * Create zone members one at a time: joining a zone replaces its member list (read, then write).
   */
  async account(
    role: Role,
    options: { onDuty?: boolean; zones?: Zone[]; alias?: string; capabilities?: Capability[]; travelMode?: TravelMode; languages?: string[] } = {},
  ): Promise<TestAccount> {
    const username = unique(role);
    const password = randomBytes(12).toString('hex');
    const profile = { capabilities: options.capabilities ?? ['verifier'], languages: options.languages ?? [], travelMode: options.travelMode ?? 'walk' };
    const user = await this.app.get(UsersService).createAccount({ username, password, role, ...(options.alias ? { alias: options.alias } : {}), profile });
    const login = await this.api.post('/api/auth/login', { username, password });
    if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
    const account = { user, token: login.body.accessToken as string, api: this.api.as(login.body.accessToken), password };
    if (options.onDuty) await expectOk(account.api.patch('/api/responders/me', { onDuty: true }));
    for (const zone of options.zones ?? []) {
      const current = await expectOk(this.asCoordinator().then((c) => c.api.get(`/api/zones/${zone.id}`)));
      await expectOk(
        this.asCoordinator().then((c) => c.api.put(`/api/zones/${zone.id}/responders`, { responderIds: [...current.responderIds, user.responderId] })),
      );
    }
    return account;
  }

  async asCoordinator(): Promise<TestAccount> {
    this.coordinator ??= await this.account('coordinator');
    return this.coordinator;
  }

  async zone(area: Polygon | MultiPolygon, name = unique('zone')): Promise<Zone> {
    const coordinator = await this.asCoordinator();
    return expectOk(coordinator.api.post('/api/zones', { name, area }), 201);
  }

  async sighting(api: ApiClient, at: [number, number], extra: Partial<CreateSighting> = {}): Promise<SightingView> {
    return expectOk(api.post('/api/sightings', sightingBody(at, extra)), 201);
  }

  /** A socket.io client signed in as the account, recording what it receives. */
  async socket(account: TestAccount): Promise<EventLog> {
    const socket = await connectSocket(this.baseUrl, account.token);
    sockets.add(socket);
    return new EventLog(socket);
  }

  async count(
    table:
      'sightings' | 'zones' | 'pings' | 'zone_responders' | 'users' | 'responders' | 'dispatches' | 'push_subscriptions' | 'invites' | 'incidents' | 'media',
  ): Promise<number> {
    const { rows } = await this.db.query(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0].n as number;
  }
}

const sockets = new Set<{ close(): unknown }>();
afterEach(() => {
  for (const s of sockets) s.close();
  sockets.clear();
});

/** The next committed domain event of a class, or a rejection after `timeoutMs`. */
export function nextEvent<E extends DomainEvent>(app: NestFastifyApplication, event: DomainEventClass<E>, timeoutMs: number): Promise<E> {
  const bus = app.get(EventBus);
  return new Promise<E>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no ${event.type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = bus.subscribe(event, (received) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(received);
    });
  });
}

export function sightingBody(at: [number, number], extra: Partial<CreateSighting> = {}): CreateSighting {
  return {
    location: { type: 'Point', coordinates: at },
    observedAt: new Date(Date.now() - 120_000).toISOString(),
    channel: 'hotline-call',
    ...extra,
  };
}

export async function expectOk<T = any>(response: Promise<{ status: number; body: any }>, status = 200): Promise<T> {
  const res = await response;
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** A closed axis-aligned rectangle ring. */
export const rect = (w: number, s: number, e: number, n: number): number[][] => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];
export const polygon = (...rings: number[][][]): Polygon => ({ type: 'Polygon', coordinates: rings });
