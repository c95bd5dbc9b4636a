import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.BROWSER_TEST_PORT ?? 3100);
process.env.CENTINELA_BROWSER_DATA_DIR ??= path.join(os.tmpdir(), `centinela-browser-${port}`);
// Twilio's REST API is a stub (test/support/stubs) on the next port, started by the specs that need one (threads,
// hotline); the app signs and builds its webhook URLs with its own address as PUBLIC_URL. Other specs send nothing.
export const BROWSER_TWILIO = { port: port + 1, accountSid: `AC${'b'.repeat(32)}`, authToken: 'c'.repeat(32), publicUrl: `http://127.0.0.1:${port}` };
Object.assign(process.env, {
  PUBLIC_URL: BROWSER_TWILIO.publicUrl,
  TWILIO_ACCOUNT_SID: BROWSER_TWILIO.accountSid,
  TWILIO_AUTH_TOKEN: BROWSER_TWILIO.authToken,
  TWILIO_PHONE_NUMBER: '+15550100001',
  TWILIO_API_URL: `http://127.0.0.1:${BROWSER_TWILIO.port}`,
});

/** Browser tests on the machine's Chromium (never a downloaded browser), against the real built app. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  fullyParallel: false,
  // Whole flows with two or three pages on a software WebGL renderer: on a loaded 2-core CI box one street-map load
  // can take 20 s, and whole flows passed 60 s (triage, threads, streets). Each step still has its own bound: an
  // expectation 5 s, an action 30 s (as long as a map load, MAP_LOAD_MS in driver.ts), so a stuck step names itself.
  timeout: 120_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  outputDir: path.join(os.tmpdir(), `centinela-playwright-${port}`),
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    actionTimeout: 30_000,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--enable-unsafe-swiftshader',
      ],
    },
  },
  webServer: {
    command: 'node test/browser/serve.mjs',
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 90_000,
    // The alerts spec's Web Push subscriber is the local stub push service (test/support/push-receiver.ts) on 127.0.0.1.
    env: { PORT: String(port), PUSH_ALLOWED_HOSTS: '127.0.0.1:*', PUSH_EXTRA_CA_FILE: 'test/fixtures/push-tls/cert.pem' },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
