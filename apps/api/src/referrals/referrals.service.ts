import type {
  IncidentReferral,
  Organization,
  OrganizationInput,
  ReferralMatch,
  ReferralSearch,
  ReferralService,
  ServiceCreate,
  ServiceUpdate,
  SetServiceAreas,
  CreateIncidentReferral,
} from '@centinela/contracts';
import { cutText } from '@centinela/contracts';
import { toMultiPolygon } from '@centinela/geo';
import { Inject, Injectable } from '@nestjs/common';
import type { MultiPolygon } from 'geojson';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Db, UnitOfWork } from '../database/unit-of-work.js';
import { RecordService } from '../incidents/record.service.js';
import { DirectoryRepository, type DirectoryClock } from './directory.repository.js';
import { IncidentReferralsRepository } from './incident-referrals.repository.js';
import { rank } from './ranking.js';
import { SearchRepository } from './search.repository.js';

const DAY_MS = 86_400_000;

/** A county's or city's name from its GeoJSON properties (`name` or `NAME`), else its position. */
const featureName = (properties: Record<string, unknown> | null | undefined, i: number): string => {
  const name = properties?.name ?? properties?.NAME;
  return cutText(typeof name === 'string' && name.trim() ? name.trim() : `area ${i + 1}`, 120);
};

/**
 * The referral directory: coordinators keep it, dispatchers search it during a call and record "referred to X"
 * in the incident, which also schedules the follow-up that checks the family reached them.
 */
