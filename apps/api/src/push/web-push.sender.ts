import { readFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import type { Ping, PushSubscriptionJson } from '@centinela/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import webpush from 'web-push';
import { SignedOut } from '../auth/auth.events.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { KeyRing } from '../crypto/key-ring.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { PingsChanged } from '../dispatch/dispatch.events.js';
import { ResponderUpdated } from '../responders/responders.events.js';
import { pushEndpointProblem } from './push-endpoint.js';
import { PushSubscriptionGone } from './push.events.js';
import { RESPONDER_PUSH, RESPONDER_PUSH_ENDPOINT } from './push-retention.js';
import { PushSubscriptionsRepository } from './push-subscriptions.repository.js';
import { providerFailure } from '../common/errors/provider-failure.js';

/** What the service worker receives: enough to show a notification, never the sighting's details. */
export type PushMessage = { kind: 'ping' | 'covered' | 'cancelled' | 'shift'; pingId: string; url: string; drill?: true };

/**
 * Web Push (RFC 8030/8291/8292) through the `web-push` library: a new ping, and a ping that is no longer
 * needed, reach the responder's phone while the page is closed. Payloads carry only an id (the app loads the
 * rest when opened, signed in) so nothing sensitive passes through the browser vendor's push service.
 * Subscriptions the push service reports gone (404/410) are deleted; so are a responder's on sign-out and
 * when they go off duty.
 */
@Injectable()
export class WebPushSender {
  private readonly logger = new Logger(WebPushSender.name);
  private readonly agent: https.Agent | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly keys: KeyRing,
  ) {
    const ca = config.push.extraCaFile ? readFileSync(config.push.extraCaFile, 'utf8') : undefined;
    this.agent = ca ? new https.Agent({ ca: [...tls.rootCertificates, ca] }) : undefined;
  }

  get publicKey(): string {
    return this.config.push.publicKey!;
  }

  /**
   * Only push services on the allowlist: the server will POST to this URL, so it must not point anywhere else. The
   * endpoint (it names the device to the push service) and its keys are stored sealed, found by a keyed hash.
   */
  async subscribe(responderId: string, subscription: PushSubscriptionJson): Promise<void> {
    const problem = pushEndpointProblem(subscription.endpoint, this.config.push.allowedHosts);
    if (problem) throw DomainError.invalid([{ path: 'endpoint', message: problem }]);
    const sealed = this.keys.seal(RESPONDER_PUSH, JSON.stringify({ endpoint: subscription.endpoint, keys: subscription.keys }));
    await this.subscriptions.save(this.uow.db, responderId, {
      endpointHash: this.endpointHash(subscription.endpoint),
      subscription: sealed,
      sealedKey: this.keys.keyIdOf(sealed)!,
    });
  }

  async unsubscribe(responderId: string, endpoint: string): Promise<void> {
    await this.subscriptions.deleteEndpoint(this.uow.db, this.endpointHash(endpoint), responderId);
  }

  private endpointHash(endpoint: string): string {
    return this.keys.stableMac(RESPONDER_PUSH_ENDPOINT, endpoint);
  }

  /** New pings to their responders' phones (the dispatch module's outbox calls it, and marks them sent). */
  sendPings(pings: readonly Ping[]): Promise<void> {
    return this.deliver(pings, 'ping');
  }

  /** A shift starts in 15 minutes (responders whose duty follows their shifts); the tag is the shift's id. */
  sendShiftReminder(responderId: string, shiftId: string): Promise<void> {
    return this.deliver([{ responderId, id: shiftId }], 'shift', '/shifts');
  }

  @OnDomainEvent(PingsChanged, { background: true })
  async onPingsChanged({ pings }: PingsChanged): Promise<void> {
    await Promise.all([
      this.deliver(
        pings.filter((p) => p.status === 'covered'),
        'covered',
      ),
      this.deliver(
        pings.filter((p) => p.status === 'cancelled'),
        'cancelled',
      ),
    ]);
  }

  @OnDomainEvent(ResponderUpdated)
  async onResponderUpdated({ responder }: ResponderUpdated): Promise<void> {
    if (!responder.onDuty) await this.subscriptions.deleteOffDuty(this.uow.db, responder.id);
  }

  @OnDomainEvent(SignedOut)
  async onSignedOut({ user }: SignedOut): Promise<void> {
    if (user.responderId) await this.subscriptions.deleteForResponder(this.uow.db, user.responderId);
  }

  private async deliver(
    pings: readonly (Pick<Ping, 'id' | 'responderId'> & { drill?: boolean })[],
    kind: PushMessage['kind'],
    url = '/respond',
  ): Promise<void> {
    if (pings.length === 0) return;
    const subscriptions = await this.subscriptions.forResponders(this.uow.db, [...new Set(pings.map((p) => p.responderId))]);
    const { publicKey, privateKey, subject } = this.config.push;
    await Promise.all(
      pings.flatMap((ping) =>
        subscriptions
          .filter((s) => s.responderId === ping.responderId)
          .map(async (s) => {
            const message: PushMessage = { kind, pingId: ping.id, url, ...(ping.drill ? { drill: true as const } : {}) };
            try {
              await webpush.sendNotification({ endpoint: s.endpoint, keys: s.keys }, JSON.stringify(message), {
                vapidDetails: { subject, publicKey: publicKey!, privateKey: privateKey! },
                TTL: kind === 'ping' || kind === 'shift' ? 600 : 3600,
                urgency: kind === 'ping' ? 'high' : 'normal',
                topic: ping.id.replace(/-/g, ''),
                ...(this.agent ? { agent: this.agent } : {}),
              });
            } catch (error) {
              const status = (error as { statusCode?: number }).statusCode;
              if (status === 404 || status === 410) {
                await this.subscriptions.deleteEndpoint(this.uow.db, s.endpointHash);
                await this.uow.deliver([new PushSubscriptionGone(s.responderId)]);
              } else this.logger.warn(`push to a subscription failed: ${providerFailure(error)}`);
            }
          }),
      ),
    );
  }
}
