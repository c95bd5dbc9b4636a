import { cutText } from '@centinela/contracts';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { InboundMessage } from '../channels/channel.types.js';
import { ChannelsService, SENDER } from '../channels/channels.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { KeyRing } from '../crypto/key-ring.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { GeocodingService } from '../geocoding/geocoding.service.js';
import { MediaService } from '../media/media.service.js';
import { SightingsService } from '../sightings/sightings.service.js';
import { FLOW, type FlowLanguage, flowLanguage } from './flow-texts.js';
import { type DraftRow, TelegramDraftsRepository } from './telegram-drafts.repository.js';

type Draft = { lat?: number; lng?: number; place?: string; what?: string; minutesAgo?: number };

/**
 * Telegram's guided flow: /start → language → place (a location, a venue, or typed text geocoded with our own
 * geocoder) → what → when → optional photo → a `reported` sighting with channel `telegram` through the ordinary
 * intake. The state lives in `telegram_drafts` (sealed), so any API process can take the next message.
 * Runs before the threads (priority 500); a chat with no draft and no /start goes to its thread.
 */
@Injectable()
export class TelegramFlowService implements OnModuleInit {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly channels: ChannelsService,
    private readonly drafts: TelegramDraftsRepository,
    private readonly geocoding: GeocodingService,
    private readonly sightings: SightingsService,
    private readonly media: MediaService,
  ) {}

  onModuleInit(): void {
    this.channels.registerInbound({ name: 'telegram-flow', priority: 500, handle: (msg) => this.handle(msg) });
    this.channels.addSealedAddressReference('telegram_drafts', 'sealed_key');
  }

  async handle(msg: InboundMessage): Promise<boolean> {
    if (msg.channel !== 'telegram') return false;
    const command = msg.text.trim().toLowerCase().split(/[\s@]/)[0];
    if (command === '/start') {
      await this.save(msg, 'language', flowLanguage(msg.language), {}, null);
      this.say(msg, 'en', `${FLOW.en.welcome}\n${FLOW.es.welcome}`, [
        [
          { text: 'English', data: 'lang:en' },
          { text: 'Español', data: 'lang:es' },
        ],
      ]);
      return true;
    }
    const row = await this.drafts.find(this.uow.db, msg.addressHash);
    if (!row) return false;
    const language = row.language as FlowLanguage;
    const draft = this.open(row);
    const t = FLOW[language];
    if (command === '/cancel') {
      await this.drafts.remove(this.uow.db, msg.addressHash);
      this.say(msg, language, t.cancelled);
      return true;
    }
    switch (row.step) {
      case 'language': {
        const chosen = msg.callbackData?.startsWith('lang:') ? flowLanguage(msg.callbackData.slice(5)) : language;
        await this.save(msg, 'place', chosen, draft, row);
        this.say(msg, chosen, FLOW[chosen].place);
        return true;
      }
      case 'place': {
        const place = msg.location
          ? { lat: msg.location.lat, lng: msg.location.lng, place: msg.location.name ?? '' }
          : msg.text.trim()
            ? await this.geocode(msg.text.trim())
            : null;
        if (!place) {
          this.say(msg, language, t.notFound);
          return true;
        }
        await this.save(msg, 'what', language, { ...draft, ...place }, row);
        this.say(msg, language, t.what);
        return true;
      }
      case 'what': {
        if (!msg.text.trim()) {
          this.say(msg, language, t.what);
          return true;
        }
        await this.save(msg, 'when', language, { ...draft, what: cutText(msg.text.trim(), 1000) }, row);
        this.say(msg, language, t.when, [[{ text: t.now, data: 'when:0' }], [{ text: t.min15, data: 'when:15' }], [{ text: t.hour, data: 'when:60' }]]);
        return true;
      }
      case 'when': {
        const minutes = msg.callbackData?.startsWith('when:') ? Number(msg.callbackData.slice(5)) : Number.NaN;
        if (![0, 15, 60].includes(minutes)) {
          this.say(msg, language, t.when, [[{ text: t.now, data: 'when:0' }], [{ text: t.min15, data: 'when:15' }], [{ text: t.hour, data: 'when:60' }]]);
          return true;
        }
        await this.save(msg, 'photo', language, { ...draft, minutesAgo: minutes }, row);
        this.say(msg, language, t.photo, [[{ text: t.skip, data: 'photo:skip' }]]);
        return true;
      }
      default: {
        const photo = msg.media[0] ? await this.media.clean(await msg.media[0].fetch(), msg.media[0].contentType).catch(() => null) : null;
        if (!photo && msg.callbackData !== 'photo:skip') {
          this.say(msg, language, t.photo, [[{ text: t.skip, data: 'photo:skip' }]]);
          return true;
        }
        await this.finish(msg, draft, photo);
        this.say(msg, language, t.done);
        return true;
      }
    }
  }

  private async finish(msg: InboundMessage, draft: Draft, photo: { bytes: Buffer; contentType: string } | null): Promise<void> {
    const view = await this.sightings.reported(
      {
        location: { type: 'Point', coordinates: [draft.lng!, draft.lat!] },
        observedAt: new Date(this.clock.now() - (draft.minutesAgo ?? 0) * 60_000).toISOString(),
        description: draft.what ?? '',
        locationDescription: cutText(draft.place ?? '', 300),
      },
      'telegram',
    );
    if (photo)
      await this.media.store(photo.bytes, photo.contentType, {
        incidentId: view.sighting.incidentId,
        sightingId: view.sighting.id,
        user: null,
        source: 'telegram',
      });
    await this.drafts.remove(this.uow.db, msg.addressHash);
  }

  private async geocode(text: string): Promise<Draft | null> {
    const [hit] = await this.geocoding.search(text);
    if (!hit) return null;
    const [lng, lat] = hit.location.coordinates as [number, number];
    return { lat, lng, place: hit.label };
  }

  private open(row: DraftRow): Draft {
    const text = row.draft ? this.keys.openText(row.draft) : null;
    return text ? (JSON.parse(text) as Draft) : {};
  }

  private async save(msg: InboundMessage, step: string, language: FlowLanguage, draft: Draft, row: DraftRow | null): Promise<void> {
    const sealed = this.keys.seal(SENDER, JSON.stringify(draft));
    await this.drafts.save(this.uow.db, msg.addressHash, {
      step,
      language,
      draft: sealed,
      photo: row?.photo ?? null,
      photoType: row?.photoType ?? null,
      sealedKey: this.keys.keyIdOf(sealed),
    });
  }

  /** The flow's next question, sent once the webhook has been answered (the draft is already saved). */
  private say(msg: InboundMessage, language: FlowLanguage, text: string, buttons?: { text: string; data: string }[][]): void {
    this.channels.answer({
      channel: 'telegram',
      address: msg.address,
      text,
      ref: `telegram-flow:${msg.providerMessageId}:${language}`,
      ...(buttons ? { buttons } : {}),
    });
  }
}
