import { readFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import type { AlertPushPayload, PushSubscriptionJson } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import webpush from 'web-push';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { pushEndpointProblem } from '../push/push-endpoint.js';

export type PushOutcome = { ok: true; id: string } | { ok: false; status: number; gone: boolean; retryable: boolean };

/**
 * Web Push of alerts to subscribed browsers (no account), with the server's VAPID keys (the same as the responders'
 * pushes, apps/api/src/push/). An alert is public text, so the payload carries it (encrypted end to end, RFC 8291).
 */
@Injectable()
export class AlertPushSender {
  private readonly agent: https.Agent | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const ca = config.push.extraCaFile ? readFileSync(config.push.extraCaFile, 'utf8') : undefined;
    this.agent = ca ? new https.Agent({ ca: [...tls.rootCertificates, ca], keepAlive: true }) : new https.Agent({ keepAlive: true });
  }

  get enabled(): boolean {
    return !!this.config.push.publicKey && !!this.config.push.privateKey;
  }

  get publicKey(): string | null {
    return this.config.push.publicKey ?? null;
  }

  /** Only push services on the allowlist (PUSH_ALLOWED_HOSTS, see pushEndpointProblem): what is wrong, or null. */
  problemOf(endpoint: string): string | null {
    return pushEndpointProblem(endpoint, this.config.push.allowedHosts);
  }

  async send(subscription: PushSubscriptionJson, payload: AlertPushPayload): Promise<PushOutcome> {
    const { publicKey, privateKey, subject } = this.config.push;
    try {
      const result = await webpush.sendNotification(subscription, JSON.stringify(payload), {
        vapidDetails: { subject, publicKey: publicKey!, privateKey: privateKey! },
        TTL: 6 * 3600,
        urgency: 'high',
        topic: payload.alertId.replace(/-/g, '').slice(0, 32),
        ...(this.agent ? { agent: this.agent } : {}),
      });
      return { ok: true, id: result.headers.location ?? `push:${payload.alertId}` };
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode ?? 0;
      return { ok: false, status, gone: status === 404 || status === 410, retryable: status === 0 || status === 429 || status >= 500 };
    }
  }
}
