import { SetMetadata } from '@nestjs/common';
import type { DiscoveryService, Reflector } from '@nestjs/core';
import type { AppConfig } from '../config/app-config.js';
import type { Tx } from '../database/unit-of-work.js';

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

/**
 * A person whose account is being deleted: their user id and, for a responder, their profile's id; `label`, the blank
 * name every copy of their username or alias becomes (`former responder 1a2b3c4d`, `former-<user id>`); `names`, the
 * username and alias it replaces (for copies that do not carry the user id).
 */
export type FormerAccount = { userId: string; responderId: string | null; label: string; names: string[] };

/** What a provider marked `@RetainsData()` offers the retention job. */
export type RetentionProvider = {
  retentionRules(): RetentionRule[];
  sealedPurposes?(): SealedPurpose[];
  /**
   * Deletes everything this provider keeps about one person, inside the transaction that deletes their account
   * (AccountErasure), and publishes what changed for others to see. Providers that keep nothing per person leave it out.
   */
  forgetAccount?(tx: Tx, account: FormerAccount): Promise<void>;
};

export const RETAINS_DATA = Symbol('centinela:retains-data');

/**
 * Marks a provider that keeps personal or location data: the retention job runs its rules and destroys its
 * sealed purposes' keys. Every store of such data has exactly one such owner.
 */
export const RetainsData = (): ClassDecorator => SetMetadata(RETAINS_DATA, true);

/** Every `@RetainsData()` provider of the application, in discovery order. */
export function retentionProviders(discovery: DiscoveryService, reflector: Reflector): RetentionProvider[] {
  return discovery
    .getProviders()
    .filter((w) => w.metatype && w.instance && reflector.get<boolean>(RETAINS_DATA, w.metatype as abstract new (...args: never[]) => unknown))
    .map((w) => w.instance as RetentionProvider);
}
