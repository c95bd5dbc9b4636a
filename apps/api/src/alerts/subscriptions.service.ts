import {
  type AlertAreas,
  type AlertChannel,
  type AlertLanguage,
  type AlertSignupChannels,
  alertLanguageSchema,
  IMPORT_REJECTED_SHOWN,
  type SubscriptionImportResult,
  type SubscriptionSummary,
  type WebPushAlertSubscribe,
} from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import type { MessagingChannel } from '../channels/channel.types.js';
import { OptOutChanged } from '../channels/channels.events.js';
import { ChannelsService } from '../channels/channels.service.js';
import { TelegramGateway } from '../channels/telegram.gateway.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { KeyRing } from '../crypto/key-ring.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { AlertPushSender } from './alert-push.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { SubscribersRepository } from './subscribers.repository.js';

/** Subscribers' addresses are sealed under this purpose; a key is destroyed once no subscriber row names it. */
export const SUBSCRIBER_PURPOSE = 'alert-subscriber';
/** Web Push endpoints are found again by a keyed hash under this long-lived purpose. */
const ENDPOINT_MAC = 'alert-endpoint';
const DAY_MS = 86_400_000;
const E164 = /^\+[1-9]\d{7,14}$/;
const CHAT_ID = /^-?\d{1,20}$/;

type Zone = { id: string; name: string };

/** Zones named in free text: a whole name, or names/ZIP codes separated by `;` or `,` (case and accents ignored). */
export function matchAreas(text: string, zones: readonly Zone[]): { found: Zone[]; unknown: string[] } {
  const norm = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .trim();
  const byName = (word: string) =>
    zones.filter((z) => norm(z.name) === norm(word) || (/^\d{5}$/.test(word.trim()) && new RegExp(`(^|\\D)${word.trim()}(\\D|$)`).test(z.name)));
  const whole = byName(text);
  if (whole.length) return { found: whole, unknown: [] };
  const found: Zone[] = [];
  const unknown: string[] = [];
  for (const word of text.split(/[;,]/).filter((w) => w.trim())) {
    const hits = byName(word);
    if (hits.length) found.push(...hits.filter((h) => !found.includes(h)));
    else unknown.push(word.trim());
  }
  return { found, unknown };
}

/**
 * Who receives alerts, with the least data: a sealed address, a keyed hash to find it again, areas, language,
 * consent time, drill flag — no names. Sign-up by text and Telegram (see signup.handler.ts), by a browser (Web Push,
 * no account) and by a coordinator's import of a consented list. STOP on a channel deletes that address's row.
 */
@Injectable()
@RetainsData()
export class SubscriptionsService implements RetentionProvider {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly subscribers: SubscribersRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly channels: ChannelsService,
    private readonly push: AlertPushSender,
    private readonly telegram: TelegramGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  /** Subscribe (or change) an address on a messaging channel, sealed here. */
  async subscribe(input: {
    channel: MessagingChannel;
    address: string;
    zoneIds: string[];
    language: AlertLanguage;
    source: string;
    drillList?: boolean;
    state?: 'pending' | 'active';
  }): Promise<{ id: string; created: boolean }> {
    const sealed = this.keys.seal(SUBSCRIBER_PURPOSE, input.address);
    return this.subscribers.upsert(this.uow.db, {
      channel: input.channel,
      addressHash: this.channels.addressHash(input.channel, input.address),
      address: sealed,
      sealedKey: this.keys.keyIdOf(sealed)!,
      state: input.state ?? (input.zoneIds.length ? 'active' : 'pending'),
      zoneIds: input.zoneIds,
      language: input.language,
      source: input.source,
      drillList: input.drillList ?? false,
      now: this.now(),
    });
  }

  find(channel: AlertChannel, addressHash: string) {
    return this.subscribers.find(this.uow.db, channel, addressHash);
  }

  async setAreasAndLanguage(id: string, zoneIds: string[], language: AlertLanguage): Promise<void> {
    await this.subscribers.update(this.uow.db, id, { zoneIds, language, state: zoneIds.length ? 'active' : 'pending' }, this.now());
  }

  zones(): Promise<Zone[]> {
    return this.subscribers.zones(this.uow.db);
  }

  async areas(): Promise<AlertAreas> {
    return { areas: await this.subscribers.zoneOutlines(this.uow.db) };
  }

  /**
   * The other ways to sign up, as far as they are set up: the texting number when SMS is on, the WhatsApp number,
   * the bot when Telegram can reach this server (the webhook secret is set) and the channel when it has a public name.
   * Never the tokens, the secret or a private channel's id.
   */
  async signupChannels(): Promise<AlertSignupChannels> {
    const twilio = this.config.channels.twilio;
    const names = await this.telegram.publicNames();
    const t = (username: string | null) => (username ? { username, url: `https://t.me/${username}` } : null);
    return {
      sms: this.channels.enabled('sms') && twilio?.phoneNumber ? { number: twilio.phoneNumber } : null,
      whatsapp:
        this.channels.enabled('whatsapp') && twilio?.whatsappNumber
          ? { number: twilio.whatsappNumber, url: `https://wa.me/${twilio.whatsappNumber.slice(1)}?text=ALERTS` }
          : null,
      telegramBot: this.config.channels.telegram?.webhookSecret ? t(names.bot) : null,
      telegramChannel: t(names.channel),
    };
  }

  pushKey(): { publicKey: string } {
    if (!this.push.enabled) throw new DomainError('not_found', 'Web Push is not configured on this server (VAPID keys)').because('push.notConfigured');
    return { publicKey: this.push.publicKey! };
  }

