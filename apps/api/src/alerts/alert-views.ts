import type { Alert, AlertAudience, AlertChannel, AlertEstimate, AlertImage, AlertVariant, AlertView, DeliveryCounts } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Db } from '../database/unit-of-work.js';
import { ChannelsService } from '../channels/channels.service.js';
import { AlertImages } from './alert-images.js';
import { AlertApprovalsRepository } from './alert-approvals.repository.js';
import { type AlertRow, AlertsRepository } from './alerts.repository.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { estimate } from './estimate.js';
import { SubscribersRepository } from './subscribers.repository.js';

type Sendable = {
  drill: boolean;
  audience: AlertAudience;
  channels: AlertChannel[];
  variants: AlertVariant[];
  correctionOf: string | null;
  image: AlertImage | null;
};

/** Reads alerts as the API shows them: the alert, its approval, its estimate and its delivery counts. */
@Injectable()
export class AlertViews {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly alerts: AlertsRepository,
    private readonly approvalRequests: AlertApprovalsRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly channels: ChannelsService,
    private readonly images: AlertImages,
  ) {}

  /** Whether a channel is configured on this server (Web Push: VAPID keys set). */
  enabled = (channel: AlertChannel): boolean =>
    channel === 'webpush' ? !!this.config.push.publicKey && !!this.config.push.privateKey : this.channels.enabled(channel);

  approvalRequired(type: Alert['type']): boolean {
    return this.config.alerts.approvalTypes.includes(type);
  }

  /** The zones an audience covers, neighbours included when asked. */
  async zonesOf(db: Db, audience: AlertAudience): Promise<string[]> {
    if (audience.kind !== 'zones') return [];
    return audience.includeNeighbours ? this.subscribers.withNeighbours(db, audience.zoneIds, this.config.dispatch.neighbourZoneMeters) : audience.zoneIds;
  }

  /** Recipients and cost: of the audience now, or, for a correction, of who received the original. */
  async estimateOf(db: Db, a: Sendable): Promise<AlertEstimate> {
    const on = a.channels.filter(this.enabled);
    const counts = a.correctionOf
      ? (await this.deliveries.receivedCounts(db, a.correctionOf)).filter((c) => on.includes(c.channel))
      : await this.subscribers.count(db, a.audience, await this.zonesOf(db, a.audience), on);
    return {
      ...estimate(this.config, counts, a.variants, a.drill, this.enabled, a.channels),
      imageChannels: a.image ? on.filter(this.images.carriesImage) : [],
    };
  }

  async deliveryCounts(db: Db, alert: Pick<AlertRow, 'id' | 'channelPost' | 'channelPostAt'>): Promise<DeliveryCounts> {
    const { counts, failures } = await this.deliveries.counts(db, alert.id);
    const status = alert.channelPost === 'posted' ? 'posted' : alert.channelPost === 'failed' ? 'failed' : 'none';
    return { alertId: alert.id, counts, failures, channelPost: { status, at: alert.channelPostAt } };
  }

  async row(db: Db, id: string, options: { lock?: boolean } = {}): Promise<AlertRow> {
    const row = await this.alerts.find(db, id, options);
    if (!row) throw DomainError.notFound('alert');
    return row;
  }

  /** Alerts as the list shows them (no estimate, no counts). */
  async list(db: Db, rows: AlertRow[]): Promise<Alert[]> {
    const approvals = await this.approvalRequests.latestApprovals(
      db,
      rows.map((r) => r.id),
    );
    const now = this.clock.now();
    return rows.map((row) => {
      const found = approvals.get(row.id);
      const approval = found
        ? { ...found, status: found.status === 'pending' && Date.parse(found.expiresAt) <= now ? ('expired' as const) : found.status }
        : null;
      const { editedBy: _e, channelPost: _c, channelPostAt: _p, wentOut: _w, ...alert } = row;
      if (approval) delete (approval as { requestedById?: string | null }).requestedById;
      return { ...alert, approvalRequired: this.approvalRequired(row.type), approval };
    });
  }

  async view(db: Db, id: string): Promise<AlertView> {
    const row = await this.row(db, id);
    const [alert] = await this.list(db, [row]);
    return { alert: alert!, estimate: await this.estimateOf(db, row), deliveries: await this.deliveryCounts(db, row) };
  }
}
