import type { AlertDraftInput, AlertView } from '@centinela/contracts';
import type { PushReceiver, TestPushSubscription } from './push-receiver.js';
import { expectOk, type TestAccount, type TestApp } from './test-app.js';

/** A know-your-rights alert to a zone's Web Push subscribers, in English and Spanish. */
export const draft = (zoneId: string, extra: Partial<AlertDraftInput> = {}): AlertDraftInput => ({
  type: 'know_your_rights',
  audience: { kind: 'zones', zoneIds: [zoneId] },
  channels: ['webpush'],
  variants: [
    { language: 'en', title: 'Know your rights', text: 'Do not open the door without a judicial warrant.' },
    { language: 'es', title: 'Conozca sus derechos', text: 'No abra la puerta sin una orden judicial.' },
  ],
  ...extra,
});

/** What the alert tests share: the app, the alert's author, and the stub push service browsers subscribe at. */
export type AlertScene = { t: TestApp; author: TestAccount; receiver: PushReceiver; publicKey: string };

/**
 * The steps alert tests repeat, over a scene that `beforeAll` fills in (hence read through `scene()` at each call):
 * a browser subscribing, the author creating an alert and asking for approval, and waiting on its state.
 */
export function alertSteps(scene: () => AlertScene) {
  return {
    /** A browser subscribed to these zones in a language (no account). */
    browser: async (zoneIds: string[], language: string): Promise<TestPushSubscription> => {
      const { t, receiver, publicKey } = scene();
      const subscription = receiver.subscribe({ applicationServerKey: publicKey });
      await expectOk(t.api.put('/api/alerts/subscriptions/web-push', { subscription, zoneIds, language }), 204);
      return subscription;
    },
    create: (body: AlertDraftInput) => expectOk<AlertView>(scene().author.api.post('/api/alerts', body), 201),
    ask: (id: string) => expectOk<AlertView>(scene().author.api.post(`/api/alerts/${id}/approval-request`, {})),
    /** Waits (bounded) until the alert's state satisfies `done`, following its socket updates. */
    until: async (id: string, done: (v: AlertView) => boolean): Promise<AlertView> => {
      const { t, author } = scene();
      const log = await t.socket(author);
      const now = await expectOk<AlertView>(author.api.get(`/api/alerts/${id}`));
      if (done(now)) return now;
      await log.next('alert.updated', (v) => v.alert.id === id && done(v), 10_000);
      return expectOk<AlertView>(author.api.get(`/api/alerts/${id}`));
    },
  };
}
