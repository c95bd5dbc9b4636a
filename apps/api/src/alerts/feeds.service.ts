import type { PublicAlert } from '@centinela/contracts';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AlertImages } from './alert-images.js';
import { AlertViews } from './alert-views.js';
import { type AlertRow, AlertsRepository } from './alerts.repository.js';
import { atom, capMessage, type FeedAlert, rss } from './feeds.js';
import { SubscribersRepository } from './subscribers.repository.js';

const FEED_SIZE = 50;

/** Where a request came in: `request.protocol` and `request.host` of Fastify. */
export type RequestOrigin = { protocol: string; host: string };
const TITLE = 'Community alerts';

/**
 * Public feeds for other tools: RSS 2.0, Atom, and CAP 1.2 (an Atom index of CAP messages, one per alert). Only
 * alerts that went out and are not drills; a drill's CAP message (status Exercise) is for staff only.
 */
@Injectable()
export class FeedsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(FeedsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly alerts: AlertsRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly views: AlertViews,
    private readonly images: AlertImages,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.channels.publicUrl) {
      this.logger.warn('PUBLIC_URL is unset: the alert feeds take their links from each request’s Host and are served private (no shared cache)');
    }
  }

  /**
   * How a feed may be cached. With PUBLIC_URL its links are the same for everyone: public, a minute. Without it they
   * come from the request's Host (and X-Forwarded-Host/-Proto behind a trusted proxy), which any client can set: a
   * shared cache must never keep one client's answer for another (`private`), and a browser's own cache keys it by
   * those headers (`Vary`).
   */
  cacheHeaders(): Record<string, string> {
    if (this.config.channels.publicUrl) return { 'cache-control': 'public, max-age=60' };
    const vary = this.config.trustProxy === false ? 'Host' : 'Host, X-Forwarded-Host, X-Forwarded-Proto';
    return { 'cache-control': 'private, max-age=60', vary };
  }

  /**
   * The absolute address links in the feeds start with: PUBLIC_URL, or else the protocol and host the request came
   * in on as Fastify sees them (with TRUST_PROXY, X-Forwarded-Proto and X-Forwarded-Host). Feeds need absolute links.
   */
  baseUrl(request: RequestOrigin): string {
    const configured = this.config.channels.publicUrl;
    if (configured) return configured;
    const url = URL.canParse(`${request.protocol}://${request.host}`) ? new URL(`${request.protocol}://${request.host}`) : null;
    const plain = url?.pathname === '/' && !url.username && !url.password && !url.search && !url.hash && /^https?:$/.test(url.protocol);
    if (!url || !plain) {
      throw DomainError.invalid([{ path: 'host', message: 'the Host header must be a host name (or set PUBLIC_URL)' }]);
    }
    return url.origin;
  }

  private get sender(): string {
    return this.config.channels.publicUrl ? new URL(this.config.channels.publicUrl).hostname : 'centinela';
  }

  async rss(request: RequestOrigin): Promise<string> {
    return rss(await this.published(), TITLE, this.baseUrl(request));
  }

  async atom(request: RequestOrigin): Promise<string> {
    const base = this.baseUrl(request);
    return atom(await this.published(), TITLE, base, `${base}/api/alerts/feeds/atom.xml`, false);
  }

  async capIndex(request: RequestOrigin): Promise<string> {
    const base = this.baseUrl(request);
    return atom(await this.published(), `${TITLE} (CAP 1.2)`, base, `${base}/api/alerts/feeds/cap.xml`, true);
  }

  /** One alert's CAP message: public for sent non-drill alerts; `staff` also sees drills (Exercise) and any state. */
  async cap(id: string, staff: boolean, request: RequestOrigin): Promise<string> {
    const row = staff ? await this.alerts.find(this.uow.db, id) : await this.alerts.findPublished(this.uow.db, id);
    if (!row) throw DomainError.notFound('alert');
    return capMessage(await this.feedAlert(row), this.sender, this.baseUrl(request));
  }

  /** The public page of an alert (`/alerts/:id`): what went out, and whether it was corrected or retracted since. */
  async page(id: string): Promise<PublicAlert> {
    const db = this.uow.db;
    const row = await this.alerts.findPublished(db, id);
    if (!row) throw DomainError.notFound('alert');
    const original = row.correctionOf ? await this.alerts.findPublished(db, row.correctionOf) : null;
    const correction = await this.alerts.publishedCorrectionOf(db, row.id);
    return {
      id: row.id,
      type: row.type,
      sentAt: row.startedAt!,
      variants: row.variants.map(({ language, title, text }) => ({ language, title, text })),
      areas: await this.areaNames(row),
      imageId: row.image?.id ?? null,
      correctionOf: original ? { id: original.id, kind: await this.alerts.correctionKind(db, row.id) } : null,
      correctedBy: correction,
    };
  }

  /** The names of the zones an alert went to (with their neighbours when it did); none when it went to everyone. */
  private async areaNames(row: AlertRow): Promise<string[]> {
    if (row.audience.kind !== 'zones') return [];
    const rings = await this.subscribers.rings(this.uow.db, await this.views.zonesOf(this.uow.db, row.audience));
    return [...new Set(rings.map((r) => r.name))];
  }

  private async published(): Promise<FeedAlert[]> {
    const rows = await this.alerts.published(this.uow.db, FEED_SIZE);
    return Promise.all(rows.map((row) => this.feedAlert(row)));
  }

  private async feedAlert(row: AlertRow): Promise<FeedAlert> {
    const db = this.uow.db;
    const zoneIds = row.audience.kind === 'zones' ? await this.views.zonesOf(db, row.audience) : null;
    const rings = await this.subscribers.rings(db, zoneIds);
    const names = [...new Set(rings.map((r) => r.name))];
    const original = row.correctionOf ? await this.alerts.find(db, row.correctionOf) : null;
    const uri = row.image && this.images.publicUrlOf(row.image);
    return {
      id: row.id,
      type: row.type,
      drill: row.drill,
      variants: row.variants,
      sentAt: row.startedAt ?? row.updatedAt,
      correctionOf: row.correctionOf,
      retraction: row.correctionOf !== null && (await this.alerts.correctionKind(db, row.id)) === 'retraction',
      correctionSentAt: original?.startedAt ?? null,
      areaDesc: zoneIds ? names.join(', ') : row.drill ? 'Drill list' : 'All areas',
      rings: rings.map((r) => r.ring),
      image: uri && row.image ? { uri, size: row.image.bytes } : null,
    };
  }
}
