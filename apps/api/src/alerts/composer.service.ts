import {
  type Activity,
  type Agency,
  type AlertDraft,
  type AlertDraftInput,
  type AlertDraftUpdate,
  type AlertEstimate,
  type AlertEstimateRequest,
  type AlertImage,
  type AlertLanguage,
  type AlertList,
  type AlertPrefillRequest,
  type AlertSettings,
  type AlertVariant,
  type AlertView,
  ALERT_CAPTION_MAX,
  alertChannels,
  alertLanguages,
  cutText,
} from '@centinela/contracts';
import { snapToGrid } from '@centinela/geo';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Db, type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { GeocodingService } from '../geocoding/geocoding.service.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { AlertImages } from './alert-images.js';
import { AlertViews } from './alert-views.js';
import { AlertChanged } from './alerts.events.js';
import { AlertApprovalsRepository } from './alert-approvals.repository.js';
import { AlertsRepository } from './alerts.repository.js';
import { defaultTemplate, describe, fill, whatToDo } from './default-templates.js';
import { messageOf } from './estimate.js';
import { SubscribersRepository } from './subscribers.repository.js';

/**
 * The composer: drafts (from a confirmed incident, prefilled from templates per language, or from scratch), edits
 * (each voids a pending approval), estimates (recipients per channel × language, SMS segments, cost).
 */
