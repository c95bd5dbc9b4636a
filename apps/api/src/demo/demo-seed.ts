import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Capability, Role, TravelMode } from '@centinela/contracts';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { RespondersService } from '../responders/responders.service.js';
import { SightingsService } from '../sightings/sightings.service.js';
import { UsersService } from '../users/users.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { MapImportService, osm2pgsqlAvailable } from '../map/map-import.service.js';
import { MapVersionService } from '../map/map-version.service.js';
import { writeGridTown } from '../map/grid-town.js';
import { demoAliases, demoZones } from './demo-city.js';
import { at, corner, demoTownPlan } from './demo-town.js';
import { seedDemoReferrals } from './demo-referrals.js';
import { seedDemoShifts } from './demo-shifts.js';

export type DemoCredentials = Record<Role, { username: string; password: string }>;

const travel: TravelMode[] = ['walk', 'bike', 'transit', 'car'];

/** A mix like a real network's: everyone can verify; some observe, accompany, drive or translate. */
function demoProfile(i: number): { capabilities: Capability[]; languages: string[]; travelMode: TravelMode } {
  const capabilities: Capability[] = ['verifier'];
  if (i % 3 === 0) capabilities.push('legal_observer');
  if (i % 4 === 1) capabilities.push('accompaniment');
  if (i % 4 === 3) capabilities.push('driver');
  if (i % 5 === 2) capabilities.push('translator');
  const languages = i % 7 === 3 ? ['es', 'mam'] : i % 5 === 4 ? ['en'] : ['es', 'en'];
  return { capabilities, languages, travelMode: i % 4 === 3 ? 'car' : travel[i % 3]! };
}

/** A random password people can type: five groups of four lower-case letters and digits. */
const readablePassword = () => {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const groups = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join(''));
  return groups.join('-');
};

/**
 * Seeds the demo network on a database without accounts: ~10 zones, 30 responders (three per zone,
 * about half on duty), a few sightings, and one account per role with a random password, saved to
 * DATA_DIR/demo-credentials.json (mode 600). Goes through the services, so it is validated like any input.
 */
export async function seedDemo(app: INestApplicationContext, dataDir: string, log: Logger): Promise<DemoCredentials | null> {
  const users = app.get(UsersService);
  if ((await users.countAccounts()) > 0) return null;
  log.info('seeding the demo network');
  await importDemoTown(app, dataDir, log);

  const credentials = {} as DemoCredentials;
  for (const role of ['coordinator', 'dispatcher', 'responder'] as const) {
    credentials[role] = { username: role, password: readablePassword() };
  }
  const coordinator = await users.createAccount({ ...credentials.coordinator, role: 'coordinator' });
  const dispatcher = await users.createAccount({ ...credentials.dispatcher, role: 'dispatcher' });

  const responderIds: string[] = [];
  const responderUserIds: string[] = [];
  for (const [i, alias] of demoAliases.entries()) {
    const login =
      i === 0 ? credentials.responder : { username: `demo-responder-${String(i + 1).padStart(2, '0')}`, password: randomBytes(18).toString('base64url') };
    const user = await users.createAccount({ ...login, role: 'responder', alias, profile: demoProfile(i) });
    responderIds.push(user.responderId!);
    responderUserIds.push(user.id);
  }

  const zones = app.get(ZonesService);
  const responders = app.get(RespondersService);
  const shiftZones: { id: string; responderUserIds: string[] }[] = [];
  for (const [z, zone] of demoZones.entries()) {
    const created = await zones.create(zone);
    await zones.assignResponders(created.id, { responderIds: responderIds.slice(z * 3, z * 3 + 3) });
    shiftZones.push({ id: created.id, responderUserIds: responderUserIds.slice(z * 3, z * 3 + 3) });
  }
  // The demo responder (Colibrí, Centro) and every other responder after them are on duty.
  for (const [i, id] of responderIds.entries()) if (i % 2 === 0) await responders.updateMine(id, { onDuty: true });

  await seedDemoReferrals(app);
  await seedDemoShifts(app, { operators: [coordinator.id, dispatcher.id], zones: shiftZones });

  const sightings = app.get(SightingsService);
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  await sightings.logged(
    {
      location: { type: 'Point', coordinates: corner('South Racine Avenue', 24) },
      observedAt: minutesAgo(25),
      channel: 'hotline-call',
      size: { agents: 4, vehicles: 2 },
      activity: 'surveilling',
      locationDescription: '24th St & Racine Ave, parked facing east',
      agency: 'unknown',
      uniform: 'plain clothes, one vest without markings',
      equipment: 'two dark SUVs, Illinois plates',
      notes: 'Caller saw them from the bakery; said they have been there 20 minutes.',
    },
    dispatcher.id,
  );
  await sightings.logged(
    {
      location: { type: 'Point', coordinates: corner('Calle Ceiba', 16) },
      observedAt: minutesAgo(8),
      channel: 'sms',
      size: { agents: 6, vehicles: 3 },
      activity: 'detaining',
      locationDescription: '16th St & Calle Ceiba',
      agency: 'ice',
      uniform: 'vests marked POLICE ICE',
      equipment: 'white van, two grey Explorers',
      notes: 'Texted by a vendor on 16th.',
    },
    dispatcher.id,
  );
  await sightings.reported({
    location: { type: 'Point', coordinates: at(1300, 600) },
    observedAt: minutesAgo(3),
    description: 'Two cars with lights on the dashboard stopping people near the laundromat',
    agents: 3,
    activity: 'questioning',
  });

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dataDir, 'demo-credentials.json'), JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return credentials;
}

/**
 * Generates the demo town (deterministic OSM XML) into DATA_DIR and imports it through the same pipeline as a
 * real extract. Without osm2pgsql the demo keeps the offline world map and says how to get streets.
 */
async function importDemoTown(app: INestApplicationContext, dataDir: string, log: Logger): Promise<void> {
  if (app.get(MapVersionService).current()) return;
  if (!osm2pgsqlAvailable()) {
    log.warn('osm2pgsql is not installed, so the demo has no street map: apt-get install -y osm2pgsql, then npm run cli -- map:import .data/demo-town.osm');
    return;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'demo-town.osm');
  await writeGridTown(demoTownPlan, file);
  const map = await app.get(MapImportService).import(file);
  log.info(`imported the demo town (${map.counts.streets} streets, ${map.counts.addresses} addresses) in ${map.seconds.toFixed(1)} s`);
}
