import type { ReferralService } from '@centinela/contracts';
import { crc32 } from 'node:zlib';
import { strFromU8, unzipSync, zipSync, strToU8 } from 'fflate';
import { freshBase, squareAround } from '../support/geo.js';
import { referralService } from '../support/referrals.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

/** A rich entry, with every field the export carries. */
async function fillDirectory(coordinator: TestAccount): Promise<ReferralService> {
  const base = freshBase();
  await referralService(coordinator, { needs: ['housing'], cost: 'free' }, { name: 'Tenants, "United"' });
  return referralService(
    coordinator,
    {
      description: 'Removal defense, bond hearings.\nCall first; walk-ins Fridays.',
      url: 'https://example.org/defense',
      email: 'intake@example.org',
      phone: '555-0142',
      applicationProcess: 'Family calls the intake line; consult within 48 h.',
      eligibilityDescription: 'Adults detained in the region',
      feesDescription: 'First consult free; $1,500 flat for bond, payment plans',
      cost: 'sliding',
      paymentPlans: true,
      requiredDocuments: ['A-number', 'Detention location'],
      languages: ['es', 'vi', 'mam'],
      needs: ['detained_family', 'bond'],
      caseTypes: ['detained', 'criminal', 'dual_immigration_criminal'],
      visaTypes: ['u_visa', 't_visa'],
      immigrationCourts: ['Chicago Immigration Court'],
      statusesExcluded: 'No affirmative asylum filings',
      borderRegions: ['El Paso', 'Tucson'],
      schedule: [{ days: ['mo', 'tu', 'we'], opens: '09:00', closes: '17:30' }],
      alwaysOpen: true,
      preferred: true,
      trustNotes: 'Families trust them',
      areas: [
        { name: 'Eastside', area: squareAround(base, 1000) },
        {
          name: 'Two parts',
          area: { type: 'MultiPolygon', coordinates: [squareAround(base, 3000).coordinates, squareAround([base[0] + 1, base[1]], 500).coordinates] },
        },
      ],
    },
    { name: 'Defensa Legal Comunitaria', phone: '555-0100' },
  );
}

/**
 * A ZIP of stored entries written by hand, so its local entries and its central directory can disagree: `locals`
 * are written in order, the central directory lists only the entries whose index `listed` keeps.
 */
function rawZip(locals: readonly { name: string; data: Uint8Array }[], listed: (index: number) => boolean): Uint8Array {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  locals.forEach(({ name, data }, i) => {
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    if (listed(i)) {
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(20, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt32LE(crc, 16);
      entry.writeUInt32LE(data.length, 20);
      entry.writeUInt32LE(data.length, 24);
      entry.writeUInt16LE(nameBytes.length, 28);
      entry.writeUInt32LE(offset, 42);
      central.push(entry, nameBytes);
      count++;
    }
    out.push(local, nameBytes, Buffer.from(data));
    offset += 30 + nameBytes.length + data.length;
  });
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...out, centralBytes, end]));
}

/** The directory's CSV package, as a coordinator downloads it. */
async function exportZip(app: TestApp, coordinator: TestAccount): Promise<Uint8Array> {
  const res = await fetch(`${app.baseUrl}/api/referrals/export.zip`, { headers: { authorization: `Bearer ${coordinator.token}` } });
  return new Uint8Array(await res.arrayBuffer());
}

/** A CSV package uploaded as a coordinator's form does; the status and the answer. */
async function importZip(app: TestApp, coordinator: TestAccount, zip: Uint8Array): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('package', new Blob([Uint8Array.from(zip)], { type: 'application/zip' }), 'referrals.zip');
  const res = await fetch(`${app.baseUrl}/api/referrals/import.zip`, { method: 'POST', body: form, headers: { authorization: `Bearer ${coordinator.token}` } });
  return { status: res.status, body: await res.json() };
}

const csvFiles = (zip: Uint8Array) => {
  const files = unzipSync(zip);
  delete files['datapackage.json'];
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
};

