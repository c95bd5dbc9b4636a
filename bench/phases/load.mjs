/* global window, localStorage -- the functions passed to page.evaluate and addInitScript run in the browser */
// Measurement 9: /dispatch cold load in Chromium (Playwright), on the demo network (its town map imported at
// first start), as a dispatcher opening the console on a fresh browser: bytes transferred (encoded, as on the
// wire) and time to a map with its streets drawn (MapLibre's first `idle`: style, tiles, glyphs and layers). Then,
// on that open map at rest, the time from a sighting's POST to the frame that draws its dot (the 1 s target).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { median } from '../lib/stats.mjs';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];

export async function measureDispatchLoad({ api, dataDir, runs, log }) {
  const { chromium } = await import('playwright-core');
  const credentials = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
  const login = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials.dispatcher),
  });
  const session = await login.json();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const samples = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } }); // a cold cache every time
      await context.addInitScript((s) => localStorage.setItem('centinela.session', JSON.stringify(s)), session);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      let bytes = 0;
      let requests = 0;
      cdp.on('Network.loadingFinished', (e) => {
        bytes += e.encodedDataLength;
        requests++;
      });
      const started = performance.now();
      await page.goto(`${api.url}/dispatch`);
      await page.waitForSelector('[data-testid="map"][data-loaded="true"]', { timeout: 30_000 });
      const loadedMs = performance.now() - started;
      await page.evaluate(
        () =>
          new Promise((resolve) =>
            window.centinelaMap.areTilesLoaded() && window.centinelaMap.loaded() ? resolve() : window.centinelaMap.once('idle', resolve),
          ),
      );
      const readyMs = performance.now() - started;
      // Whatever the page still fetches after the map is ready (the queue, the socket) belongs to the load too.
      await page.waitForLoadState('networkidle');
      const drawnMs = await sightingToDot(page, api.url, session.accessToken);
      samples.push({ bytes, requests, loadedMs, readyMs, drawnMs });
      log(
        `load ${i + 1}/${runs}: ${(bytes / 1024).toFixed(0)} KB in ${requests} requests, map loaded ${loadedMs.toFixed(0)} ms, ready (streets drawn) ${readyMs.toFixed(0)} ms; a new sighting drawn ${drawnMs.toFixed(0)} ms after its POST`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return {
    runs,
    bytes: median(samples.map((s) => s.bytes)),
    requests: median(samples.map((s) => s.requests)),
    loadedMs: median(samples.map((s) => s.loadedMs)),
    readyMs: median(samples.map((s) => s.readyMs)),
    drawnMs: median(samples.map((s) => s.drawnMs)),
  };
}

/**
 * POSTs a sighting at the centre of the open map and returns the ms from just before the request to the MapLibre
 * render that first shows its dot (noted in the page on the `render` event, so polling adds nothing).
 */
async function sightingToDot(page, url, token) {
  const center = await page.evaluate(() => {
    window.__drawn = new Promise((resolve, reject) => {
      const map = window.centinelaMap;
      const ids = () => map.queryRenderedFeatures({ layers: ['sightings'] }).map((f) => String(f.properties.id));
      const before = new Set(ids());
      const check = () => {
        const fresh = ids().find((id) => !before.has(id));
        if (!fresh) return;
        map.off('render', check);
        resolve({ id: fresh, at: Date.now() });
      };
      map.on('render', check);
      setTimeout(() => reject(new Error('no new sighting drawn within 10 s')), 10_000);
    });
    const c = window.centinelaMap.getCenter();
    return [c.lng, c.lat];
  });
  const sent = Date.now();
  const res = await fetch(`${url}/api/sightings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ location: { type: 'Point', coordinates: center }, observedAt: new Date(sent - 60_000).toISOString(), channel: 'hotline-call' }),
  });
  if (res.status !== 201) throw new Error(`POST /api/sightings answered ${res.status}: ${await res.text()}`);
  const { sighting } = await res.json();
  const { id, at } = await page.evaluate(() => window.__drawn);
  if (id !== sighting.id) throw new Error(`the dot drawn was ${id}, not the sighting posted (${sighting.id})`);
  return at - sent;
}
