import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { roles, type Role } from '@centinela/contracts';
import { type INestApplicationContext, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventsModule } from './common/events/events.module.js';
import { ClusterModule } from './cluster/cluster.module.js';
import { CryptoModule } from './crypto/crypto.module.js';
import { DomainError } from './common/errors/domain-error.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EmbeddedPostgres, EmbeddedPostgresUnavailable } from './database/embedded-postgres.js';
import { entities } from './entities.js';
import { MapImportService } from './map/map-import.service.js';
import { MapModule } from './map/map.module.js';
import { UsersModule } from './users/users.module.js';
import { UsersService } from './users/users.service.js';

const usage = `Usage:
  npm run cli -- user:create --role <${roles.join('|')}> --username <name> [--alias <alias>] < password-file
      Creates an account. The password is read from standard input (at least 10 characters), never from the command line.
  npm run cli -- user:revoke --username <name>
      Ends a person's access (a phone lost or seized, someone who left): every device of theirs is signed out at once,
      on every running server, and sign-in is refused until user:enable.
  npm run cli -- user:enable --username <name>
      Lets a person whose access was ended sign in again.
  npm run cli -- map:import <extract.osm.pbf | town.osm>
      Imports an OpenStreetMap extract as the street map (tiles and address search). A running server switches to it
      without a restart; a failed import leaves the current map as it was.

Uses DATABASE_URL, or the embedded cluster under DATA_DIR (attaching to it if the server is running).`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter, Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Starts what a command needs: the database (embedded unless DATABASE_URL) and a Nest context of `modules`. */
async function withContext<T>(modules: Type[], work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await EmbeddedPostgres.start({ dataDir: path.join(config.dataDir, 'postgres'), binDir: config.pgBinDir, database: 'centinela', durable: true });
  config.databaseUrl ??= embedded!.url;

  @Module({ imports: [ConfigModule.forRoot(config), EventsModule, CryptoModule, ClusterModule, DatabaseModule.forRoot(entities), ...modules] })
  class CliModule {}

  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    return await work(app);
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

async function importMap(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError();
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!);
  await withContext([MapModule], async (app) => {
    const result = await app.get(MapImportService).import(file, (line) => process.stderr.write(`  ${line}\n`));
    const c = result.counts;
    process.stdout.write(
      `imported ${result.source} as map version ${result.version} in ${result.seconds.toFixed(1)} s: ${c.streets} streets, ` +
        `${c.intersections} intersections, ${c.addresses} addresses, ${c.places} places\n`,
    );
  });
}

async function createUser(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { role: { type: 'string' }, username: { type: 'string' }, alias: { type: 'string' } } });
  if (!values.role || !roles.includes(values.role as Role) || !values.username) throw new UsageError();
  const password = await readStdin();
  const username = values.username;
  await withContext([UsersModule], async (app) => {
    const user = await app.get(UsersService).createAccount({
      username,
      password,
      role: values.role as Role,
      ...(values.alias ? { alias: values.alias } : {}),
    });
    process.stdout.write(`created ${user.role} "${user.username}"${user.responderId ? ` (responder ${user.responderId})` : ''}\n`);
  });
}

async function setAccess(args: string[], end: boolean): Promise<void> {
  const { values } = parseArgs({ args, options: { username: { type: 'string' } } });
  if (!values.username) throw new UsageError();
  const username = values.username;
  await withContext([UsersModule], async (app) => {
    const users = app.get(UsersService);
    const id = await users.findIdByUsername(username);
    if (!id) throw DomainError.notFound(`account "${username}"`);
    const access = end ? await users.endAccess(id, null) : await users.restoreAccess(id, null);
    process.stdout.write(
      end
        ? `ended the access of ${access.role} "${access.username}": ${access.sessionsEnded} signed-in device(s) cut off; sign-in disabled\n`
        : `${access.role} "${access.username}" may sign in again\n`,
    );
  });
}

class UsageError extends Error {}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<void>> = {
  'user:create': createUser,
  'user:revoke': (args) => setAccess(args, true),
  'user:enable': (args) => setAccess(args, false),
  'map:import': importMap,
};

(commands[command ?? ''] ?? (() => Promise.reject(new UsageError())))(rest).catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(usage + '\n');
  else if (error instanceof DomainError || error instanceof ConfigError || error instanceof EmbeddedPostgresUnavailable) {
    process.stderr.write(`error: ${error.message}\n`);
  } else process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(error instanceof UsageError ? 64 : 1);
});
