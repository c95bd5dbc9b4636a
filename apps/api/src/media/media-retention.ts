import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { KEPT_RECORD, OPEN_RECORD } from '../crypto/sealing.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { type FormerAccount, RetainsData, type RetentionProvider, type RetentionRule } from '../retention/retention-rule.js';
import { MediaRepository } from './media.repository.js';
import { MediaService } from './media.service.js';

const BATCH = 100;

/**
 * The files behind photos: sealed like the rest of the record (under the "report" key while the incident is
 * unconfirmed, moved under the "record" key once it is kept — IncidentRetention destroys the keys), and deleted
 * from disk once their incident's record is purged.
 */
@Injectable()
@RetainsData()
export class MediaRetention implements RetentionProvider, OnApplicationBootstrap {
  private readonly logger = new Logger(MediaRetention.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly media: MediaService,
    private readonly repository: MediaRepository,
  ) {}

  /** Photos stored before sealing existed are sealed at start. */
  async onApplicationBootstrap(): Promise<void> {
    let sealed = 0;
    for (;;) {
      const batch = await this.repository.unsealed(this.uow.db, BATCH);
      if (batch.length === 0) break;
      for (const file of batch) {
        await this.repository.setSealedKey(this.uow.db, file.id, await this.media.reseal(file, OPEN_RECORD));
        sealed++;
      }
    }
    if (sealed > 0) this.logger.log(`sealed ${sealed} photo files stored before sealing existed`);
  }

  /** Photos stay with their record; who took them is shown under a deleted account's blank name. */
  async forgetAccount(tx: Tx, { userId, label }: FormerAccount): Promise<void> {
    await this.repository.renameSource(tx.db, userId, label);
  }

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Photo files (metadata stripped, sealed on disk)',
        keptFor: () => "as long as their incident's record (see the two incident rows); unreadable as soon as its key is destroyed",
        why: 'a photo is part of the evidence, or of a report that was never confirmed',
        purge: () => this.deleteOrphans(),
      },
      {
        what: 'Photo files of incidents that were confirmed, moved from the "report" key to the "record" key (and back if the confirmation is withdrawn)',
        keptFor: () => 'within ten minutes of the confirmation (or of its withdrawal)',
        why: 'so the keys of unconfirmed reports can be destroyed without touching the evidence',
        purge: () => this.resealByOutcome(),
      },
    ];
  }

  /** Photos of kept records move from the open-record key to the kept key; those of records no longer kept, back. */
  private async resealByOutcome(): Promise<number> {
    let moved = 0;
    for (const [from, kept, to] of [[OPEN_RECORD, true, KEPT_RECORD] as const, [KEPT_RECORD, false, OPEN_RECORD] as const]) {
      for (const file of await this.repository.toReseal(this.uow.db, from, kept, BATCH)) {
        await this.repository.setSealedKey(this.uow.db, file.id, await this.media.reseal(file, to));
        moved++;
      }
    }
    return moved;
  }

  /**
   * Files whose media row is gone (their incident was purged). A file is written just before its row is inserted,
   * so only files older than an hour are considered.
   */
  private async deleteOrphans(): Promise<number> {
    const files = (await this.media.files()).filter((f) => f.writtenAt < Date.now() - 3_600_000);
    let deleted = 0;
    for (let i = 0; i < files.length; i += 500) {
      const chunk = files.slice(i, i + 500);
      const existing = await this.repository.existing(
        this.uow.db,
        chunk.map((f) => f.id),
      );
      for (const file of chunk.filter((f) => !existing.has(f.id))) {
        await rm(file.path, { force: true });
        deleted++;
      }
    }
    return deleted;
  }
}
