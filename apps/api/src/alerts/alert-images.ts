import type { AlertChannel, AlertImage } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { KeyRing } from '../crypto/key-ring.js';
import { type Db, UnitOfWork } from '../database/unit-of-work.js';
import { broadcastImage } from '../media/photo.js';
import { RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { AlertImagesRepository } from './alert-images.repository.js';

/** Alert images are sealed under this purpose; a key is destroyed once no image row names it. */
const IMAGE_PURPOSE = 'alert-image';
const DAY_MS = 86_400_000;
/** Where anyone fetches an image once its alert went out (AlertImagesController). */
const pathOf = (image: Pick<AlertImage, 'id'>) => `/api/alerts/feeds/images/${image.id}`;

/**
 * Images sent with alerts: uploaded by staff (metadata stripped, re-encoded, sealed in PostgreSQL so every process
 * serves them), shown to staff at once, to anyone — the providers that fetch them, the push notifications — only once
 * an alert using them went out. An image no alert sent or is still writing is deleted a day after its upload.
 */
@Injectable()
@RetainsData()
export class AlertImages implements RetentionProvider {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly images: AlertImagesRepository,
    private readonly keys: KeyRing,
  ) {}

  async upload(user: AuthUser, input: Buffer, declaredType: string | undefined): Promise<AlertImage> {
    const image = await broadcastImage(input, declaredType, this.config.media.maxPixels);
    const sealed = this.keys.seal(IMAGE_PURPOSE, image.bytes);
    return this.images.insert(this.uow.db, {
      sealed,
      sealedKey: this.keys.keyIdOf(sealed)!,
      bytes: image.bytes.length,
      width: image.width,
      height: image.height,
      sha256: image.sha256,
      createdBy: user.id,
      now: new Date(this.clock.now()),
    });
  }

  /** An image named by a draft: 400 naming the field when there is no such image. */
  async find(db: Db, id: string | null): Promise<AlertImage | null> {
    if (!id) return null;
    const image = await this.images.find(db, id);
    if (!image) throw DomainError.invalid([{ path: 'imageId', message: 'no such image: upload it first' }]);
    return image;
  }

  /** The JPEG; `released` serves only images of alerts that went out (404 otherwise, as for an unknown id). */
  async open(id: string, options: { released: boolean }): Promise<{ bytes: Buffer; contentType: string }> {
    const found = await this.images.sealed(this.uow.db, id, options);
    const bytes = found && this.keys.open(found.data);
    if (!found || !bytes) throw DomainError.notFound('image');
    return { bytes, contentType: found.contentType };
  }

  /**
   * Whether a channel carries an alert's image: Web Push (the notification fetches it from this server), Telegram and
   * WhatsApp when PUBLIC_URL is set (their servers fetch it there). SMS never (MMS: see alertImageSchema).
   */
  carriesImage = (channel: AlertChannel): boolean =>
    channel === 'webpush' || ((channel === 'telegram' || channel === 'whatsapp') && !!this.config.channels.publicUrl);

  /**
   * Where a channel's message points for the image: the public path on this server for Web Push (the notification
   * resolves it against its own origin), the full PUBLIC_URL address for the providers; undefined when it carries none.
   */
  urlFor(image: Pick<AlertImage, 'id'> | null, channel: AlertChannel): string | undefined {
    if (!image || !this.carriesImage(channel)) return undefined;
    return channel === 'webpush' ? pathOf(image) : (this.publicUrlOf(image) ?? undefined);
  }

  /** The image's public address (null without PUBLIC_URL): for the providers, the feeds and the channel post. */
  publicUrlOf(image: Pick<AlertImage, 'id'>): string | null {
    const base = this.config.channels.publicUrl;
    return base ? `${base}${pathOf(image)}` : null;
  }

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Alert images (metadata stripped, re-encoded, sealed)',
        keptFor: () =>
          'as long as the alert that sent them; an image left out of every alert, or only on drafts cancelled unsent, a day after its upload (then its key is destroyed)',
        why: 'an image that went out is part of what the network said; one left out of every alert was never needed',
        purge: (now) => this.images.purgeUnused(this.uow.db, new Date(now - DAY_MS)),
      },
    ];
  }

  sealedPurposes(): SealedPurpose[] {
    return [{ purpose: IMAGE_PURPOSE, minAgeMs: DAY_MS, references: [{ table: 'alert_images', column: 'sealed_key' }] }];
  }
}
