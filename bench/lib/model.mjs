// The API's own in-memory dispatch classes (Roster, LiveLocations, CandidatePools, selectForNeeds) and
// zone index, built from apps/api/dist without Nest: plain constructors with small stand-ins for their
// collaborators (config from the API's own loadConfig defaults). Used to time the shipped selection path
// (measurement 2) and to predict whom wave 1 pings (measurement 1).
import path from 'node:path';

export async function loadModel(root, city, zonesGeoJson) {
  const dist = (p) => path.join(root, 'apps/api/dist', p);
  const { loadConfig } = await import(dist('config/app-config.js'));
  const { Roster } = await import(dist('responders/roster.js'));
  const { LiveLocations } = await import(dist('responders/live-locations.js'));
  const { CandidatePools } = await import(dist('dispatch/candidate-pools.js'));
  const { selectForNeeds } = await import(dist('dispatch/targeting.js'));
  const { ZoneIndex } = await import(path.join(root, 'libs/geo/dist/index.js'));

  const config = loadConfig({}); // every default, as the API runs in the bench
  const clock = { now: () => Date.now(), setInterval: () => 0, clearInterval: () => undefined };
  const index = new ZoneIndex(zonesGeoJson.map((z) => ({ id: z.id, area: z.area })));
  const names = new Map(zonesGeoJson.map((z) => [z.id, z.name]));
  const matcher = {
    match: (lon, lat) => index.match(lon, lat).map((id) => ({ id, name: names.get(id) })),
    nameOf: (id) => names.get(id),
  };
  const uow = { deliver: async () => undefined, db: null };
  const profiles = city.responders.map((r) => ({
    id: r.id,
    alias: r.alias,
    onDuty: r.onDuty,
    capabilities: r.capabilities,
    languages: r.languages,
    travelMode: r.travelMode,
    zoneIds: [...r.zoneIds].sort(),
  }));
  // One process, no database: the cluster channel and the shared-location store are stand-ins that do nothing.
  const cluster = { subscribe: () => undefined };
  const sync = { put: () => undefined, remove: () => undefined, fresh: async () => [], expire: async () => [] };
  const roster = new Roster(uow, { list: async () => profiles }, cluster);
  await roster.reload();
  const locations = new LiveLocations(config, clock, matcher, roster, uow, sync, cluster);
  for (const r of city.responders) if (r.located) await locations.update(r.id, r.position, null);
  const zonesService = { neighbours: async () => [] }; // only waves 3–4 ask for neighbours
  const pools = new CandidatePools(config, clock, roster, locations, zonesService);
  const verifiers = config.dispatch.autoDispatchVerifiers;
  const needs = [{ capability: 'verifier', count: verifiers }];
  const wave1 = (need) => Math.ceil(need.count * config.dispatch.wave1Factor);

  /** Whom the API's wave 1 pings for a hotline-call sighting observed now at `point` (as the API selects). */
  async function wave1Selection(point, zoneIds = matcher.match(point[0], point[1]).map((z) => z.id)) {
    const target = { point, zoneIds, windowEndsAt: new Date(clock.now() + config.dispatch.windowSeconds * 1000) };
    const poolOf = await pools.forWave(null, 1, target);
    return selectForNeeds(needs, poolOf, new Set(), wave1);
  }

  return { config, index, matcher, roster, locations, pools, wave1Selection };
}
