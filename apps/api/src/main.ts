import path from 'node:path';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { loadOrCreateSecrets } from './config/secrets.js';
import { EmbeddedPostgres, EmbeddedPostgresUnavailable } from './database/embedded-postgres.js';
import { seedDemo } from './demo/demo-seed.js';
import { bootLogger } from './logging/logging.js';

/**
 * Starts Centinela: validates the configuration, starts the embedded PostgreSQL + PostGIS cluster unless
 * DATABASE_URL is set, builds the app (migrations run), seeds the demo on first run, and listens.
 * SIGINT/SIGTERM (to this process or its group, once or repeatedly) drain the app and then stop the embedded cluster.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = bootLogger(config);
  type App = Awaited<ReturnType<typeof createApp>>;
  // What is starting, as promises: a signal during the start waits for each to settle, then stops it.
  let embeddedStart: Promise<EmbeddedPostgres | undefined> = Promise.resolve(undefined);
  let appStart: Promise<App | undefined> = Promise.resolve(undefined);
  let stopping: Promise<void> | undefined;
  /**
   * One orderly stop, whatever asks for it and however often: SIGTERM or SIGINT to this process or to its whole
   * group (systemd, Docker, a terminal's Ctrl-C). Requests in flight finish, sockets close, pg-boss stops, then the
   * embedded cluster stops. A second signal changes nothing: the database is always stopped last.
   */
  const shutdown = (signal: string): Promise<void> => {
    if (stopping) {
      log.warn(`${signal} again: still stopping (draining requests, then the database)`);
      return stopping;
    }
    log.info(`${signal}: draining requests, closing sockets, stopping jobs, then the database`);
    stopping = (async () => {
      let code = 0;
      try {
        const app = await appStart.catch(() => undefined);
        await withTimeout(app?.close(), DRAIN_TIMEOUT_MS, 'closing the app');
      } catch (error) {
        code = 1;
        log.error(`stopping the app: ${(error as Error).message}`);
      }
      try {
        await (await embeddedStart.catch(() => undefined))?.stop();
      } catch (error) {
        code = 1;
        log.error(`stopping the database: ${(error as Error).message}`);
      }
      process.exit(code);
    })();
    return stopping;
  };
  /** Set by a signal handler, so read through a function (TypeScript cannot see handlers assign it). */
  const isStopping = () => stopping !== undefined;
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (!config.databaseUrl) {
    embeddedStart = EmbeddedPostgres.start({
      dataDir: path.join(config.dataDir, 'postgres'),
      binDir: config.pgBinDir,
      database: 'centinela',
      durable: true,
      log: (message) => log.info(message),
    });
    config.databaseUrl = (await embeddedStart)!.url;
  }
  const secrets = loadOrCreateSecrets(config.dataDir);
  config.jwtSecret ??= secrets.jwtSecret;
  config.push.publicKey ??= secrets.vapidPublicKey;
  config.push.privateKey ??= secrets.vapidPrivateKey;
  if (isStopping()) return;

  try {
    appStart = createApp(config);
    const app = (await appStart)!;
    if (config.seedDemo && !isStopping()) {
      const credentials = await seedDemo(app, config.dataDir, log);
      if (credentials) printCredentials(credentials, path.join(config.dataDir, 'demo-credentials.json'));
    }
    if (isStopping()) return; // a signal came while starting: the shutdown under way closes what was started
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    if (isStopping()) return;
    await (await appStart.catch(() => undefined))?.close().catch(() => undefined);
    await (await embeddedStart)?.stop().catch(() => undefined);
    throw error;
  }
  log.info(`Centinela is serving on http://localhost:${config.port} (API docs at /api/docs)`);
}

/** How long requests in flight, sockets and jobs get to finish before the database is stopped regardless. */
const DRAIN_TIMEOUT_MS = 15_000;

async function withTimeout(work: Promise<void> | undefined, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function printCredentials(credentials: Record<string, { username: string; password: string }>, file: string): void {
  const lines = Object.entries(credentials).map(([role, c]) => `  ${role.padEnd(12)} ${c.username.padEnd(12)} ${c.password}`);
  process.stdout.write(
    ['', 'Demo accounts (shown once; also saved to ' + file + ', mode 600):', '  role         username     password', ...lines, ''].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof EmbeddedPostgresUnavailable;
  process.stderr.write(`Centinela could not start: ${known ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
