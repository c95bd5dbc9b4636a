import type { LiveLocation, LocationUpdate, Responder, UpdateMyResponder, UpdateResponder } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { type Db, type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { ZonesService } from '../zones/zones.service.js';
import { LiveLocations } from './live-locations.js';
import { ResponderRemoved, ResponderUpdated } from './responders.events.js';
import { type NewResponder, type ResponderProfile, RespondersRepository } from './responders.repository.js';

@Injectable()
export class RespondersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly responders: RespondersRepository,
    private readonly zones: ZonesService,
    private readonly locations: LiveLocations,
  ) {}

  async list(): Promise<Responder[]> {
    return (await this.responders.list(this.uow.db)).map((p) => this.withLocation(p));
  }

  async get(id: string): Promise<Responder> {
    const profile = await this.responders.findById(this.uow.db, id);
    if (!profile) throw DomainError.notFound('responder');
    return this.withLocation(profile);
  }

  /** A responder changing their own duty, travel mode or languages. */
  updateMine(id: string, changes: UpdateMyResponder): Promise<Responder> {
    return this.uow.run(async (tx) => {
      if (!(await this.responders.update(tx.db, id, changes))) throw DomainError.notFound('responder');
      return this.published(tx, id);
    });
  }

  /** A coordinator editing a responder's profile and zones. */
  update(id: string, { zoneIds, ...changes }: UpdateResponder): Promise<Responder> {
    return this.uow.run(async (tx) => {
      if (changes.alias !== undefined) await this.assertAliasFree(tx.db, changes.alias, id);
      if (!(await this.responders.update(tx.db, id, changes))) throw DomainError.notFound('responder');
      if (zoneIds) await this.zones.setZonesOfResponder(tx, id, zoneIds);
      return this.published(tx, id);
    });
  }

  shareLocation(id: string, update: LocationUpdate): Promise<LiveLocation> {
    return this.locations.update(id, update.coordinates, update.accuracy ?? null);
  }

  stopSharingLocation(id: string): Promise<void> {
    return this.locations.forget(id);
  }

  /**
   * A new account's responder profile, created and published inside the account's transaction; its id. The caller
   * checks the alias first (`assertAliasFree`), before the account's other work.
   */
  async createIn(tx: Tx, responder: NewResponder): Promise<string> {
    const id = await this.responders.insert(tx.db, responder);
    await this.published(tx, id);
    return id;
  }

  /** Puts a responder on or off duty inside the caller's transaction (a shift starting or ending), and publishes it. */
  async setOnDutyIn(tx: Tx, id: string, onDuty: boolean): Promise<void> {
    if (await this.responders.update(tx.db, id, { onDuty })) await this.published(tx, id);
  }

  /**
   * A deleted account's profile, inside the deleting transaction: out of every zone, off duty (so its live location
   * is forgotten), blanked under `alias` (RespondersRepository.erase), and taken off every roster and screen.
   */
  async eraseIn(tx: Tx, id: string, alias: string): Promise<void> {
    await this.zones.setZonesOfResponder(tx, id, []);
    await this.setOnDutyIn(tx, id, false);
    await this.responders.erase(tx.db, id, alias);
    tx.publish(new ResponderRemoved(id));
  }

  /** Reads the responder back inside the transaction and publishes it, to be delivered after commit. */
  async published(tx: Tx, id: string): Promise<Responder> {
    const responder = this.withLocation((await this.responders.findById(tx.db, id))!);
    tx.publish(new ResponderUpdated(responder));
    return responder;
  }

  private withLocation(profile: ResponderProfile): Responder {
    return { ...profile, location: profile.onDuty ? this.locations.get(profile.id) : null };
  }

  /**
   * Two responders with one alias would make a dispatch ambiguous: refused with 409 naming the field. Inside a
   * transaction, the alias (and every alias that reads as it) stays held until it ends, so a concurrent invite,
   * account or rename with a look-alike waits and is then refused.
   */
  async assertAliasFree(db: Db, alias: string, exceptId: string | null = null): Promise<void> {
    await this.responders.lockAlias(db, alias);
    if (await this.responders.aliasTaken(db, alias, exceptId)) {
      throw new DomainError('conflict', `alias: "${alias.trim()}" is already used by another responder`, [
        { path: 'alias', message: 'is already used by another responder' },
      ]).because('alias.taken', { alias: alias.trim() });
    }
  }
}