@Injectable()
export class ComposerService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly alerts: AlertsRepository,
    private readonly approvalRequests: AlertApprovalsRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly incidents: IncidentsService,
    private readonly geocoding: GeocodingService,
    private readonly views: AlertViews,
    private readonly images: AlertImages,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  settings(): AlertSettings {
    const { alerts } = this.config;
    return {
      languages: [...alertLanguages],
      enabledChannels: alertChannels.filter(this.views.enabled),
      prices: { smsPerSegment: alerts.prices.smsPerSegment, whatsappPerMessage: alerts.prices.whatsappPerMessage, currency: alerts.prices.currency },
      approvalTypes: alerts.approvalTypes,
      approvalTtlSeconds: Math.round(alerts.approvalTtlMs / 1000),
      telegramChannel: this.views.enabled('telegram') && !!this.config.channels.telegram?.channelId,
      imageChannels: alertChannels.filter((c) => this.views.enabled(c) && this.images.carriesImage(c)),
    };
  }

  async list(query: { status?: AlertView['alert']['status'] | undefined; drill?: 'true' | 'false' | undefined; limit: number }): Promise<AlertList> {
    const drill = query.drill === undefined ? undefined : query.drill === 'true';
    const rows = await this.alerts.list(this.uow.db, { status: query.status, drill, limit: query.limit });
    return { alerts: await this.views.list(this.uow.db, rows) };
  }

  async awaitingApproval(): Promise<AlertList> {
    return this.list({ status: 'awaiting_approval', limit: 200 });
  }

  get(id: string): Promise<AlertView> {
    return this.views.view(this.uow.db, id);
  }

  async estimate(body: AlertEstimateRequest & { audience: AlertDraft['audience'] }): Promise<AlertEstimate> {
    const request = body as AlertDraft;
    await this.assertZones(this.uow.db, request);
    const image = await this.images.find(this.uow.db, body.imageId ?? null);
    return this.views.estimateOf(this.uow.db, { ...request, drill: request.audience.kind === 'drill', correctionOf: null, image });
  }

  create(user: AuthUser, input: AlertDraft): Promise<AlertView> {
    return this.uow.run(async (tx) => {
      await this.assertDraft(tx, { ...input, drill: input.audience.kind === 'drill' });
      const id = await this.alerts.insert(tx.db, {
        ...input,
        drill: input.audience.kind === 'drill',
        userId: user.id,
        username: user.username,
        correctionOf: null,
        now: this.now(),
      });
      await this.log(tx, user, id, 'drafted', {
        type: input.type,
        channels: input.channels,
        languages: input.variants.map((v) => v.language),
        ...(input.imageId ? { imageId: input.imageId } : {}),
      });
      return this.published(tx, id);
    });
  }

  update(user: AuthUser, id: string, changes: AlertDraftUpdate): Promise<AlertView> {
    return this.uow.run(async (tx) => {
      const row = await this.views.row(tx.db, id, { lock: true });
      if (row.version !== changes.version)
        throw DomainError.conflict('someone changed this alert first', await this.views.view(tx.db, id)).because('alert.changedFirst');
      if (row.status !== 'draft' && row.status !== 'awaiting_approval')
        throw DomainError.conflict(`an alert that is ${row.status} cannot be edited`).because('alert.cannotEdit', { status: row.status });
      const next = {
        type: changes.type ?? row.type,
        incidentId: changes.incidentId === undefined ? row.incidentId : changes.incidentId,
        audience: (changes.audience as AlertDraft['audience'] | undefined) ?? row.audience,
        channels: changes.channels ?? row.channels,
        variants: changes.variants ?? row.variants,
        postToChannel: changes.postToChannel ?? row.postToChannel,
        imageId: changes.imageId === undefined ? (row.image?.id ?? null) : changes.imageId,
      };
      if (row.correctionOf && changes.audience) {
        throw DomainError.invalid([{ path: 'audience', message: 'a correction goes to who received the original' }]).because('alert.correctionAudience');
      }
      const drill = row.correctionOf ? row.drill : next.audience.kind === 'drill';
      await this.assertDraft(tx, { ...next, drill });
      const now = this.now();
      await this.alerts.update(tx.db, id, { ...next, drill }, user.id, now);
      if (row.status === 'awaiting_approval') {
        await this.approvalRequests.decide(tx.db, id, 'void', null, 'edited after the request', now);
        await this.log(tx, user, id, 'approval-void', { reason: 'edited' });
      }
      await this.log(tx, user, id, 'edited', { fields: Object.keys(changes).filter((k) => k !== 'version') });
      return this.published(tx, id);
    });
  }

  /** A draft's fields, prefilled per language from the templates (and the incident's what, coarse where, when). */
  async prefill(request: AlertPrefillRequest): Promise<AlertDraftInput> {
    const db = this.uow.db;
    const languages = request.languages?.length ? request.languages : await this.subscribedLanguages();
    const values = { what: '', where: '', when: '', todo: '' };
    let audience: AlertDraftInput['audience'] = { kind: 'everyone' };
    let incident: { agency: Agency; activity: Activity } | null = null;
    if (request.incidentId) {
      const [view] = await this.incidents.views([request.incidentId], db);
      if (!view) throw DomainError.notFound('incident');
      if (view.incident.status !== 'confirmed')
        throw new DomainError('conflict', 'only a confirmed incident can be alerted: verify it first').because('alert.incidentNotConfirmed');
      const latest = [...view.sightings].sort((a, b) => (a.observedAt < b.observedAt ? 1 : -1))[0];
      incident = { agency: latest?.agency ?? 'unknown', activity: latest?.activity ?? 'other' };
      // Where, as the public map says it: the point snapped to its grid, named by the nearest cross streets.
      const coarse = snapToGrid(view.incident.location.coordinates as [number, number], this.config.publicMap.gridMeters);
      const place = await this.geocoding.reverse(coarse[0], coarse[1]);
      values.where = place?.kind === 'intersection' || place?.kind === 'street' ? place.label : view.zones.map((z) => z.name).join(', ');
      values.when = new Intl.DateTimeFormat('en-GB', { timeZone: this.config.timeZone, hour: '2-digit', minute: '2-digit' }).format(
        new Date(view.incident.lastObservedAt),
      );
      const drill = await this.alerts.incidentIsDrill(db, request.incidentId);
      audience = drill ? { kind: 'drill' } : view.zones.length ? { kind: 'zones', zoneIds: view.zones.map((z) => z.id), includeNeighbours: true } : audience;
    }
    const templates = await this.alerts.templates(db);
    const variants = languages.map((language) => {
      const template = templates.find((t) => t.type === request.type && t.language === language) ?? defaultTemplate(request.type, language);
      const filled = { ...values, what: incident ? describe(incident.agency, incident.activity, language) : '', todo: whatToDo(language) };
      return { language, title: cutText(fill(template.title, filled), 80), text: cutText(fill(template.body, filled), 1600) };
    });
    return {
      type: request.type,
      incidentId: request.incidentId ?? null,
      audience,
      channels: alertChannels.filter(this.views.enabled),
      variants,
      postToChannel: true,
    };
  }

  private async subscribedLanguages(): Promise<AlertLanguage[]> {
    const found = new Set((await this.subscribers.summary(this.uow.db)).map((s) => s.language));
    found.add('en');
    return alertLanguages.filter((l) => found.has(l));
  }

  private async assertZones(db: Db, draft: Pick<AlertDraft, 'audience'>): Promise<void> {
    if (draft.audience.kind !== 'zones') return;
    const unknown = await this.subscribers.unknownZones(db, draft.audience.zoneIds);
    if (unknown.length) throw DomainError.invalid([{ path: 'audience.zoneIds', message: `unknown zone ${unknown[0]}` }]);
  }

  private async assertDraft(
    tx: Tx,
    draft: Pick<AlertDraft, 'type' | 'incidentId' | 'audience' | 'channels' | 'variants' | 'imageId'> & { drill: boolean },
  ): Promise<void> {
    await this.assertZones(tx.db, draft);
    this.assertCaptions(draft, await this.images.find(tx.db, draft.imageId));
    if (!draft.incidentId) return;
    const drill = await this.alerts.incidentIsDrill(tx.db, draft.incidentId);
    if (drill === null) throw DomainError.invalid([{ path: 'incidentId', message: 'no such incident' }]);
    if (drill && draft.audience.kind !== 'drill')
      throw DomainError.invalid([{ path: 'audience', message: 'an alert about a drill goes to the drill list only' }]).because('alert.drillAudience');
  }

  /** With an image, Telegram and WhatsApp send the text as the photo's caption: at most ALERT_CAPTION_MAX characters. */
  private assertCaptions(draft: { channels: AlertDraft['channels']; variants: AlertVariant[]; drill: boolean }, image: AlertImage | null): void {
    const captioned = draft.channels.filter((c) => c !== 'webpush' && this.images.carriesImage(c));
    if (!image || captioned.length === 0) return;
    const issues = draft.variants.flatMap((variant, index) => {
      const length = messageOf(variant, captioned[0]!, draft.drill).text.length;
      return length > ALERT_CAPTION_MAX
        ? [
            {
              path: `variants.${index}.text`,
              message: `with an image, ${captioned.join(' and ')} take at most ${ALERT_CAPTION_MAX} characters as its caption (this is ${length}): shorten it or remove the image`,
            },
          ]
        : [];
    });
    if (issues.length) throw DomainError.invalid(issues);
  }

  private log(tx: Tx, user: AuthUser, alertId: string, kind: string, detail: Record<string, unknown>): Promise<void> {
    return this.alerts.log(tx.db, { alertId, at: this.now(), userId: user.id, actor: user.username, kind, detail });
  }

  private async published(tx: Tx, id: string): Promise<AlertView> {
    const view = await this.views.view(tx.db, id);
    tx.publish(new AlertChanged(view));
    return view;
  }
}
