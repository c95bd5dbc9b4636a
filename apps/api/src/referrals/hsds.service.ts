import { findTextProblem } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DirectoryRepository } from './directory.repository.js';
import { fromCsvPackage, toCsvPackage } from './hsds-csv.js';
import { fromHsds, toHsds } from './hsds-mapping.js';
import type { HsdsOrganizationList } from './hsds-model.js';
import { ReferralsService } from './referrals.service.js';

export type ImportSummary = { organizations: number; services: number; created: number; updated: number };

/**
 * Sharing directories between networks in Open Referral HSDS 3: JSON (an organization list) and the tabular
 * CSV package. An import adds what is new and updates what it already has (matched by id) in one transaction;
 * the network's own trust notes and go-to marks are never exported and never overwritten by an import.
 */
@Injectable()
export class HsdsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryRepository,
    private readonly referrals: ReferralsService,
  ) {}

  async exportJson(): Promise<HsdsOrganizationList> {
    const db = this.uow.db;
    const [organizations, ids] = await Promise.all([this.directory.listOrganizations(db), this.directory.allServiceIds(db)]);
    return toHsds(organizations, await this.directory.services(db, this.referrals.directoryClock(), ids, true));
  }

  async exportCsvPackage(): Promise<Uint8Array> {
    return toCsvPackage(await this.exportJson(), this.referrals.directoryClock().now.toISOString());
  }

  async importCsvPackage(zip: Uint8Array): Promise<ImportSummary> {
    const { list, issues } = await fromCsvPackage(zip);
    if (!list || issues.length > 0) throw DomainError.invalid(issues);
    // The files' text is held to the same rule as any request's (no control or bidi-override characters).
    const unsafe = findTextProblem(list);
    if (unsafe) throw DomainError.invalid([unsafe]);
    return this.importJson(list);
  }

  importJson(input: unknown): Promise<ImportSummary> {
    const { organizations, services, issues } = fromHsds(input);
    if (issues.length > 0) throw DomainError.invalid(issues.slice(0, 50));
    return this.uow.run(async (tx) => {
      let created = 0;
      let updated = 0;
      for (const o of organizations) {
        if (await this.directory.updateOrganization(tx.db, o.id, o.fields)) updated++;
        else {
          await this.directory.insertOrganization(tx.db, { ...o.fields, trustNotes: '' }, o.id);
          created++;
        }
      }
      for (const s of services) {
        if (await this.directory.updateService(tx.db, s.id, s.fields)) {
          updated++;
          if (s.lastVerifiedAt) await this.directory.setLastVerifiedAt(tx.db, s.id, s.lastVerifiedAt);
        } else {
          await this.directory.insertService(tx.db, { ...s.fields, preferred: false, trustNotes: '' }, { id: s.id, lastVerifiedAt: s.lastVerifiedAt });
          created++;
        }
        for (const [i, a] of s.areas.entries()) {
          const reason = await this.directory.invalidityReason(tx.db, a.area);
          if (reason) throw DomainError.invalid([{ path: `services.${s.id}.service_areas.${i}.extent`, message: `is not a valid area: ${reason}` }]);
        }
        await this.directory.replaceAreas(tx.db, s.id, s.areas);
      }
      return { organizations: organizations.length, services: services.length, created, updated };
    });
  }
}
