import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { KeyRing } from '../crypto/key-ring.js';
import { KEPT_RECORD, OPEN_RECORD, SEALED_LOG_FIELDS, sealTexts, WITNESS } from '../crypto/sealing.js';
import { SEALED_MARKER } from '../database/sql.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { type FormerAccount, RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { IncidentRetentionRepository, SEALED_RECORD_TABLES } from './incident-retention.repository.js';
import { WitnessesRepository } from './witnesses.repository.js';

const DAY_MS = 86_400_000;
const BATCH = 200;

/**
 * The retention of incidents' records. Unconfirmed incidents (never confirmed, not another agency) are deleted
 * UNCONFIRMED_RETENTION_DAYS after they leave the live map, with their sightings, photos, log, dispatches and
 * pings; confirmed ones are kept as evidence for RECORD_RETENTION_DAYS after they are resolved. Each leaves a
 * de-identified digest for the network's numbers. Free text is sealed under "report" keys while an incident is
 * unconfirmed, and moved under "record" keys once it is kept, so every "report" key can be destroyed once its
 * day's unconfirmed incidents are purged — together with every copy of their text in WAL, dumps and backups.
 */
@Injectable()
@RetainsData()
export class IncidentRetention implements RetentionProvider, OnApplicationBootstrap {
  private readonly logger = new Logger(IncidentRetention.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly repository: IncidentRetentionRepository,
    private readonly witnesses: WitnessesRepository,
  ) {}

  /** Plaintext left by an older version is sealed at start, before anyone reads it. */
  async onApplicationBootstrap(): Promise<void> {
    const sealed = await this.sealLegacy();
    if (sealed > 0) this.logger.log(`sealed ${sealed} values of free text stored before sealing existed`);
  }

  /** The record keeps what a deleted account did, under its blank name instead of its handle. */
  async forgetAccount(tx: Tx, { userId, label, names }: FormerAccount): Promise<void> {
    await this.repository.renameActor(tx.db, userId, label, names);
  }

  retentionRules(): RetentionRule[] {
    const { unconfirmedRetentionMs, recordRetentionMs, witnessRetentionMs } = this.config.incidents;
    const days = (ms: number) => `${Math.round(ms / DAY_MS)} days`;
    return [
      {
        what: 'Unconfirmed incidents and every drill: their sightings (place, SALUTE, notes), photos, log, dispatches, pings and answers',
        keptFor: () => `${days(unconfirmedRetentionMs)} after they leave the live map (UNCONFIRMED_RETENTION_DAYS), then only a de-identified digest`,
        why: 'most reports are not immigration enforcement; an unconfirmed report is not evidence, and keeping it only exposes the people in it',
        purge: (now) => this.uow.run((tx) => this.repository.purge(tx.db, false, new Date(now - unconfirmedRetentionMs), new Date(now))),
      },
      {
        what: 'Confirmed incidents (and other agencies): the whole record, photos included',
        keptFor: () => `${days(recordRetentionMs)} after they are resolved (RECORD_RETENTION_DAYS), then only a de-identified digest`,
        why: 'evidence for legal defense and for the families; then gone',
        purge: (now) => this.uow.run((tx) => this.repository.purge(tx.db, true, new Date(now - recordRetentionMs), new Date(now))),
      },
      {
        what: 'Witness contacts',
        keptFor: () => `${days(witnessRetentionMs)} after they were recorded (WITNESS_RETENTION_DAYS)`,
        why: 'long enough for a lawyer to reach a witness; a contact list is what a subpoena would ask for',
        purge: (now) => this.witnesses.purge(this.uow.db, new Date(now - witnessRetentionMs)),
      },
      {
        what: "Pings' distance, ETA and expected arrival time, on the ping and its answers, and a verdict's distance from the incident in its log (derived from where a responder was)",
        keptFor: () => 'until the dispatch ends: cancelled, its incident off the live map, or an hour after its response window',
        why: 'they are only needed while responders are on their way',
        purge: (now) => this.repository.dropPingDistances(this.uow.db, new Date(now)),
      },
      {
        what: 'Free text of incidents that were confirmed, moved from the "report" key to the "record" key (and back if the confirmation is withdrawn)',
        keptFor: () => 'within ten minutes of the confirmation (or of its withdrawal)',
        why: 'so the keys of unconfirmed reports can be destroyed without touching the evidence',
        purge: () => this.resealByOutcome(),
      },
    ];
  }

  sealedPurposes(): SealedPurpose[] {
    const record = [
      ...SEALED_RECORD_TABLES.map(({ table }) => ({ table, column: 'sealed_key' })),
      { table: 'incident_log', column: 'sealed_key' },
      { table: 'media', column: 'sealed_key' },
    ];
    return [
      { purpose: OPEN_RECORD, minAgeMs: DAY_MS, references: record },
      { purpose: KEPT_RECORD, minAgeMs: DAY_MS, references: record },
      { purpose: WITNESS, minAgeMs: this.config.incidents.witnessRetentionMs, references: [{ table: 'witnesses', column: 'sealed_key' }] },
    ];
  }

