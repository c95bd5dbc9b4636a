import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { ROOT } from '../support/api-process.js';
import { TestApp } from '../support/test-app.js';

/** The README stays true: every retention rule and every configuration variable the code knows is documented. */
describe('the README', () => {
  let t: TestApp;
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('lists every retention rule in its retention table', () => {
    const missing = t.app
      .get(RetentionService)
      .policy()
      .filter((rule) => !readme.includes(`| ${rule.what} |`))
      .map((rule) => rule.what);
    expect(missing).toEqual([]);
  });

  it('documents every environment variable the configuration reads', () => {
    const read = (file: string) => readFileSync(path.join(ROOT, 'apps/api/src/config', file), 'utf8');
    const app = read('app-config.ts');
    const messaging = read('messaging-config.ts');
    const schema =
      app.slice(app.indexOf('const envSchema'), app.indexOf('export type AppConfig')) +
      messaging.slice(messaging.indexOf('export const messagingEnv'), messaging.indexOf('type MessagingEnv'));
    expect(app).toContain('...messagingEnv');
    const variables = [...schema.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(variables.length).toBeGreaterThan(30);
    expect(variables.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });
});
