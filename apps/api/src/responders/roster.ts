import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { ClusterChannel } from '../cluster/cluster-channel.js';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import { InOrder } from '../common/in-order.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ZoneDeleted, ZoneUpserted } from '../zones/zones.events.js';
import { ResponderRemoved, ResponderUpdated, RosterChanged } from './responders.events.js';
import { type ResponderProfile, RespondersRepository } from './responders.repository.js';

/**
 * Every responder's profile in memory: who is on duty, with what capabilities and travel mode, in which
 * zones. Dispatch selects from it without a query. Loaded from PostgreSQL at start and kept current by
 * committed events (responder updates, zone membership changes) — this process's own, and other processes'
 * through the cluster channel (topics `responders` and `zones`); PostgreSQL stays the truth. Every change is
 * followed by a local RosterChanged.
 */
@Injectable()
export class Roster implements OnModuleInit, OnApplicationBootstrap {
  private readonly byId = new Map<string, ResponderProfile>();
  private readonly byZone = new Map<string, Set<string>>();
  /**
   * Changes apply one at a time, in the order they arrive: a reload whose read began before a change committed must
   * not be swapped in after that change was applied (it would undo it until the responder's next change), nor two
   * reads of one responder land in the opposite order.
   */
  private readonly changes = new InOrder();
  /** A full reload queued behind other changes and not started yet (see `reload`). */
  private waitingReload: Promise<void> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: RespondersRepository,
    private readonly cluster: ClusterChannel,
  ) {}

  onModuleInit(): void {
    const reload = () => this.reload();
    this.cluster.subscribe('responders', { apply: (data) => this.reloadOne((data as { id: string }).id), resync: reload }, { versioned: true });
    // Zone membership changed in another process: the profiles' zones are read again.
    this.cluster.subscribe('zones', { apply: reload, resync: reload });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
  }

  /**
   * Reads every profile again. A reload asked for while another still waits its turn shares that one, which reads
   * after both requests (every zone change of another process asks for one: a burst of them is one read, not one each).
   */
  reload(): Promise<void> {
    this.waitingReload ??= this.changes
      .run(async () => {
        this.waitingReload = null; // from here on the read may predate a change: a new request queues a new reload
        const profiles = await this.repository.list(this.uow.db);
        // Swapped in at once, after the read: dispatch must never see a half-loaded roster.
        this.byId.clear();
        this.byZone.clear();
        for (const profile of profiles) this.put(profile);
      })
      .then(() => this.uow.deliver([new RosterChanged()]));
    return this.waitingReload;
  }

  private async reloadOne(id: string): Promise<void> {
    await this.changes.run(async () => {
      const profile = await this.repository.findById(this.uow.db, id);
      if (profile) this.put(profile);
      else this.remove(id);
    });
    await this.uow.deliver([new RosterChanged()]);
  }

  get(id: string): ResponderProfile | undefined {
    return this.byId.get(id);
  }

  /** On-duty responders assigned to any of the zones. */
  onDutyIn(zoneIds: Iterable<string>): ResponderProfile[] {
    const ids = new Set<string>();
    for (const zoneId of zoneIds) for (const id of this.byZone.get(zoneId) ?? []) ids.add(id);
    return [...ids].map((id) => this.byId.get(id)!).filter((r) => r.onDuty);
  }

  onDuty(): ResponderProfile[] {
    return [...this.byId.values()].filter((r) => r.onDuty);
  }

  @OnDomainEvent(ResponderUpdated)
  async onResponderUpdated({ responder }: ResponderUpdated): Promise<void> {
    const { location: _location, ...profile } = responder;
    await this.changes.run(() => this.put(profile));
    await this.uow.deliver([new RosterChanged()]);
  }

  @OnDomainEvent(ResponderRemoved)
  async onResponderRemoved({ responderId }: ResponderRemoved): Promise<void> {
    await this.changes.run(() => this.remove(responderId));
    await this.uow.deliver([new RosterChanged()]);
  }

  @OnDomainEvent(ZoneUpserted)
  async onZoneUpserted({ zone }: ZoneUpserted): Promise<void> {
    await this.changes.run(() => {
      const members = new Set(zone.responderIds);
      for (const id of this.byZone.get(zone.id) ?? []) if (!members.has(id)) this.setMembership(id, zone.id, false);
      for (const id of members) this.setMembership(id, zone.id, true);
    });
    await this.uow.deliver([new RosterChanged()]);
  }

  @OnDomainEvent(ZoneDeleted)
  async onZoneDeleted({ id: zoneId }: ZoneDeleted): Promise<void> {
    await this.changes.run(() => {
      for (const id of this.byZone.get(zoneId) ?? []) this.setMembership(id, zoneId, false);
      this.byZone.delete(zoneId);
    });
    await this.uow.deliver([new RosterChanged()]);
  }

  private put(profile: ResponderProfile): void {
    const previous = this.byId.get(profile.id);
    for (const zoneId of previous?.zoneIds ?? []) this.byZone.get(zoneId)?.delete(profile.id);
    this.byId.set(profile.id, { ...profile, zoneIds: [...profile.zoneIds] });
    for (const zoneId of profile.zoneIds) this.zoneSet(zoneId).add(profile.id);
  }

  private remove(id: string): void {
    for (const zoneId of this.byId.get(id)?.zoneIds ?? []) this.byZone.get(zoneId)?.delete(id);
    this.byId.delete(id);
  }

  private setMembership(responderId: string, zoneId: string, member: boolean): void {
    const profile = this.byId.get(responderId);
    if (!profile) return;
    const has = profile.zoneIds.includes(zoneId);
    if (member && !has) profile.zoneIds.push(zoneId);
    if (!member && has) profile.zoneIds = profile.zoneIds.filter((z) => z !== zoneId);
    if (member) this.zoneSet(zoneId).add(responderId);
    else this.byZone.get(zoneId)?.delete(responderId);
  }

  private zoneSet(zoneId: string): Set<string> {
    let set = this.byZone.get(zoneId);
    if (!set) this.byZone.set(zoneId, (set = new Set()));
    return set;
  }
}
