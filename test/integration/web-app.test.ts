import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestApp } from '../support/test-app.js';

/**
 * The built web app as the API serves it: pages get index.html, files get themselves or a 404 — never index.html under
 * a script's name, which would break (and, through the service worker, keep broken) a page opened before a deploy.
 */
describe('serving the web app', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'centinela-web-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Centinela</title><div id="root"></div>');
    writeFileSync(path.join(dist, 'assets', 'Page-abc123.js'), 'export const page = 1;');
    writeFileSync(path.join(dist, 'sw.js'), 'self;');
    t = await TestApp.start({ WEB_DIST: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (route: string) => fetch(`${t.baseUrl}${route}`);

  it('answers every page path with index.html, revalidated', async () => {
    for (const route of ['/', '/dispatch', '/respond', '/alerts/6f1c2a0e-0000-4000-8000-000000000000', '/invite/abc_DEF-123', '/dispatch?incident=1']) {
      const res = await get(route);
      expect([route, res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([
        route,
        200,
        'text/html; charset=utf-8',
        'no-cache',
      ]);
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('serves the files it has, and a 404 (not index.html) for the ones it does not', async () => {
    const asset = await get('/assets/Page-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // What a page opened before a deploy asks for: the old build's chunks, and files that never were.
    for (const route of ['/assets/Page-old999.js', '/assets/index-old999.css', '/assets/sub/deeper', '/icons/missing.png', '/old-worker.js']) {
      const res = await get(route);
      expect([route, res.status]).toEqual([route, 404]);
      expect(res.headers.get('content-type')).not.toMatch(/html/);
    }
    expect((await get('/api/no-such-route')).status).toBe(404);
  });
});
