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
 * SIGINT/SIGTERM close the app and then stop the embedded cluster.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = bootLogger(config);
  let embedded: EmbeddedPostgres | undefined;
  if (!config.databaseUrl) {
    embedded = await EmbeddedPostgres.start({
      dataDir: path.join(config.dataDir, 'postgres'),
      binDir: config.pgBinDir,
      database: 'centinela',
      durable: true,
      log: (message) => log.info(message),
    });
    config.databaseUrl = embedded.url;
  }
  const secrets = loadOrCreateSecrets(config.dataDir);
  config.jwtSecret ??= secrets.jwtSecret;
  config.push.publicKey ??= secrets.vapidPublicKey;
  config.push.privateKey ??= secrets.vapidPrivateKey;

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  const shutdown = async (signal: string) => {
    log.info(`${signal}: shutting down`);
    try {
      await app?.close();
    } finally {
      await embedded?.stop();
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    app = await createApp(config);
    if (config.seedDemo) {
      const credentials = await seedDemo(app, config.dataDir, log);
      if (credentials) printCredentials(credentials, path.join(config.dataDir, 'demo-credentials.json'));
    }
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
  log.info(`Centinela is serving on http://localhost:${config.port} (API docs at /api/docs)`);
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
