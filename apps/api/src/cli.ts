import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { roles, type Role } from '@centinela/contracts';
import { Module } from '@nestjs/common';
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
import { UsersModule } from './users/users.module.js';
import { UsersService } from './users/users.service.js';

const usage = `Usage: npm run cli -- user:create --role <${roles.join('|')}> --username <name> [--alias <alias>] < password-file

Creates an account. The password is read from standard input (at least 10 characters), never from the command line.
Uses DATABASE_URL, or the embedded cluster under DATA_DIR (attaching to it if the server is running).`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter, Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function createUser(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { role: { type: 'string' }, username: { type: 'string' }, alias: { type: 'string' } } });
  if (!values.role || !roles.includes(values.role as Role) || !values.username) throw new UsageError();
  const password = await readStdin();

  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await EmbeddedPostgres.start({ dataDir: path.join(config.dataDir, 'postgres'), binDir: config.pgBinDir, database: 'centinela', durable: true });
  config.databaseUrl ??= embedded!.url;

  @Module({ imports: [ConfigModule.forRoot(config), EventsModule, CryptoModule, ClusterModule, DatabaseModule.forRoot(entities), UsersModule] })
  class CliModule {}

  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    const user = await app.get(UsersService).createAccount({
      username: values.username,
      password,
      role: values.role as Role,
      ...(values.alias ? { alias: values.alias } : {}),
    });
    process.stdout.write(`created ${user.role} "${user.username}"${user.responderId ? ` (responder ${user.responderId})` : ''}\n`);
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

class UsageError extends Error {}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<void>> = { 'user:create': createUser };

(commands[command ?? ''] ?? (() => Promise.reject(new UsageError())))(rest).catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(usage + '\n');
  else if (error instanceof DomainError || error instanceof ConfigError || error instanceof EmbeddedPostgresUnavailable) {
    process.stderr.write(`error: ${error.message}\n`);
  } else process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(error instanceof UsageError ? 64 : 1);
});