describe('HSDS import and export', () => {
  let a: TestApp;
  let b: TestApp;
  let coordinatorA: TestAccount;
  let coordinatorB: TestAccount;
  beforeAll(async () => {
    [a, b] = await Promise.all([TestApp.start(), TestApp.start()]);
    [coordinatorA, coordinatorB] = await Promise.all([a.asCoordinator(), b.asCoordinator()]);
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  it('round-trips JSON and the CSV package between two networks, leaving trust notes at home', async () => {
    const original = await fillDirectory(coordinatorA);
    const json = (await coordinatorA.api.get('/api/referrals/export.json')).body;
    expect(JSON.stringify(json)).not.toContain('Families trust them');
    expect(json.contents).toHaveLength(2);
    const service = json.contents.find((o: { name: string }) => o.name === 'Defensa Legal Comunitaria').services[0];
    expect(service).toMatchObject({
      id: original.id,
      status: 'active',
      fees_description: expect.stringContaining('$1,500'),
      assured_date: original.lastVerifiedAt,
    });
    expect(service.service_areas[0]).toMatchObject({ extent_type: 'geojson', name: 'Eastside' });

    expect(await expectOk(coordinatorB.api.post('/api/referrals/import', json))).toEqual({ organizations: 2, services: 2, created: 4, updated: 0 });
    expect((await coordinatorB.api.get('/api/referrals/export.json')).body).toEqual(json);
    const imported = await expectOk<ReferralService>(coordinatorB.api.get(`/api/referrals/services/${original.id}`));
    const { trustNotes: _a, preferred: _b, organization: _c, updatedAt: _d, ...carried } = original;
    expect(imported).toMatchObject({ ...carried, trustNotes: '', preferred: false });

    // Importing again updates in place; nothing is duplicated.
    expect(await expectOk(coordinatorB.api.post('/api/referrals/import', json))).toEqual({ organizations: 2, services: 2, created: 0, updated: 4 });

    const zipA = await exportZip(a, coordinatorA);
    const files = csvFiles(zipA);
    expect(Object.keys(files).sort()).toEqual(
      [
        'attributes',
        'languages',
        'organizations',
        'phones',
        'required_documents',
        'schedules',
        'service_areas',
        'services',
        'taxonomies',
        'taxonomy_terms',
      ].map((f) => `${f}.csv`),
    );
    expect(files['organizations.csv']).toContain('"Tenants, ""United"""');
    expect(JSON.parse(strFromU8(unzipSync(zipA)['datapackage.json']!)).resources).toHaveLength(10);

    const c = await TestApp.start();
    try {
      const coordinatorC = await c.asCoordinator();
      expect((await importZip(c, coordinatorC, zipA)).body).toEqual({ organizations: 2, services: 2, created: 4, updated: 0 });
      const zipC = await exportZip(c, coordinatorC);
      expect(csvFiles(zipC)).toEqual(files);
      expect((await coordinatorC.api.get('/api/referrals/export.json')).body).toEqual(json);
    } finally {
      await c.close();
    }
  });

  it('writes text a spreadsheet would run as a formula as text in the CSV package, and reads it back as it was', async () => {
    const formula = '=HYPERLINK("http://evil.example/x","click")';
    await referralService(coordinatorB, { name: '@SUM(1+1)*cmd' }, { name: formula, phone: '+1 312 555 0100' });
    const zip = await exportZip(b, coordinatorB);
    const files = csvFiles(zip);
    expect(files['organizations.csv']).toContain(`"'=HYPERLINK(""http://evil.example/x"",""click"")"`);
    expect(files['services.csv']).toContain("'@SUM(1+1)*cmd");
    // A phone number is a number to a spreadsheet, not a call: it stays as it is.
    expect(files['phones.csv']).toMatch(/,\+1 312 555 0100\r\n/);

    expect((await importZip(a, coordinatorA, zip)).status).toBe(200);
    const exported = (await coordinatorA.api.get('/api/referrals/export.json')).body as { contents: { name: string; services: { name: string }[] }[] };
    const organization = exported.contents.find((o) => o.name === formula);
    expect(organization?.services.map((s) => s.name)).toEqual(['@SUM(1+1)*cmd']);
  });

  it('names what is wrong in an import and changes nothing', async () => {
    const before = (await coordinatorB.api.get('/api/referrals/export.json')).body;
    const bad = await coordinatorB.api.post('/api/referrals/import', {
      contents: [{ id: 'org-1', name: 'Ok', services: [{ id: 'svc-1', name: '', languages: [{ code: 'Vietnamese!' }], service_areas: [{ extent: 'nope' }] }] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'contents.0.services.0.languages.0',
      'contents.0.services.0.name',
      'contents.0.services.0.service_areas.0.extent',
    ]);
    expect((await coordinatorB.api.post('/api/referrals/import', { nothing: true })).body.issues).toEqual([
      { path: 'contents', message: 'must be a list of HSDS organizations' },
    ]);

    const orphan = zipSync({ 'organizations.csv': strToU8('id,name\r\na1,Org\r\n'), 'services.csv': strToU8('id,organization_id,name\r\ns1,missing,Svc\r\n') });
    const res = await importZip(b, coordinatorB, orphan);
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ path: 'services.csv.2.organization_id', message: 'is not an organization in organizations.csv' }]);
    const dispatcher = await b.account('dispatcher');
    expect((await dispatcher.api.post('/api/referrals/import', before)).status).toBe(403);
    expect((await coordinatorB.api.get('/api/referrals/export.json')).body).toEqual(before);
  });

  it('refuses a package that expands past the limit, without inflating it first, naming package', async () => {
    const post = (zip: Uint8Array) =>
      importZip(b, coordinatorB, zip) as Promise<{ status: number; body: { message: string; issues?: { path: string; message: string }[] } }>;
    // 21 MB of blank lines compress to a few KB.
    const huge = strToU8('id,name\r\n' + '\r\n'.repeat(10.5 * 1024 * 1024));
    const bomb = zipSync({ 'organizations.csv': huge }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const declared = await post(bomb);
    expect(declared.status).toBe(413);
    expect(declared.body.issues).toEqual([{ path: 'package', message: 'expands to more than 20 MB once unzipped (the limit)' }]);

    // The same file with headers that lie about its size: the bytes that really come out are counted.
    const lying = zipSync({ 'organizations.csv': huge }, { level: 9 });
    const view = new DataView(lying.buffer, lying.byteOffset, lying.byteLength);
    view.setUint32(22, 1000, true); // local header: uncompressed size
    const central = lying.length - 22 - 46 - 'organizations.csv'.length;
    expect(view.getUint32(central, true)).toBe(0x02014b50);
    view.setUint32(central + 24, 1000, true); // central directory: uncompressed size
    const lied = await post(lying);
    expect(lied.status).toBe(413);
    expect(lied.body.issues?.[0]?.path).toBe('package');

    const files = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`extra-${i}.txt`, strToU8('x')]));
    const many = await post(zipSync({ 'organizations.csv': strToU8('id,name\r\n'), ...files }));
    expect(many.status).toBe(413);
    expect(many.body.issues).toEqual([{ path: 'package', message: 'holds more than 100 files (the limit)' }]);

    // 200,001 local entries all named organizations.csv behind a central directory that lists one: refused at the
    // second entry, not after reading them all with the event loop held.
    const header = { name: 'organizations.csv', data: strToU8('id,name\r\n') };
    const repeated = rawZip(
      Array.from({ length: 200_001 }, (_, i) => (i === 0 ? header : { name: header.name, data: new Uint8Array(0) })),
      (i) => i === 0,
    );
    expect(repeated.length).toBeLessThan(10 * 1024 * 1024); // under MEDIA_MAX_BYTES
    const startedAt = performance.now();
    const twice = await post(repeated);
    expect(twice.status).toBe(400);
    expect(twice.body.issues?.[0]?.path).toBe('package');
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    // Distinct files the central directory hides.
    const hidden = await post(rawZip([header, ...Array.from({ length: 150 }, (_, i) => ({ name: `services-${i}.csv`, data: strToU8('x') }))], (i) => i === 0));
    expect(hidden.status).toBe(400);
    expect(hidden.body.issues).toEqual([
      { path: 'package', message: "holds files its central directory does not list, or lists the same file twice (the ZIP's two indexes disagree)" },
    ]);
    // The hand-made ZIP is read when its two indexes agree.
    const honest = await post(rawZip([{ name: 'organizations.csv', data: strToU8('id,name\r\nraw-1,Raw Zip Org\r\n') }], () => true));
    expect(honest.status).toBe(200);
  });

  it('takes a JSON directory larger than BODY_LIMIT_BYTES, up to its own limit', async () => {
    const contents = Array.from({ length: 200 }, (_, i) => ({ id: `big-${i}`, name: `Large Directory Org ${i}`, description: 'd'.repeat(2000), services: [] }));
    const body = { contents };
    expect(JSON.stringify(body).length).toBeGreaterThan(300 * 1024);
    expect(await expectOk(coordinatorB.api.post('/api/referrals/import', body))).toMatchObject({ organizations: 200, created: 200 });
    const huge = await coordinatorB.api.post('/api/referrals/import', { contents: [], padding: 'x'.repeat(21 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.issues).toEqual([{ path: 'body', message: "is over this request's limit of 20971520 bytes (20 MB)" }]);
  });
});
