import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type BrowserContext, type BrowserContextOptions, expect, type Page, test as base } from '@playwright/test';
import { at } from '../../apps/api/src/demo/demo-town.js';

type Role = 'coordinator' | 'dispatcher' | 'responder';

/**
 * Playwright's `test`, plus `newContext`: another screen (a phone, a second dispatcher) that is closed when the test
 * ends. The browser lives as long as the worker, so a context a test leaves open keeps its map drawing and its socket
 * receiving every event for the rest of the run, and slows every later spec (on a software renderer, a lot).
 */
export const test = base.extend<{ newContext: (options?: BrowserContextOptions) => Promise<BrowserContext> }>({
  newContext: async ({ browser }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (options) => {
      const context = await browser.newContext(options);
      opened.push(context);
      return context;
    });
    await Promise.all(opened.map((context) => context.close()));
  },
});
export { expect };

/** The demo accounts the server seeded for this run. */
export function demoAccount(role: Role): { username: string; password: string } {
  const file = path.join(process.env.CENTINELA_BROWSER_DATA_DIR!, 'demo-credentials.json');
  return JSON.parse(readFileSync(file, 'utf8'))[role];
}

/** A point of the demo town (Puerto Ejemplo), in metres east and north of its centre. */
export const town = (x: number, y: number): [number, number] => at(x, y);

/** A point inside the demo's Centro zone, where the demo responder (Colibrí) is on duty. */
export const CENTRO: [number, number] = town(-400, 800);

/**
 * Separate corners of Centro, one per test that needs its own incident. Sightings within 300 m and 45 minutes
 * of each other join one incident (and one dispatch), and every spec shares one server, so tests that expect
 * a fresh incident log at least ~450 m from each other's spots, from CENTRO and from 18th & Blue Island
 * (the search test's corner, at (400, 400)). The demo's own sightings are in other zones.
 */
export const SPOTS = {
  mapClick: town(-750, 1100),
  waves: town(0, 1100),
  offline: town(-750, 300),
  report: town(-750, -300),
  respond: town(-100, -300),
  triage: town(750, 1100),
  twoScreens: town(750, -300),
  referral: town(-250, 250),
  hotline: town(0, -900),
  thread: town(250, -1000),
  unavailable: town(850, 500),
  accessibility: town(320, -70),
  /** Where the SALUTE form is opened and left unsent (Esc): a spot with no dot to click on by mistake. */
  unsent: town(-1100, 700),
  counted: town(-1500, -100),
} satisfies Record<string, [number, number]>;

/** Calls the API as a demo role, as a client would. */
export async function apiAs(baseURL: string, role: Role) {
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoAccount(role)),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${baseURL}${route}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  return {
    call,
    logSighting: async (at: [number, number], extra: Record<string, unknown> = {}) => {
      const res = await call('POST', '/api/sightings', {
        location: { type: 'Point', coordinates: at },
        observedAt: new Date(Date.now() - 60_000).toISOString(),
        channel: 'hotline-call',
        ...extra,
      });
      expect(res.status).toBe(201);
      return res.body as { sighting: { id: string; incidentId: string } };
    },
  };
}

/** Signs in through the login form and waits for the role's page. */
export async function signIn(page: Page, role: Role): Promise<void> {
  const { username, password } = demoAccount(role);
  await page.goto('/login');
  await page.getByLabel(/username|usuario/i).fill(username);
  await page.getByLabel(/password|contraseña/i).fill(password);
  await page.getByRole('button', { name: /sign in|entrar/i }).click();
  await expect(page).toHaveURL(role === 'responder' ? /\/respond$/ : role === 'coordinator' ? /\/zones$/ : /\/dispatch$/);
}

/** How long a map may take to load its style, tiles and first frame (a busy CI machine needs well over 15 s). */
export const MAP_LOAD_MS = 30_000;

/** Waits for the map to load and, on pages that show zones, to frame them (so a test's own view sticks). */
export async function mapLoaded(page: Page, testId = 'map', { framed = testId === 'map' } = {}): Promise<void> {
  await expect(page.getByTestId(testId)).toHaveAttribute('data-loaded', 'true', { timeout: MAP_LOAD_MS });
  if (framed) await expect(page.getByTestId(testId)).toHaveAttribute('data-framed', 'true');
}

/** Ids of the features a layer draws on screen right now. */
export function renderedIds(page: Page, layer: string): Promise<string[]> {
  return page.evaluate((l) => (window as any).centinelaMap?.queryRenderedFeatures({ layers: [l] }).map((f: any) => String(f.properties.id)) ?? [], layer);
}

/** The pixel on the map canvas for a [lon, lat]. */
export async function pixelOf(page: Page, at: [number, number], testId = 'map'): Promise<{ x: number; y: number }> {
  const point: { x: number; y: number } = await page.evaluate((p) => (window as any).centinelaMap.project(p), at);
  const box = (await page.getByTestId(testId).boundingBox())!;
  return { x: box.x + point.x, y: box.y + point.y };
}

export async function waitForLive(page: Page): Promise<void> {
  await expect(page.getByTestId('live-status')).toHaveText(/live|en vivo/i);
}
