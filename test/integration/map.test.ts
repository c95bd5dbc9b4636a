import { spawn } from 'node:child_process';
import path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { gunzipSync } from 'node:zlib';
import type { GeocodeResult } from '@centinela/contracts';
import { MapImportService } from '../../apps/api/src/map/map-import.service.js';
import { here, testTown, writeBrokenOsm, writeTown } from '../support/towns.js';
import { type TestAccount, TestApp } from '../support/test-app.js';

const root = path.resolve(import.meta.dirname, '../..');

/** `npm run cli -- map:import`, the built CLI as an operator runs it, in a process of its own. */
/** `map:import` in a process of its own, with the app's database, secrets and keys (as an operator runs it beside the server). */
function cliImport(env: Record<string, string>, file: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['apps/api/dist/cli.js', 'map:import', file], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'error' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const tileOf = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
};

describe('the street map: import, tiles, search', () => {
  let t: TestApp;
  let dispatcher: TestAccount;
  const search = async (q: string, near = here(250, -200)) => {
    const res = await dispatcher.api.get(`/api/geocode?q=${encodeURIComponent(q)}&near=${near.join(',')}`);
    expect(res.status).toBe(200);
    return res.body as GeocodeResult[];
  };
  const metres = (a: number[], b: number[]) => Math.hypot((a[0]! - b[0]!) * 104_600, (a[1]! - b[1]!) * 110_574);

  beforeAll(async () => {
    t = await TestApp.start({ GEOCODE_PUBLIC_PER_MINUTE: '3' });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  it('without an imported map: the world map, no style, empty search, 404 tiles', async () => {
    expect((await t.api.get('/api/config')).body).toMatchObject({ mapStyleUrl: null, streetMap: false });
    expect((await t.api.get('/api/map')).status).toBe(404);
    expect((await t.api.get('/api/map/tiles/14/1/1.mvt')).status).toBe(404);
    expect(await search('18th & Ashland')).toEqual([]);
  });

  it('imports a generated extract: streets, a diagonal, a river with bridges, addresses, an interpolation, places', async () => {
    const result = await t.app.get(MapImportService).import(await writeTown(testTown()));
    expect(result.version).toBe(1);
    expect(result.counts).toMatchObject({ streets: 7, places: 5 });
    // 3 × 3 grid corners + Blue Island crossing 18th, 19th, Ashland/20th (one corner) and Loomis.
    expect(result.counts.intersections).toBeGreaterThanOrEqual(12);
    expect((await t.api.get('/api/config')).body).toMatchObject({ mapStyleUrl: '/api/map/style.json', streetMap: true });
    const style = (await t.api.get('/api/map/style.json?theme=dark')).body;
    expect(style.sources.streets.tiles).toEqual(['/api/map/tiles/{z}/{x}/{y}.mvt?v=1']);
    expect(style.glyphs).toBe('/glyphs/{fontstack}/{range}.pbf');
  }, 30_000);

  it('serves vector tiles with the streets, water and places layers, same origin, cached by version', async () => {
    const { z, x, y } = tileOf(...here(250, -200), 13);
    const res = await fetch(`${t.baseUrl}/api/map/tiles/${z}/${x}/${y}.mvt?v=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    const bytes = Buffer.from(await res.arrayBuffer());
    const tile = new VectorTile(new PbfReader(bytes[0] === 0x1f ? gunzipSync(bytes) : bytes));
    expect(Object.keys(tile.layers)).toEqual(expect.arrayContaining(['roads', 'water', 'parks', 'places']));
    const names = Array.from({ length: tile.layers.roads!.length }, (_, i) => tile.layers.roads!.feature(i).properties.name);
    expect(names).toEqual(expect.arrayContaining(['W 18th St', 'S Ashland Ave', 'S Blue Island Ave']));
    // An older version's URL is answered with today's map, but not cached for long.
    expect((await fetch(`${t.baseUrl}/api/map/tiles/${z}/${x}/${y}.mvt?v=0`)).headers.get('cache-control')).toBe('no-cache');
    const far = tileOf(10, 10, 15);
    expect((await fetch(`${t.baseUrl}/api/map/tiles/${far.z}/${far.x}/${far.y}.mvt`)).status).toBe(204);
  });

  it('finds intersections as callers say them, with typos, abbreviations and Spanish connectors', async () => {
    const corner = here(400, 0);
    for (const q of ['18th & Blue Island', '18th and Blue Island Ave', 'Blue Island y 18', 'esquina 18 y blu island', 'W 18th St / S. Blue Island Avenue']) {
      const [first] = await search(q);
      expect({ q, kind: first?.kind }).toEqual({ q, kind: 'intersection' });
      expect(first!.label).toMatch(/^(18th St & Blue Island Ave|Blue Island Ave & 18th St)$/);
      expect(metres(first!.location.coordinates, corner)).toBeLessThan(15);
    }
    const [ashland] = await search('Ashland y 19');
    expect(metres(ashland!.location.coordinates, here(0, -200))).toBeLessThan(15);
  });

  it('finds addresses, placing a number between its neighbours, and numbers on an interpolation line', async () => {
    const [exact] = await search('1830 S Blue Island');
    expect(exact).toMatchObject({ kind: 'address', label: '1830 S Blue Island Ave' });
    // 1830 South is 60 m south of 18th St (y = 0), on the diagonal: near (340, −60).
    expect(metres(exact!.location.coordinates, here(340, -60))).toBeLessThan(40);
    // 1851 is no address point in the file: only the interpolation line's expansion at import has it.
    expect(
      await t.db.query(`SELECT housenumber FROM map.address_points WHERE housenumber IN ('1801', '1851', '1899')`).then((r) => r.rowCount),
    ).toBeGreaterThanOrEqual(2);
    expect((await t.db.query(`SELECT 1 FROM map.address_points WHERE housenumber = '1851'`)).rowCount).toBe(1);
    const [interpolated] = await search('1851 calle ceiba');
    expect(interpolated).toMatchObject({ kind: 'address', label: '1851 Calle Ceiba' });
    expect(metres(interpolated!.location.coordinates, here(500, -102))).toBeLessThan(40);
  });

  it('finds places by name or kind, on a street, in English or Spanish; nothing for nonsense', async () => {
    expect((await search('st pius church'))[0]).toMatchObject({ kind: 'place', label: 'St. Pius V Church', category: 'worship' });
    expect((await search('laundromat on 18th'))[0]).toMatchObject({ kind: 'place', label: 'Lavandería La Estrella', context: '18th St' });
    expect((await search('lavanderia en la 18'))[0]).toMatchObject({ label: 'Lavandería La Estrella' });
    expect((await search('escuela juarez'))[0]).toMatchObject({ label: 'Escuela Benito Juárez', category: 'school' });
    expect(await search('xqzzy wobble')).toEqual([]);
  });

  it('names a clicked point after the nearest intersection, or the street', async () => {
    const at = here(395, 8);
    const near = await dispatcher.api.get(`/api/geocode/reverse?lon=${at[0]}&lat=${at[1]}`);
    expect(near.body).toMatchObject({ kind: 'intersection', label: expect.stringMatching(/18th St/) });
    expect(near.body.label).toMatch(/Blue Island Ave/);
    const mid = here(125, -395);
    expect((await dispatcher.api.get(`/api/geocode/reverse?lon=${mid[0]}&lat=${mid[1]}`)).body).toMatchObject({ kind: 'street', label: '20th St' });
    const nowhere = here(5000, 5000);
    expect((await dispatcher.api.get(`/api/geocode/reverse?lon=${nowhere[0]}&lat=${nowhere[1]}`)).body).toBeNull();
  });

  it('refuses bad input with a 400 naming the field, and strangers with 401', async () => {
    const cases: [string, string][] = [
      ['/api/geocode', 'q'],
      ['/api/geocode?q=18th&near=abc', 'near'],
      ['/api/geocode?q=18th&limit=500', 'limit'],
      ['/api/geocode/reverse?lon=10&lat=91', 'lat'],
      ['/api/geocode/reverse?lon=x&lat=1', 'lon'],
      ['/api/map/tiles/30/1/1.mvt', 'z'],
      ['/api/map/tiles/8/999/1.mvt', 'x'],
      ['/api/map/tiles/2/1/abc', 'y'],
      ['/api/map/style.json?theme=pink', 'theme'],
    ];
    for (const [url, field] of cases) {
      const res = await dispatcher.api.get(url);
      expect({ url, status: res.status, paths: res.body.issues?.map((i: { path: string }) => i.path) }).toEqual({ url, status: 400, paths: [field] });
    }
    expect((await t.api.get('/api/geocode?q=18th')).status).toBe(401);
  });

  it('lets the public form search, rate-limited per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.api.get('/api/public/geocode?q=18th%20y%20ashland')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('replaces the map atomically from another process; this server switches without restart; a failed import changes nothing', async () => {
    const renamed = testTown({
      eastWest: [
        { name: 'Avenida Nueva', y: 0 },
        { name: 'West 19th Street', y: -200 },
        { name: 'West 20th Street', y: -400 },
      ],
    });
    const file = await writeTown(renamed);
    // Searches keep answering during the import: with the old map or the new one, never an error.
    const state = { searching: true };
    const seen = new Set<string>();
    const background = (async () => {
      while (state.searching) {
        const res = await dispatcher.api.get(`/api/geocode?q=${encodeURIComponent('Ashland y 18th')}`);
        expect(res.status).toBe(200);
        seen.add(res.body[0]?.kind === 'intersection' ? 'old' : 'new');
      }
    })();
    const run = await cliImport(t.env(), file);
    expect(run.stderr).not.toMatch(/^error/im);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^imported town\.osm as map version 2 in [\d.]+ s: 7 streets/m);
    // NOTIFY reaches this server's listener: wait for its version to move (bounded).
    const deadline = Date.now() + 10_000;
    while ((await t.api.get('/api/map')).body.version !== 2 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    state.searching = false;
    await background;
    expect((await t.api.get('/api/map')).body.version).toBe(2);
    expect(seen.has('old')).toBe(true);
    expect((await search('Ashland y 18th')).filter((r) => r.kind === 'intersection')).toEqual([]);
    expect((await search('Avenida Nueva y Ashland'))[0]).toMatchObject({ kind: 'intersection', label: 'Avenida Nueva & Ashland Ave' });
    expect((await t.api.get('/api/map/style.json')).body.sources.streets.tiles[0]).toMatch(/\?v=2$/);

    const broken = await cliImport(t.env(), writeBrokenOsm());
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/^error: file: osm2pgsql could not read it/m);
    expect((await t.api.get('/api/map')).body.version).toBe(2);
    expect((await search('Avenida Nueva y Ashland'))[0]).toMatchObject({ kind: 'intersection' });
    const wrongKind = await cliImport(t.env(), path.join(root, 'README.md'));
    expect(wrongKind.stderr).toBe('error: file: must be an OpenStreetMap extract (.osm.pbf or .osm)\n');
  }, 60_000); // three CLI processes, each starting Nest, on a shared 2-core machine
});
