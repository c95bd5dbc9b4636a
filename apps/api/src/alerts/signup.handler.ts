import { type AlertLanguage, alertLanguages } from '@centinela/contracts';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { InboundMessage } from '../channels/channel.types.js';
import { ChannelsService } from '../channels/channels.service.js';
import { say, signupKeywords, signupTexts } from './signup-texts.js';
import { matchAreas, SubscriptionsService } from './subscriptions.service.js';

/** Before the hotline's threads (1000), after STOP words (0). */
const PRIORITY = 50;
const ZONE = 'alerts:z:';
const LANGUAGE = 'alerts:l:';
/** At most this many area names are listed in a text reply. */
const LISTED = 8;

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase();
const languageOf = (guess: string | null, fallback: AlertLanguage): AlertLanguage => {
  const tag = (guess ?? '').toLowerCase().slice(0, 2);
  return (alertLanguages as readonly string[]).includes(tag) ? (tag as AlertLanguage) : fallback;
};

/**
 * Sign-up by text: "ALERTS Pilsen" / "ALERTAS 60608" on SMS or WhatsApp (asks for the area when missing, answers in
 * the keyword's language), and Telegram's /alerts with inline buttons for areas and language.
 */
@Injectable()
export class SignupHandler implements OnModuleInit {
  constructor(
    private readonly channels: ChannelsService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  onModuleInit(): void {
    this.channels.registerInbound({ name: 'alerts-signup', priority: PRIORITY, handle: (msg) => this.handle(msg) });
  }

  async handle(msg: InboundMessage): Promise<boolean> {
    if (msg.callbackData?.startsWith('alerts:')) return this.button(msg, msg.callbackData);
    const text = msg.text.trim();
    if (/^\/alerts(@\w+)?(\s|$)/i.test(text))
      return msg.channel === 'telegram' ? this.menu(msg) : this.keyword(msg, 'en', text.replace(/^\/alerts(@\w+)?/i, ''));
    const [first = '', ...rest] = text.split(/\s+/);
    const keyword = signupKeywords[plain(first)];
    if (keyword) {
      const language = keyword === 'es' && msg.language?.startsWith('pt') ? 'pt' : keyword;
      return this.keyword(msg, language, rest.join(' '));
    }
    // The answer to "which area?": only from someone who started signing up, and only if it names an area.
    const pending = await this.subscriptions.find(msg.channel, msg.addressHash);
    if (pending?.state !== 'pending' || !text) return false;
    const { found, unknown } = matchAreas(text, await this.subscriptions.zones());
    if (!found.length || unknown.length) return false;
    await this.subscriptions.setAreasAndLanguage(
      pending.id,
      found.map((z) => z.id),
      pending.language,
    );
    this.reply(msg, say(pending.language, 'subscribed', { areas: found.map((z) => z.name).join(', ') }));
    return true;
  }

  private async keyword(msg: InboundMessage, language: AlertLanguage, areaText: string): Promise<boolean> {
    const zones = await this.subscriptions.zones();
    const list = zones
      .slice(0, LISTED)
      .map((z) => z.name)
      .join(', ');
    if (!areaText.trim()) {
      await this.subscriptions.subscribe({ channel: msg.channel, address: msg.address, zoneIds: [], language, source: msg.channel, state: 'pending' });
      this.reply(msg, say(language, 'whichArea', { areas: list }));
      return true;
    }
    const { found, unknown } = matchAreas(areaText, zones);
    if (!found.length || unknown.length) {
      this.reply(msg, say(language, 'unknownArea', { area: unknown[0] ?? areaText.trim(), areas: list }));
      return true;
    }
    const existing = await this.subscriptions.find(msg.channel, msg.addressHash);
    const zoneIds = [...new Set([...(existing?.zoneIds ?? []), ...found.map((z) => z.id)])];
    await this.subscriptions.subscribe({ channel: msg.channel, address: msg.address, zoneIds, language, source: msg.channel });
    const names = zones.filter((z) => zoneIds.includes(z.id)).map((z) => z.name);
    this.reply(msg, say(language, 'subscribed', { areas: names.join(', ') }));
    return true;
  }

  /** Telegram: the areas as buttons (a tap adds one), then the languages. */
  private async menu(msg: InboundMessage): Promise<boolean> {
    const existing = await this.subscriptions.find(msg.channel, msg.addressHash);
    const language = existing?.language ?? languageOf(msg.language, 'en');
    const zones = await this.subscriptions.zones();
    const buttons = zones.slice(0, 40).map((z) => [{ text: `${existing?.zoneIds.includes(z.id) ? '✓ ' : ''}${z.name}`, data: `${ZONE}${z.id}` }]);
    this.reply(msg, say(language, 'chooseAreas'), buttons);
    return true;
  }

  private async button(msg: InboundMessage, data: string): Promise<boolean> {
    const existing = await this.subscriptions.find(msg.channel, msg.addressHash);
    let language = existing?.language ?? languageOf(msg.language, 'en');
    let zoneIds = existing?.zoneIds ?? [];
    if (data.startsWith(ZONE)) {
      const zone = (await this.subscriptions.zones()).find((z) => z.id === data.slice(ZONE.length));
      if (!zone) return this.menu(msg);
      zoneIds = [...new Set([...zoneIds, zone.id])];
    } else if (data.startsWith(LANGUAGE)) {
      language = languageOf(data.slice(LANGUAGE.length), language);
    } else return false;
    await this.subscriptions.subscribe({ channel: msg.channel, address: msg.address, zoneIds, language, source: msg.channel });
    const names = (await this.subscriptions.zones()).filter((z) => zoneIds.includes(z.id)).map((z) => z.name);
    if (data.startsWith(ZONE)) {
      const languages = alertLanguages.map((l) => [{ text: signupTexts[l].name, data: `${LANGUAGE}${l}` }]);
      this.reply(msg, `${say(language, 'subscribed', { areas: names.join(', ') })}\n${say(language, 'chooseLanguage')}`, languages);
    } else this.reply(msg, say(language, 'subscribed', { areas: names.join(', ') }));
    return true;
  }

  private reply(msg: InboundMessage, text: string, buttons?: { text: string; data: string }[][]): void {
    this.channels.answer({
      channel: msg.channel,
      address: msg.address,
      text,
      ref: `alerts:${msg.channel}:${msg.providerMessageId}`,
      ...(buttons ? { buttons } : {}),
    });
  }
}