  async subscribeWebPush(body: WebPushAlertSubscribe): Promise<void> {
    if (!this.push.enabled) throw new DomainError('not_found', 'Web Push is not configured on this server (VAPID keys)').because('push.notConfigured');
    const { subscription, zoneIds, language } = body;
    const problem = this.push.problemOf(subscription.endpoint);
    if (problem) throw DomainError.invalid([{ path: 'subscription.endpoint', message: problem }]);
    const unknown = await this.subscribers.unknownZones(this.uow.db, zoneIds);
    if (unknown.length) throw DomainError.invalid([{ path: 'zoneIds', message: `unknown area ${unknown[0]}` }]);
    const sealed = this.keys.seal(SUBSCRIBER_PURPOSE, JSON.stringify({ endpoint: subscription.endpoint, keys: subscription.keys }));
    await this.subscribers.upsert(this.uow.db, {
      channel: 'webpush',
      addressHash: this.keys.stableMac(ENDPOINT_MAC, subscription.endpoint),
      address: sealed,
      sealedKey: this.keys.keyIdOf(sealed)!,
      state: 'active',
      zoneIds,
      language,
      source: 'web',
      drillList: false,
      now: this.now(),
    });
  }

  async unsubscribeWebPush(endpoint: string): Promise<void> {
    await this.subscribers.delete(this.uow.db, 'webpush', this.keys.stableMac(ENDPOINT_MAC, endpoint));
  }

  /** STOP (ALTO, BAJA…) on a channel: that address leaves every list, for real. */
  @OnDomainEvent(OptOutChanged)
  async onOptOut({ channel, addressHash, optedOut }: OptOutChanged): Promise<void> {
    if (optedOut) await this.subscribers.delete(this.uow.db, channel, addressHash);
  }

  async summary(): Promise<SubscriptionSummary> {
    const rows = await this.subscribers.summary(this.uow.db);
    return {
      counts: rows.map(({ channel, language, subscribers }) => ({ channel, language, subscribers })),
      drillList: rows.reduce((n, r) => n + r.drill, 0),
      total: rows.reduce((n, r) => n + r.subscribers, 0),
    };
  }

  /**
   * A consented list: `channel,address,areas,language[,consented_at]`. Good lines are stored; bad ones are reported
   * (the first IMPORT_REJECTED_SHOWN by line number and why, the rest counted).
   */
  async importCsv(csv: string, drillList: boolean): Promise<SubscriptionImportResult> {
    let records: Record<string, string>[];
    try {
      records = parse(csv, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
    } catch (error) {
      throw DomainError.invalid([{ path: 'csv', message: `is not valid CSV: ${(error as Error).message}` }]);
    }
    const missing = ['channel', 'address', 'areas', 'language'].filter((c) => records.length && !(c in records[0]!));
    if (missing.length) throw DomainError.invalid([{ path: 'csv', message: `needs the columns ${missing.join(', ')}` }]);
    const zones = await this.zones();
    const result: SubscriptionImportResult = { imported: 0, updated: 0, rejected: [], moreRejected: 0 };
    for (const [index, record] of records.entries()) {
      const line = index + 2;
      const reason = await this.importOne(record, zones, drillList, result);
      // A list of 150,000 bad lines would be a response of megabytes: the first ones say what is wrong, the rest count.
      if (reason && result.rejected.length < IMPORT_REJECTED_SHOWN) result.rejected.push({ line, reason });
      else if (reason) result.moreRejected++;
    }
    return result;
  }

  private async importOne(r: Record<string, string>, zones: Zone[], drillList: boolean, result: SubscriptionImportResult): Promise<string | null> {
    const channel = r.channel?.toLowerCase();
    if (channel !== 'sms' && channel !== 'whatsapp' && channel !== 'telegram') return 'channel must be sms, whatsapp or telegram';
    const address = (r.address ?? '').replace(/^whatsapp:/, '').replace(/[\s()-]/g, '');
    if (channel === 'telegram' ? !CHAT_ID.test(address) : !E164.test(address))
      return channel === 'telegram' ? 'address must be a Telegram chat id' : 'address must be an E.164 number such as +13125550123';
    const language = alertLanguageSchema.safeParse((r.language ?? '').toLowerCase());
    if (!language.success) return `language must be one of ${alertLanguageSchema.options.join(', ')}`;
    const { found, unknown } = matchAreas(r.areas ?? '', zones);
    if (unknown.length || !found.length) return `unknown area ${unknown[0] ?? '(none given)'}`;
    if (await this.channels.isOptedOut(channel, address)) return 'this address sent STOP: it is not added again';
    const saved = await this.subscribe({ channel, address, zoneIds: found.map((z) => z.id), language: language.data, source: 'import', drillList });
    if (saved.created) result.imported++;
    else result.updated++;
    return null;
  }

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Alert subscribers (sealed phone number, Telegram chat id or push endpoint; areas, language, consent time)',
        keptFor: () => 'until they unsubscribe (STOP, or the page) — the row is deleted; a sign-up left without an area is deleted after a day',
        why: 'an alert can only reach someone whose address we keep; no longer than they want it',
        purge: (now) => this.subscribers.purgePending(this.uow.db, new Date(now - DAY_MS)),
      },
      {
        what: 'Alert deliveries (which subscriber got which alert, provider message id, status)',
        keptFor: (config) => `${Math.round(config.alerts.deliveryRetentionMs / DAY_MS)} days after the last status (ALERT_DELIVERY_RETENTION_DAYS)`,
        why: 'long enough to count deliveries and send a correction to exactly who received an alert',
        purge: (now) => this.deliveries.purge(this.uow.db, new Date(now - this.config.alerts.deliveryRetentionMs)),
      },
    ];
  }

  sealedPurposes(): SealedPurpose[] {
    return [{ purpose: SUBSCRIBER_PURPOSE, minAgeMs: DAY_MS, references: [{ table: 'alert_subscribers', column: 'sealed_key' }] }];
  }
}
