import type { AssignResponders, CreateZone, UpdateZone, Zone } from '@centinela/contracts';
import { toMultiPolygon } from '@centinela/geo';
import { Injectable } from '@nestjs/common';
import type { MultiPolygon } from 'geojson';
import { DomainError } from '../common/errors/domain-error.js';
import { type Db, type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { ZoneDeleted, ZoneUpserted } from './zones.events.js';
import { ZonesRepository } from './zones.repository.js';

@Injectable()
export class ZonesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly zones: ZonesRepository,
  ) {}

  list(): Promise<Zone[]> {
    return this.zones.list(this.uow.db);
  }

  async get(id: string): Promise<Zone> {
    const zone = await this.zones.findById(this.uow.db, id);
    if (!zone) throw DomainError.notFound('zone');
    return zone;
  }

  create(input: CreateZone): Promise<Zone> {
    const area = toMultiPolygon(input.area);
    return this.uow.run(async (tx) => {
      await this.assertValidArea(tx.db, area);
      const id = await this.zones.insert(tx.db, { name: input.name, area });
      return this.published(tx, id);
    });
  }

  update(id: string, input: UpdateZone): Promise<Zone> {
    const area = input.area ? toMultiPolygon(input.area) : undefined;
    return this.uow.run(async (tx) => {
      if (area) await this.assertValidArea(tx.db, area);
      if (!(await this.zones.update(tx.db, id, { name: input.name, area }))) throw DomainError.notFound('zone');
      return this.published(tx, id);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      if (!(await this.zones.delete(tx.db, id))) throw DomainError.notFound('zone');
      tx.publish(new ZoneDeleted(id));
    });
  }

  assignResponders(id: string, { responderIds }: AssignResponders): Promise<Zone> {
    const unique = [...new Set(responderIds)];
    return this.uow.run(async (tx) => {
      if (!(await this.zones.findById(tx.db, id))) throw DomainError.notFound('zone');
      const missing = await this.zones.unknownResponders(tx.db, unique);
      if (missing.length > 0) {
        throw DomainError.invalid(missing.map((m) => ({ path: `responderIds.${responderIds.indexOf(m)}`, message: `no responder ${m}` })));
      }
      await this.zones.setResponders(tx.db, id, unique);
      return this.published(tx, id);
    });
  }

  /**
   * Puts a responder in exactly these zones, inside the caller's transaction, and publishes every zone
   * whose membership changed. Unknown zone ids are a 400 naming their position.
   */
  async setZonesOfResponder(tx: Tx, responderId: string, zoneIds: readonly string[]): Promise<void> {
    await this.assertZonesExist(tx.db, zoneIds);
    for (const id of await this.zones.setZonesOfResponder(tx.db, responderId, zoneIds)) await this.published(tx, id);
  }

  /** A 400 naming the position of every id in `zoneIds` that is not a zone. */
  async assertZonesExist(db: Db, zoneIds: readonly string[]): Promise<void> {
    const missing = await this.zones.unknownZones(db, zoneIds);
    if (missing.length > 0) {
      throw DomainError.invalid(missing.map((m) => ({ path: `zoneIds.${zoneIds.indexOf(m)}`, message: `no zone ${m}` })));
    }
  }

  /** Zones touching or within the configured distance of these, for widening a dispatch. */
  neighbours(db: Db, zoneIds: readonly string[], meters: number): Promise<string[]> {
    return this.zones.neighbours(db, zoneIds, meters);
  }

  private async assertValidArea(db: Db, area: MultiPolygon): Promise<void> {
    const reason = await this.zones.invalidityReason(db, area);
    if (reason) throw DomainError.invalid([{ path: 'area', message: `not a valid area: ${reason}` }]);
  }

  private async published(tx: Tx, id: string): Promise<Zone> {
    const zone = (await this.zones.findById(tx.db, id))!;
    tx.publish(new ZoneUpserted(zone));
    return zone;
  }
}
