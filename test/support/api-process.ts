import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpush from 'web-push';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a value (not undefined/false) or `timeoutMs` passes; then throws `what`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Settings every API child process of a test shares, so any of them accepts the others' tokens and pushes. */
export function sharedEnv(databaseUrl: string, dataDir: string): Record<string, string> {
  const vapid = webpush.generateVAPIDKeys();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    WEB_DIST: '/nonexistent',
    SEED_DEMO: 'false',
    HOST: '127.0.0.1',
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
  };
}

/**
 * The built API (`apps/api/dist/main.js`) as a real child process, for what is about processes: crashes
 * (SIGKILL), signals, several processes on one database. `output` collects what it printed.
 */
export class ApiProcess {
  output = '';
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Starts `node <script>` (default: the API) and waits until /api/health answers. */
  static async start(env: Record<string, string>, options: { script?: string[]; detached?: boolean; timeoutMs?: number } = {}): Promise<ApiProcess> {
    const port = env.PORT ? Number(env.PORT) : await freePort();
    const child = spawn(process.execPath, options.script ?? ['apps/api/dist/main.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.detached ?? false,
    });
    const api = new ApiProcess(child, port);
    let gone = false;
    void api.exited.then(() => (gone = true));
    await waitFor(
      `the API on port ${port} to answer`,
      async () => {
        if (gone) throw new Error(`the API exited while starting:\n${api.output}`);
        return fetch(`${api.baseUrl}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
      },
      options.timeoutMs ?? 60_000,
      100,
    );
    return api;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Signals the child's whole process group (it must have been started detached: its own group). */
  killGroup(signal: NodeJS.Signals): void {
    process.kill(-this.pid, signal);
  }

  /** Waits for the process to end, at most `timeoutMs`. */
  async exit(timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the process did not exit within ${timeoutMs} ms:\n${this.output}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops it for good at the end of a test (SIGKILL if it does not stop on SIGTERM within 10 s). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.kill('SIGTERM');
    await this.exit(10_000).catch(() => {
      this.kill('SIGKILL');
      return this.exit(5_000);
    });
  }
}
