import { subscriptionImportRequestSchema, webPushAlertSubscribeSchema } from './alert-subscriptions.js';
import { broadcastText } from './alert-text.js';
import { alertDraftInputSchema, alertDraftUpdateSchema } from './alerts.js';

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
const zone = '7f1c3a2e-1111-4c5d-9e8f-0123456789ab';
const valid = {
  type: 'incident',
  audience: { kind: 'zones', zoneIds: [zone, zone] },
  channels: ['sms', 'telegram', 'sms'],
  variants: [
    { language: 'en', title: 'ICE nearby', text: 'Confirmed: agents at 26th & Pulaski.' },
    { language: 'es', title: 'ICE cerca', text: 'Confirmado: agentes en 26th y Pulaski.' },
  ],
};

describe('alertDraftInputSchema', () => {
  it('accepts a draft and removes repeated zones and channels', () => {
    const draft = alertDraftInputSchema.parse(valid);
    expect(draft.audience).toEqual({ kind: 'zones', zoneIds: [zone], includeNeighbours: false });
    expect(draft.channels).toEqual(['sms', 'telegram']);
    expect(draft).toMatchObject({ incidentId: null, postToChannel: true });
  });

  it('names a repeated language, an unknown language and an empty audience', () => {
    const twice = { ...valid, variants: [valid.variants[0], valid.variants[0]] };
    expect(issues(alertDraftInputSchema.safeParse(twice))).toEqual(['variants.1.language: one variant per language']);
    const klingon = { ...valid, variants: [{ ...valid.variants[0], language: 'tlh' }] };
    expect(issues(alertDraftInputSchema.safeParse(klingon))[0]).toMatch(/^variants\.0\.language: must be one of en, es/);
    expect(issues(alertDraftInputSchema.safeParse({ ...valid, audience: { kind: 'zones', zoneIds: [] } }))).toEqual([
      'audience.zoneIds: pick at least one zone',
    ]);
    expect(issues(alertDraftInputSchema.safeParse({ ...valid, channels: [] }))).toEqual(['channels: pick at least one channel']);
  });

  it('accepts everyone and the drill list as audiences', () => {
    expect(alertDraftInputSchema.parse({ ...valid, audience: { kind: 'everyone' } }).audience).toEqual({ kind: 'everyone' });
    expect(alertDraftInputSchema.parse({ ...valid, audience: { kind: 'drill' } }).audience).toEqual({ kind: 'drill' });
  });
});

describe('alertDraftUpdateSchema', () => {
  it('needs a version and at least one change', () => {
    expect(issues(alertDraftUpdateSchema.safeParse({ version: 1 }))).toEqual([': change at least one field']);
    expect(issues(alertDraftUpdateSchema.safeParse({ channels: ['sms'] }))[0]).toMatch(/^version:/);
    expect(alertDraftUpdateSchema.parse({ version: 2, channels: ['webpush'] })).toEqual({ version: 2, channels: ['webpush'] });
  });
});

describe('subscriptions', () => {
  it('refuses an import without the consent confirmation', () => {
    expect(issues(subscriptionImportRequestSchema.safeParse({ csv: 'channel,address,areas,language', consentConfirmed: false }))).toEqual([
      'consentConfirmed: confirm that everyone on the list consented',
    ]);
  });

  it('needs at least one area for a browser subscription', () => {
    const subscription = { endpoint: 'https://push.example/abc', keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) } };
    expect(issues(webPushAlertSubscribeSchema.safeParse({ subscription, zoneIds: [], language: 'es' }))).toEqual(['zoneIds: pick at least one area']);
    expect(webPushAlertSubscribeSchema.safeParse({ subscription, zoneIds: [zone], language: 'es' }).success).toBe(true);
  });
});

describe('broadcastText', () => {
  it('puts English first, keeps the other languages as written, and marks a drill in each title', () => {
    const variants = [
      { language: 'es' as const, title: 'Punto de encuentro', text: 'Iglesia de la calle 18, a las 6.' },
      { language: 'vi' as const, title: 'Điểm hẹn', text: 'Nhà thờ đường 18, lúc 6 giờ.' },
      { language: 'en' as const, title: 'Meeting point', text: 'Church on 18th St at 6.' },
    ];
    expect(broadcastText(variants, false)).toBe(
      'Meeting point\nChurch on 18th St at 6.\n\nPunto de encuentro\nIglesia de la calle 18, a las 6.\n\nĐiểm hẹn\nNhà thờ đường 18, lúc 6 giờ.',
    );
    expect(
      broadcastText(variants, true)
        .split('\n\n')
        .map((p) => p.split('\n')[0]),
    ).toEqual(['[DRILL] Meeting point', '[DRILL] Punto de encuentro', '[DRILL] Điểm hẹn']);
  });
});
