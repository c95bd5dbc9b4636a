import { createSightingSchema, createZoneSchema, publicReportSchema, sightingsQuerySchema } from './index.js';

const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('createSightingSchema', () => {
  const valid = { location: point(-87.66, 41.85), observedAt: new Date(Date.now() - 600_000).toISOString(), channel: 'hotline-call' };

  it('accepts the minimum a dispatcher must log', () => {
    expect(createSightingSchema.safeParse(valid).success).toBe(true);
  });

  it('accepts full SALUTE details', () => {
    const full = {
      ...valid,
      size: { agents: 4, vehicles: 2 },
      activity: 'detaining',
      locationDescription: '26th & Pulaski, heading east',
      agency: 'ice',
      uniform: 'vests marked POLICE ICE',
      equipment: 'two unmarked SUVs, plate ABC 1234',
      notes: 'caller is a neighbour',
    };
    expect(createSightingSchema.parse(full)).toMatchObject(full);
  });

  it('names an out-of-range coordinate by its path', () => {
    expect(issues(createSightingSchema.safeParse({ ...valid, location: point(-87.66, 141.85) }))).toEqual([
      'location.coordinates.1: latitude must be between -90 and 90',
    ]);
  });

  it('rejects unknown fields by name', () => {
    expect(issues(createSightingSchema.safeParse({ ...valid, reporterPhone: '555' })).join()).toMatch(/reporterPhone/);
  });

  it('rejects an observation time in the future and one without a time zone', () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(issues(createSightingSchema.safeParse({ ...valid, observedAt: future }))).toEqual(['observedAt: must not be in the future']);
    expect(issues(createSightingSchema.safeParse({ ...valid, observedAt: '2026-11-22 08:15' }))[0]).toMatch(/^observedAt: must be an ISO 8601/);
  });

  it('rejects an unknown agency and a negative head count', () => {
    const result = issues(createSightingSchema.safeParse({ ...valid, agency: 'fbi', size: { agents: -1 } }));
    expect(result).toHaveLength(2);
    expect(result.join('\n')).toMatch(/^agency: /m);
    expect(result.join('\n')).toMatch(/^size\.agents: /m);
  });
});

describe('publicReportSchema', () => {
  it('requires a description', () => {
    const r = publicReportSchema.safeParse({ location: point(0, 0), observedAt: new Date(Date.now() - 600_000).toISOString(), description: ' ' });
    expect(issues(r)).toEqual(['description: is required']);
  });
});

describe('createZoneSchema', () => {
  it('reports a self-intersecting area under area.coordinates', () => {
    const bowTie = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    const r = createZoneSchema.safeParse({ name: 'Pilsen', area: { type: 'Polygon', coordinates: [bowTie] } });
    expect(issues(r)[0]).toMatch(/^area\.coordinates: polygon intersects itself/);
  });
});

describe('sightingsQuerySchema', () => {
  it('parses a bbox and defaults the limit', () => {
    expect(sightingsQuerySchema.parse({ bbox: '-88,41,-87,42' })).toEqual({ bbox: [-88, 41, -87, 42], limit: 500 });
  });
  it.each(['1,2,3', '-88,41,-87,x', '-190,41,-87,42', '-87,41,-88,42'])('rejects bbox %s', (bbox) => {
    expect(issues(sightingsQuerySchema.safeParse({ bbox }))[0]).toMatch(/^bbox: /);
  });
});
