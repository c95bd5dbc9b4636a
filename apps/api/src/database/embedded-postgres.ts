import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const SETSID = '/usr/bin/setsid';

export type EmbeddedPostgresOptions = {
  /** The cluster's data directory (PGDATA). */
  dataDir: string;
  /** Where initdb/pg_ctl live; found under /usr/lib/postgresql/<version>/bin when not given. */
  binDir?: string | undefined;
  database: string;
  /** Throwaway clusters (tests) may trade durability for speed. Never for data that matters. */
  durable: boolean;
  log?: (message: string) => void;
};

/** Thrown when the machine lacks what an embedded cluster needs; the message says what to install. */
export class EmbeddedPostgresUnavailable extends Error {}

/**
 * A private PostgreSQL + PostGIS cluster run with the machine's own binaries: initialised on first use,
 * started on a free 127.0.0.1 port with password authentication, stopped on demand. When the process
 * runs as root, PostgreSQL runs as the `postgres` user (it refuses to run as root).
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly pgDir: string,
    private readonly binDir: string,
    private readonly asUser: string | null,
    readonly url: string,
    /** False when another process had already started this cluster; then `stop()` leaves it running. */
    readonly startedHere: boolean,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const log = options.log ?? (() => undefined);
    const binDir = options.binDir ?? findBinDir();
    const asUser = process.getuid?.() === 0 ? 'postgres' : null;
    const uid = asUser ? userIds(asUser) : null;
    const pgDir = reachableDataDir(options.dataDir, uid, log);
    const passwordFile = path.join(path.dirname(options.dataDir), `${path.basename(options.dataDir)}.password`);
    const sh = (cmd: string, args: string[]) => runAs(asUser, path.join(binDir, cmd), args);

    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      const password = randomBytes(24).toString('base64url');
      writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
      const initPwFile = path.join(os.tmpdir(), `centinela-pw-${process.pid}-${Date.now()}`);
      writeFileSync(initPwFile, password + '\n', { mode: 0o600 });
      if (uid) chownSync(initPwFile, uid.uid, uid.gid);
      log(`initialising a PostgreSQL cluster in ${pgDir}`);
      try {
        await sh('initdb', ['-D', pgDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${initPwFile}`, '-E', 'UTF8', '--locale=C.UTF-8']);
      } finally {
        rmSync(initPwFile, { force: true });
      }
    }
    const password = readFileSync(passwordFile, 'utf8').trim();

    const running = await isRunning(sh, pgDir);
    let port: number;
    if (running) {
      port = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
      log(`attaching to the PostgreSQL cluster already running on port ${port}`);
    } else {
      port = await freePort();
      const settings = [`-p ${port}`, '-c listen_addresses=127.0.0.1', "-c unix_socket_directories=''"];
      if (!options.durable) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
      // In a session of its own: a signal to our process group (Ctrl-C, docker stop) must not reach the server
      // directly — we stop it ourselves, after the app has drained (see main.ts).
      const startArgs = ['-D', pgDir, '-l', path.join(pgDir, 'server.log'), '-o', settings.join(' '), '-w', '-t', '60', 'start'];
      if (existsSync(SETSID)) await runAs(asUser, SETSID, ['--wait', path.join(binDir, 'pg_ctl'), ...startArgs]);
      else await sh('pg_ctl', startArgs);
      log(`PostgreSQL started on 127.0.0.1:${port}`);
    }
    const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    await ensureDatabase(base, options.database);
    return new EmbeddedPostgres(pgDir, binDir, asUser, `${base}/${options.database}`, !running);
  }

  /** Stops the cluster if this process started it (fast shutdown: open sessions are ended, data is safe). */
  async stop(): Promise<void> {
    if (!this.startedHere) return;
    await runAs(this.asUser, path.join(this.binDir, 'pg_ctl'), ['-D', this.pgDir, '-m', 'fast', '-w', 'stop']);
  }
}

function findBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new EmbeddedPostgresUnavailable(
      'PostgreSQL server binaries not found under /usr/lib/postgresql: install postgresql-15-postgis-3 (Debian) or set DATABASE_URL',
    );
  }
  const version = versions[0]!;
  if (!existsSync(`/usr/share/postgresql/${version}/extension/postgis.control`)) {
    throw new EmbeddedPostgresUnavailable(`PostGIS not found for PostgreSQL ${version}: install postgresql-${version}-postgis-3 or set DATABASE_URL`);
  }
  return path.join(root, version, 'bin');
}

function userIds(user: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (!line) throw new EmbeddedPostgresUnavailable(`running as root needs a "${user}" system user (installed with PostgreSQL)`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Where clusters go whose data directory the server's user cannot reach (running as root, `DATA_DIR` private). */
const ELSEWHERE = '/var/lib/centinela';

/**
 * The data directory, created and owned by the server's user. If that user cannot reach it (a checkout
 * under /root, or a `DATA_DIR` that is private to root, as `.data` is once it holds keys), the cluster lives
 * under /var/lib/centinela instead and `dataDir` becomes a symlink to it.
 */
function reachableDataDir(dataDir: string, owner: { uid: number; gid: number } | null, log: (m: string) => void): string {
  if (existsSync(dataDir)) {
    const real = realpathSync(dataDir);
    if (owner && path.dirname(real) === ELSEWHERE) passableParent();
    return real;
  }
  if (owner && !traversableBy(path.dirname(dataDir), owner)) {
    // Named by a hash of the whole path: two checkouts never share a cluster (an earlier version used the path's
    // last 18 bytes, so /a/main/.data/postgres and /b/main/.data/postgres collided; its symlinks still resolve).
    const hash = createHash('sha256').update(path.resolve(dataDir)).digest('base64url').slice(0, 24);
    const elsewhere = path.join(ELSEWHERE, hash);
    log(`the postgres user cannot reach ${path.dirname(dataDir)}; keeping the cluster in ${elsewhere}`);
    passableParent();
    mkdirSync(elsewhere, { recursive: true, mode: 0o700 });
    chownSync(elsewhere, owner.uid, owner.gid);
    mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o700 });
    symlinkSync(elsewhere, dataDir);
    return elsewhere;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  return dataDir;
}

/**
 * /var/lib/centinela: root's, passable but not listable by others (0711), so the server's user reaches its own
 * cluster inside. Also mends the 0700 that earlier versions gave it, which made initdb fail on a fresh machine.
 */
function passableParent(): void {
  mkdirSync(ELSEWHERE, { recursive: true, mode: 0o711 });
  chmodSync(ELSEWHERE, 0o711);
}

/** Whether every directory from / down to `dir` (created if missing) lets `owner` pass through. */
function traversableBy(dir: string, owner: { uid: number; gid: number }): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  let current = path.resolve(dir);
  for (;;) {
    const st = statSync(current);
    const bits = st.uid === owner.uid ? 0o100 : st.gid === owner.gid ? 0o010 : 0o001;
    if ((st.mode & bits) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

async function runAs(user: string | null, command: string, args: string[]): Promise<string> {
  const [file, argv] = user ? ['runuser', ['-u', user, '--', command, ...args]] : [command, args];
  try {
    const { stdout } = await run(file, argv, { cwd: '/' });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${path.basename(command)} failed: ${[e.stderr, e.stdout, e.message].map((text) => text?.trim() ?? '').find(Boolean) ?? 'no output'}`);
  }
}

async function isRunning(sh: (cmd: string, args: string[]) => Promise<string>, pgDir: string): Promise<boolean> {
  if (!existsSync(path.join(pgDir, 'postmaster.pid'))) return false;
  try {
    await sh('pg_ctl', ['-D', pgDir, 'status']);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Creates the database and the PostGIS extension in it, if missing. */
async function ensureDatabase(base: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  const db = new pg.Client({ connectionString: `${base}/${database}` });
  await db.connect();
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
  } finally {
    await db.end();
  }
}
