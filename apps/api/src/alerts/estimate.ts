import { createHash } from 'node:crypto';
import {
  type AlertChannel,
  type AlertEstimate,
  type AlertLanguage,
  type AlertType,
  type AlertVariant,
  type ChannelCost,
  DRILL_LABEL,
  type RecipientCount,
  smsSegments,
} from '@centinela/contracts';
import type { AppConfig } from '../config/app-config.js';
import { canonicalJson } from '../idempotency/idempotency.service.js';

/** The language subscribers without a variant of theirs receive: English if written, else the first variant. */
export function fallbackLanguage(variants: readonly AlertVariant[]): AlertLanguage {
  return variants.find((v) => v.language === 'en')?.language ?? variants[0]!.language;
}

/** What a channel sends: the text (SMS, WhatsApp, Telegram) or title + text (Web Push), marked when a drill. */
export function messageOf(variant: AlertVariant, channel: AlertChannel, drill: boolean): { title: string; text: string } {
  const mark = (s: string) => (drill ? `${DRILL_LABEL} ${s}` : s);
  return { title: mark(variant.title), text: channel === 'webpush' ? variant.text : mark(variant.text) };
}

const pricedPerSegment = (channel: AlertChannel) => channel === 'sms';

/** Recipients per channel × variant language, segments and cost, from the counts per subscriber language. */
export function estimate(
  config: AppConfig,
  counts: readonly { channel: AlertChannel; language: AlertLanguage; recipients: number }[],
  variants: readonly AlertVariant[],
  drill: boolean,
  enabled: (channel: AlertChannel) => boolean,
  picked: readonly AlertChannel[],
): Omit<AlertEstimate, 'imageChannels'> {
  const written = new Set(variants.map((v) => v.language));
  const fallback = fallbackLanguage(variants);
  const byKey = new Map<string, RecipientCount>();
  const missing = new Set<AlertLanguage>();
  for (const c of counts) {
    if (!written.has(c.language)) missing.add(c.language);
    const language = written.has(c.language) ? c.language : fallback;
    const variant = variants.find((v) => v.language === language)!;
    const key = `${c.channel}|${language}`;
    const sms = c.channel === 'sms' || c.channel === 'whatsapp' ? smsSegments(messageOf(variant, c.channel, drill).text) : null;
    const row = byKey.get(key) ?? { channel: c.channel, language, recipients: 0, segments: sms?.segments ?? 0, encoding: sms?.encoding ?? null };
    row.recipients += c.recipients;
    byKey.set(key, row);
  }
  const recipients = [...byKey.values()].sort((a, b) => (a.channel + a.language < b.channel + b.language ? -1 : 1));
  const { prices } = config.alerts;
  const costs: ChannelCost[] = picked.map((channel) => {
    const rows = recipients.filter((r) => r.channel === channel);
    const messages = rows.reduce((n, r) => n + r.recipients, 0);
    const segments = rows.reduce((n, r) => n + r.recipients * r.segments, 0);
    const cost = pricedPerSegment(channel) ? segments * prices.smsPerSegment : channel === 'whatsapp' ? messages * prices.whatsappPerMessage : 0;
    return { channel, messages, segments, cost: Math.round(cost * 10_000) / 10_000, currency: prices.currency };
  });
  return {
    recipients,
    totalRecipients: recipients.reduce((n, r) => n + r.recipients, 0),
    costs,
    totalCost: Math.round(costs.reduce((n, c) => n + c.cost, 0) * 10_000) / 10_000,
    currency: prices.currency,
    missingLanguages: [...missing].sort(),
    disabledChannels: picked.filter((c) => !enabled(c)),
  };
}

/** What an approval binds to: any change of what is sent, to whom or to how many gives another hash. */
export function approvalHash(a: {
  type: AlertType;
  drill: boolean;
  audience: unknown;
  channels: readonly AlertChannel[];
  variants: readonly AlertVariant[];
  postToChannel: boolean;
  image: { sha256: string } | null;
  recipients: readonly RecipientCount[];
}): string {
  const { type, drill, audience, channels, variants, postToChannel, recipients } = a;
  // The image by its bytes' hash (left out when there is none, so hashes of alerts without one did not change).
  const image = a.image ? { image: a.image.sha256 } : {};
  return createHash('sha256')
    .update(canonicalJson({ type, drill, audience, channels, variants, postToChannel, recipients, ...image }))
    .digest('hex');
}
