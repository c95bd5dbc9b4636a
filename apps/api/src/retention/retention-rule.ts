import { SetMetadata } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';

/** One row of the retention policy (the README's retention table is generated from these). */
export type RetentionRule = {
  /** What is kept: "Witness contacts". */
  what: string;
  /** For how long, in words, naming the setting: "30 days after they were recorded (WITNESS_RETENTION_DAYS)". */
  keptFor: (config: AppConfig) => string;
  /** Why that long. */
  why: string;
  /** Deletes (or strips) what is past its time at `now`; returns how many items it removed. */
  purge: (now: number) => Promise<number>;
};

/**
 * Data sealed under a key purpose (see KeyRing). A key of the purpose is destroyed once its day ended more than
 * `minAgeMs` ago and no row of `references` names it any more (each table keeps the key id in a text column).
 */
export type SealedPurpose = { purpose: string; minAgeMs: number; references: { table: string; column: string }[] };

/** What a provider marked `@RetainsData()` offers the retention job. */
export type RetentionProvider = {
  retentionRules(): RetentionRule[];
  sealedPurposes?(): SealedPurpose[];
};

export const RETAINS_DATA = Symbol('centinela:retains-data');

/**
 * Marks a provider that keeps personal or location data: the retention job runs its rules and destroys its
 * sealed purposes' keys. Every store of such data has exactly one such owner.
 */
export const RetainsData = (): ClassDecorator => SetMetadata(RETAINS_DATA, true);
