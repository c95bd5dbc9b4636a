import type { Dispatch } from '@centinela/contracts';
import { PingOutbox } from '../../apps/api/src/dispatch/ping-outbox.js';
import { PushSubscriptionGone } from '../../apps/api/src/push/push.events.js';
import { waitFor } from '../support/api-process.js';
import { freshBase, offset } from '../support/geo.js';
import { PushReceiver } from '../support/push-receiver.js';
import { expectOk, nextEvent, TestApp, type TestAccount } from '../support/test-app.js';

/** Web Push end to end: the app's `web-push` encrypts for a real subscription; the stub push service decrypts. */
describe('web push to responders', () => {
  let t: TestApp;
  let receiver: PushReceiver;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    receiver = await PushReceiver.start();
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  async function subscribedResponder() {
    const responder = await t.account('responder', { onDuty: true });
    const { publicKey } = await expectOk(responder.api.get('/api/push/key'));
    const subscription = receiver.subscribe({ applicationServerKey: publicKey });
    expect((await responder.api.put('/api/push/subscription', subscription)).status).toBe(204);
    return { responder, subscription };
  }

  async function pingFor(responder: TestAccount): Promise<Dispatch> {
    const base = freshBase();
    await expectOk(responder.api.put('/api/responders/me/location', { coordinates: offset(base, 100) }));
    const { sighting } = await t.sighting(dispatcher.api, base);
    return expectOk<Dispatch>(dispatcher.api.post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }), 201);
  }

  it('delivers an encrypted, VAPID-signed push for a new ping, carrying only its id', async () => {
    const { responder, subscription } = await subscribedResponder();
    const dispatch = await pingFor(responder);
    const push = await receiver.next(subscription.endpoint);
    expect(push.json()).toEqual({ kind: 'ping', pingId: dispatch.pings[0]!.id, url: '/respond' });
    expect(push).toMatchObject({ urgency: 'high', ttl: 600, vapid: { subject: 'mailto:tests@example.org' } });
    expect(push.topic).toBe(dispatch.pings[0]!.id.replace(/-/g, ''));
  });

  it('sends again, by socket and push, a ping whose process died between its commit and sending it', async () => {
    const { responder, subscription } = await subscribedResponder();
    const phone = await t.socket(responder);
    const dispatch = await pingFor(responder);
    const pingId = dispatch.pings[0]!.id;
    await receiver.next(subscription.endpoint);
    await phone.next('ping', (p) => p.id === pingId);
    await waitFor('the ping marked sent', async () => (await t.db.query('SELECT notified_at FROM pings WHERE id = $1', [pingId])).rows[0].notified_at !== null);
    // A ping its live process has not marked sent yet (a backlog under load) is left to that process...
    await t.db.query(`UPDATE pings SET notified_at = NULL, created_at = created_at - interval '10 seconds' WHERE id = $1`, [pingId]);
    expect(await t.app.get(PingOutbox).redeliver()).toBe(0);
    // ...and what a process leaves behind when it dies right after committing (the ping never marked sent, its
    // sender's presence gone) is sent again, once.
    await t.db.query('UPDATE pings SET sender = 12345 WHERE id = $1', [pingId]);
    expect(await t.app.get(PingOutbox).redeliver()).toBe(1);
    expect((await receiver.next(subscription.endpoint)).json()).toMatchObject({ kind: 'ping', pingId });
    await waitFor('a second ping message', () => phone.of('ping').filter((p) => p.id === pingId).length === 2);
    await waitFor(
      'the ping marked sent again',
      async () => (await t.db.query('SELECT notified_at FROM pings WHERE id = $1', [pingId])).rows[0].notified_at !== null,
    );
    expect(await t.app.get(PingOutbox).redeliver()).toBe(0);
  });

  it('stores the subscription sealed: no endpoint or key in clear in the table, and pushes still arrive', async () => {
    const { responder, subscription } = await subscribedResponder();
    // Every column's stored bytes (bytea as raw bytes, the rest as text).
    const rows = (await t.db.query('SELECT * FROM push_subscriptions WHERE responder_id = $1', [responder.user.responderId])).rows as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    const stored = Object.values(rows[0]!)
      .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v)))
      .join('\n');
    const path = new URL(subscription.endpoint).pathname.slice(1);
    for (const secret of [path, subscription.keys.p256dh, subscription.keys.auth]) expect(stored).not.toContain(secret);
    expect(rows[0]!.sealed_key).toMatch(/^responder-push\/\d{4}-\d{2}-\d{2}$/);
    // Subscribing again from the same browser replaces the row (found by the endpoint's keyed hash).
    expect((await responder.api.put('/api/push/subscription', subscription)).status).toBe(204);
    expect((await t.db.query('SELECT count(*)::int AS n FROM push_subscriptions WHERE responder_id = $1', [responder.user.responderId])).rows[0].n).toBe(1);
    const dispatch = await pingFor(responder);
    expect((await receiver.next(subscription.endpoint)).json()).toEqual({ kind: 'ping', pingId: dispatch.pings[0]!.id, url: '/respond' });
    // Unsubscribing by endpoint finds the row by its hash.
    expect((await responder.api.raw('DELETE', '/api/push/subscription', JSON.stringify({ endpoint: subscription.endpoint }))).status).toBe(204);
    expect((await t.db.query('SELECT count(*)::int AS n FROM push_subscriptions WHERE responder_id = $1', [responder.user.responderId])).rows[0].n).toBe(0);
  });

  it('tells a covered responder they are no longer needed', async () => {
    const { responder, subscription } = await subscribedResponder();
    const other = await t.account('responder', { onDuty: true });
    const base = freshBase();
    await expectOk(other.api.put('/api/responders/me/location', { coordinates: offset(base, 50) }));
    await expectOk(responder.api.put('/api/responders/me/location', { coordinates: offset(base, 100) }));
    const { sighting } = await t.sighting(dispatcher.api, base);
    const dispatch = await expectOk<Dispatch>(
      dispatcher.api.post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
      201,
    );
    expect((await receiver.next(subscription.endpoint)).json()).toMatchObject({ kind: 'ping' });
    const otherPing = dispatch.pings.find((p) => p.responderId === other.user.responderId)!;
    await expectOk(other.api.post(`/api/pings/${otherPing.id}/ack`, { status: 'accepted' }));
    expect((await receiver.next(subscription.endpoint)).json()).toMatchObject({ kind: 'covered' });
  });

  it('deletes subscriptions on going off duty, on sign-out, and when the push service says they are gone', async () => {
    const offDuty = await subscribedResponder();
    const signsOut = await subscribedResponder();
    const gone = await subscribedResponder();
    const count = async (of: TestAccount) =>
      (await t.db.query('SELECT count(*)::int AS n FROM push_subscriptions WHERE responder_id = $1', [of.user.responderId])).rows[0].n;

    await expectOk(offDuty.responder.api.patch('/api/responders/me', { onDuty: false }));
    expect(await count(offDuty.responder)).toBe(0);
    expect((await signsOut.responder.api.post('/api/auth/logout')).status).toBe(204);
    expect(await count(signsOut.responder)).toBe(0);

    receiver.expire(gone.subscription.endpoint);
    const deleted = nextEvent(t.app, PushSubscriptionGone, 5000);
    await pingFor(gone.responder);
    const event = await deleted;
    expect(event.responderId).toBe(gone.responder.user.responderId);
    expect(await count(gone.responder)).toBe(0);
  });

  it('accepts only push service endpoints, never arbitrary URLs', async () => {
    const responder = await t.account('responder', { onDuty: true });
    const subscription = receiver.subscribe();
    const internal = await responder.api.put('/api/push/subscription', { ...subscription, endpoint: 'https://10.0.0.5/admin' });
    expect(internal.status).toBe(400);
    expect(internal.body.issues).toEqual([{ path: 'endpoint', message: '10.0.0.5 is not a known push service (PUSH_ALLOWED_HOSTS)' }]);
    const plain = await responder.api.put('/api/push/subscription', { ...subscription, endpoint: 'http://127.0.0.1/x' });
    expect(plain.body.issues).toEqual([{ path: 'endpoint', message: 'must be an https:// URL', code: 'invalidFormat' }]);
  });
});
