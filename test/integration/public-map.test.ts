import type { IncidentView, PublicIncident } from '@centinela/contracts';
import { distanceMeters } from '@centinela/geo';
import { TestClock } from 'pg-boss';
import { freshBase } from '../support/geo.js';
import { expectOk, TestApp } from '../support/test-app.js';

describe('the public map', () => {
  it('is off by default', async () => {
    const t = await TestApp.start();
    try {
      expect((await t.api.get('/api/public/incidents')).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('shows confirmed incidents only, after the delay, on a coarse grid, what and when only, and only for 24 hours', async () => {
    const clock = new TestClock(Date.now());
    const t = await TestApp.start({ PUBLIC_MAP: 'true', AUTO_DISPATCH_VERIFIERS: '0' }, { clock });
    try {
      const dispatcher = await t.account('dispatcher');
      const exact: [number, number] = freshBase();
      const confirmed = await t.sighting(dispatcher.api, exact, {
        channel: 'sms',
        activity: 'checkpoint',
        agency: 'cbp',
        notes: 'private detail',
        locationDescription: 'exact corner',
      });
      await t.sighting(dispatcher.api, freshBase(), { channel: 'sms' }); // never confirmed
      const v = await expectOk<IncidentView>(dispatcher.api.get(`/api/incidents/${confirmed.sighting.incidentId}`));
      await expectOk(dispatcher.api.post(`/api/incidents/${v.incident.id}/status`, { status: 'confirmed', reason: 'verified', version: v.incident.version }));
      const shown = () => expectOk<PublicIncident[]>(t.api.get('/api/public/incidents'));

      expect(await shown()).toEqual([]); // not yet: the delay protects people still at the scene
      await clock.setTime(clock.now() + 16 * 60_000);
      const [incident, ...rest] = await shown();
      expect(rest).toEqual([]);
      expect(Object.keys(incident!).sort()).toEqual(['activity', 'agency', 'area', 'confirmedAt', 'location']);
      expect(incident!.area).toBeNull(); // no street map imported here
      expect(incident).toMatchObject({ activity: 'checkpoint', agency: 'cbp' });
      const at = incident!.location.coordinates as [number, number];
      expect(at).not.toEqual(exact);
      expect(distanceMeters(at, exact)).toBeLessThanOrEqual((250 * Math.SQRT2) / 2 + 1);
      expect(new Date(incident!.confirmedAt).getUTCMinutes() % 15).toBe(0);
      expect(JSON.stringify(await shown())).not.toMatch(/private detail|exact corner/);

      await clock.setTime(clock.now() + 24 * 3_600_000);
      expect(await shown()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