@Injectable()
export class ReferralsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryRepository,
    private readonly search: SearchRepository,
    private readonly incidentReferrals: IncidentReferralsRepository,
    private readonly record: RecordService,
  ) {}

  directoryClock(): DirectoryClock {
    return { now: new Date(this.clock.now()), timeZone: this.config.timeZone, reverifyDays: this.config.referralReverifyDays };
  }

  /** Today's date in the network's time zone (YYYY-MM-DD). */
  today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(this.clock.now());
  }

  organizations(): Promise<Organization[]> {
    return this.directory.listOrganizations(this.uow.db);
  }

  async createOrganization(input: Required<OrganizationInput>): Promise<Organization> {
    const id = await this.directory.insertOrganization(this.uow.db, input);
    return (await this.directory.findOrganization(this.uow.db, id))!;
  }

  async updateOrganization(id: string, input: Partial<OrganizationInput>): Promise<Organization> {
    if (!(await this.directory.updateOrganization(this.uow.db, id, input))) throw DomainError.notFound('organization');
    return (await this.directory.findOrganization(this.uow.db, id))!;
  }

  async deleteOrganization(id: string): Promise<void> {
    if (!(await this.directory.deleteOrganization(this.uow.db, id))) throw DomainError.notFound('organization');
  }

  async service(id: string): Promise<ReferralService> {
    const [service] = await this.directory.services(this.uow.db, this.directoryClock(), [id], true);
    if (!service) throw DomainError.notFound('service');
    return service;
  }

  createService(input: ServiceCreate): Promise<ReferralService> {
    const { areas, ...fields } = input;
    return this.uow.run(async (tx) => {
      if (!(await this.directory.organizationExists(tx.db, input.organizationId))) {
        throw DomainError.invalid([{ path: 'organizationId', message: 'no such organization' }]);
      }
      const id = await this.directory.insertService(tx.db, fields, { lastVerifiedAt: this.today() });
      await this.directory.replaceAreas(tx.db, id, await this.checkedAreas(tx.db, areas, 'areas'));
      return (await this.directory.services(tx.db, this.directoryClock(), [id], true))[0]!;
    });
  }

  async updateService(id: string, changes: ServiceUpdate): Promise<ReferralService> {
    if (!(await this.directory.updateService(this.uow.db, id, changes))) throw DomainError.notFound('service');
    return this.service(id);
  }

  async deleteService(id: string): Promise<void> {
    if (!(await this.directory.deleteService(this.uow.db, id))) throw DomainError.notFound('service');
  }

  /** Replaces where the service is available: named areas, or the polygons of a GeoJSON FeatureCollection. */
  setAreas(id: string, body: SetServiceAreas): Promise<ReferralService> {
    const given = 'areas' in body ? body.areas : body.features.map((f, i) => ({ name: featureName(f.properties, i), area: f.geometry }));
    const path = 'areas' in body ? 'areas' : 'features';
    return this.uow.run(async (tx) => {
      if (!(await this.directory.services(tx.db, this.directoryClock(), [id])).length) throw DomainError.notFound('service');
      await this.directory.replaceAreas(tx.db, id, await this.checkedAreas(tx.db, given, path));
      return (await this.directory.services(tx.db, this.directoryClock(), [id], true))[0]!;
    });
  }

  /** Someone checked the entry with the provider today. */
  async verify(user: AuthUser, id: string): Promise<ReferralService> {
    if (!(await this.directory.markVerified(this.uow.db, id, this.today(), user.id))) throw DomainError.notFound('service');
    return this.service(id);
  }

  /** Entries due for re-verification: not checked for REFERRAL_REVERIFY_DAYS, or never. */
  async dueForReverify(): Promise<ReferralService[]> {
    const clock = this.directoryClock();
    return this.directory.services(this.uow.db, clock, await this.directory.dueForReverify(this.uow.db, clock));
  }

  async find(q: ReferralSearch): Promise<ReferralMatch[]> {
    const clock = this.directoryClock();
    const ranked = rank(await this.search.candidates(this.uow.db, clock, q), {
      placeGiven: q.lon !== undefined,
      languageGiven: q.language !== undefined,
    }).slice(0, q.limit);
    const services = await this.directory.services(
      this.uow.db,
      clock,
      ranked.map((r) => r.id),
    );
    const byId = new Map(services.map((s) => [s.id, s]));
    return ranked.flatMap((r) => {
      const service = byId.get(r.id);
      return service ? [{ service, reasons: r.reasons, areaName: r.areaName, score: r.score }] : [];
    });
  }

  async referralsOf(incidentId: string): Promise<IncidentReferral[]> {
    await this.record.assertIncidentExists(incidentId);
    return this.incidentReferrals.ofIncident(this.uow.db, incidentId);
  }

  /** "Referred to X": recorded in the incident's log with a follow-up due in `followUpDays` days. One transaction. */
  refer(user: AuthUser, incidentId: string, input: CreateIncidentReferral): Promise<IncidentReferral> {
    return this.uow.run(async (tx) => {
      const [service] = await this.directory.services(tx.db, this.directoryClock(), [input.serviceId]);
      if (!service) throw DomainError.invalid([{ path: 'serviceId', message: 'no such service in the directory' }]);
      const now = this.clock.now();
      const followUp = await this.record.addFollowUpIn(tx, user, incidentId, {
        kind: 'referral',
        note: [`${service.organization.name} — ${service.name}`, input.note ?? ''].filter(Boolean).join('\n'),
        assigneeId: input.assigneeId ?? null,
        dueAt: new Date(now + (input.followUpDays ?? 3) * DAY_MS).toISOString(),
      });
      const referral = await this.incidentReferrals.insert(tx.db, {
        incidentId,
        serviceId: service.id,
        organizationName: service.organization.name,
        serviceName: service.name,
        phone: service.phone || service.organization.phone,
        note: input.note ?? '',
        followUpId: followUp.id,
        userId: user.id,
        now: new Date(now),
      });
      await this.record.logIn(tx, user, incidentId, 'referral', {
        organization: service.organization.name,
        service: service.name,
        followUpId: followUp.id,
        dueAt: followUp.dueAt,
      });
      return referral;
    });
  }

  /** Areas as MultiPolygons, each checked by PostGIS (rings crossing, holes outside their shell…). */
  private async checkedAreas(db: Db, areas: readonly { name: string; area: Parameters<typeof toMultiPolygon>[0] }[], path: string) {
    const checked: { name: string; area: MultiPolygon }[] = [];
    for (const [i, a] of areas.entries()) {
      const area = toMultiPolygon(a.area);
      const reason = await this.directory.invalidityReason(db, area);
      if (reason) throw DomainError.invalid([{ path: `${path}.${i}.${path === 'areas' ? 'area' : 'geometry'}`, message: `is not a valid area: ${reason}` }]);
      checked.push({ name: a.name, area });
    }
    return checked;
  }
}