  /**
   * Moves kept incidents' free text (and log notes) from the open-record key to the kept-record key, and the text of
   * incidents no longer kept (a confirmation withdrawn) back to today's open-record key, which goes with the report.
   */
  private async resealByOutcome(): Promise<number> {
    let moved = 0;
    for (const [from, kept, to] of [[OPEN_RECORD, true, KEPT_RECORD] as const, [KEPT_RECORD, false, OPEN_RECORD] as const]) {
      for (const table of SEALED_RECORD_TABLES) {
        for (const row of await this.repository.rowsToReseal(this.uow.db, table, from, kept, BATCH)) {
          const texts: Record<string, string> = {};
          for (const column of table.columns) texts[column] = row.values[column] ? (this.keys.openText(row.values[column]) ?? '') : '';
          const { sealed, keyId } = sealTexts(this.keys, to, texts);
          await this.repository.resealRow(this.uow.db, table, row.id, sealed, keyId);
          moved++;
        }
      }
      for (const row of await this.repository.logToReseal(this.uow.db, from, kept, BATCH)) {
        const { detail, keyId } = this.resealDetail(row.detail, to);
        await this.repository.resealLog(this.uow.db, row.id, detail, keyId);
        moved++;
      }
    }
    return moved;
  }

  /** A log detail's free text (sealed or, from an older version, plain) sealed again under today's key of `purpose`. */
  private resealDetail(detail: Record<string, unknown>, purpose: string): { detail: Record<string, unknown>; keyId: string | null } {
    const out: Record<string, unknown> = { ...detail };
    let keyId: string | null = null;
    for (const field of SEALED_LOG_FIELDS) {
      const value = out[field] as { [SEALED_MARKER]?: unknown } | string | undefined;
      const plain =
        typeof value === 'string'
          ? value
          : typeof value?.[SEALED_MARKER] === 'string'
            ? (this.keys.openText(Buffer.from(value[SEALED_MARKER], 'base64')) ?? '')
            : null;
      if (plain === null || plain === '') continue;
      const envelope = this.keys.seal(purpose, plain);
      keyId ??= this.keys.keyIdOf(envelope);
      out[field] = { [SEALED_MARKER]: envelope.toString('base64') };
    }
    return { detail: out, keyId };
  }

  /**
   * A log detail's free text left in clear, sealed under the key its entry already names (its sealed fields stay as
   * they are); null when the entry names no key or that key is gone.
   */
  private sealClearUnder(detail: Record<string, unknown>, keyId: string | null): { detail: Record<string, unknown>; keyId: string } | null {
    if (!keyId) return null;
    const out: Record<string, unknown> = { ...detail };
    for (const field of SEALED_LOG_FIELDS) {
      const value = out[field];
      if (typeof value !== 'string' || value === '') continue;
      const envelope = this.keys.sealUnder(keyId, value);
      if (!envelope) return null;
      out[field] = { [SEALED_MARKER]: envelope.toString('base64') };
    }
    return { detail: out, keyId };
  }

  /**
   * Seals plaintext stored by a version before sealing: columns moved to `legacy_plaintext` (see the SealedRecords
   * and SealedOtherAgency migrations), and log entries' fields in place (before SealedOtherAgency, `otherAgency` was
   * left in clear beside sealed fields). Returns how many values.
   */
  async sealLegacy(): Promise<number> {
    let count = 0;
    const tables = [...SEALED_RECORD_TABLES, { table: 'witnesses', incident: 'incident_id', columns: ['contact', 'note'] }];
    for (;;) {
      const batch = await this.repository.legacy(
        this.uow.db,
        tables.map((t) => t.table),
        BATCH,
      );
      if (batch.length === 0) break;
      for (const item of batch) {
        const table = tables.find((t) => t.table === item.tableName)!;
        const purpose = table.table === 'witnesses' ? WITNESS : OPEN_RECORD;
        const existing = await this.repository.sealedKeyOf(this.uow.db, table.table, item.rowId);
        const envelope = (existing ? this.keys.sealUnder(existing, item.value) : null) ?? this.keys.seal(purpose, item.value);
        await this.repository.placeLegacy(this.uow.db, table, item.rowId, item.columnName, envelope, this.keys.keyIdOf(envelope)!);
        count++;
      }
    }
    for (;;) {
      const rows = await this.repository.plainLog(this.uow.db, BATCH);
      let progress = false;
      for (const row of rows) {
        const { detail, keyId } = this.sealClearUnder(row.detail, row.sealedKey) ?? this.resealDetail(row.detail, OPEN_RECORD);
        if (!keyId) continue;
        await this.repository.resealLog(this.uow.db, row.id, detail, keyId);
        progress = true;
        count++;
      }
      if (!progress) break;
    }
    return count;
  }
}
