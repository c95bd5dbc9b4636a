import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/unit-of-work.js';
import { type FormerAccount, RetainsData, type RetentionProvider, type RetentionRule } from '../retention/retention-rule.js';
import { EvidenceExportsRepository } from './evidence-exports.repository.js';

/** Owner of the evidence exports' audit (who exported which incident, when, the ZIP's SHA-256) for the retention job. */
@Injectable()
@RetainsData()
export class EvidenceRetention implements RetentionProvider {
  constructor(private readonly exports: EvidenceExportsRepository) {}

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Evidence exports',
        keptFor: () =>
          "never stored: built for each download and streamed; the audit log keeps who (a deleted account under its blank name), when and the ZIP's SHA-256; without witness contacts unless asked for (logged) and never with responders' distances",
        why: 'the export is the copy that leaves the system, with no expiry',
        purge: () => Promise.resolve(0),
      },
    ];
  }

  /** The audit keeps the exports a deleted account made, under its blank name. */
  async forgetAccount(tx: Tx, { userId, label }: FormerAccount): Promise<void> {
    await this.exports.renameActor(tx.db, userId, label);
  }
}
