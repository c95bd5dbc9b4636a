import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** What a key protects; each purpose has its own keys and its own retention (see RetentionService). */
export type KeyPurpose = string;

const MAGIC = Buffer.from('C1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** How long a process trusts its cached copy of a key before checking the key file still exists. */
const RECHECK_MS = 60_000;
const DAY_MS = 86_400_000;
/** The "day" of a long-lived purpose's single key (see stableMac). */
const LONG_LIVED_DAY = '0000-01-01';

export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Crypto-shredding: personal data is stored encrypted (AES-256-GCM) under a key per purpose and UTC day, and
 * the keys live outside PostgreSQL, in KEYS_DIR (default DATA_DIR/keys), one 32-byte file each. When a
 * purpose's retention has passed and nothing refers to a key any more, the key file is overwritten and deleted:
 * every copy of what it encrypted — dead rows, WAL segments, pg_dump files, backups — becomes unreadable at once.
 *
 * Several API processes on one machine share KEYS_DIR; processes on several machines must share it as a volume
 * (see the README). A key is created once (written to a temporary file, then hard-linked into place, so two
 * processes racing for the same day's key agree on one). Processes cache keys and re-check that the file still
 * exists at least every minute, so a destroyed key stops working everywhere within a minute.
 *
 * Envelope: "C1" | key-id length (1 byte) | key id (`purpose/yyyy-mm-dd`, ASCII) | IV (12) | GCM tag (16) | ciphertext.
 * The key id is also the GCM additional data, so an envelope cannot be moved to another key's name.
 */
@Injectable()
export class KeyRing {
  private readonly logger = new Logger(KeyRing.name);
  private readonly dir: string;
  private readonly cache = new Map<string, { key: Buffer; checkedAt: number }>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.dir = config.keysDir;
  }

  /** Encrypts under today's key of `purpose` (or the key of the day `at` falls on). */
  seal(purpose: KeyPurpose, plaintext: string | Buffer, at = this.clock.now()): Buffer {
    const keyId = `${purpose}/${dayOf(at)}`;
    return encrypt(keyId, this.key(keyId, { create: true })!, typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext);
  }

  /** Encrypts under an existing key named by id (to add to a row already sealed under it); null if it is gone. */
  sealUnder(keyId: string, plaintext: string): Buffer | null {
    const key = this.key(keyId, { create: false });
    return key ? encrypt(keyId, key, Buffer.from(plaintext, 'utf8')) : null;
  }

  /** Decrypts an envelope; null when its key was destroyed (the data is shredded) or the envelope is not ours. */
  open(envelope: Buffer): Buffer | null {
    const parsed = parseEnvelope(envelope);
    if (!parsed) return null;
    const key = this.key(parsed.keyId, { create: false });
    if (!key) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv);
      decipher.setAAD(Buffer.from(parsed.keyId, 'ascii'));
      decipher.setAuthTag(parsed.tag);
      return Buffer.concat([decipher.update(parsed.body), decipher.final()]);
    } catch {
      this.logger.warn(`an envelope under ${parsed.keyId} failed authentication`);
      return null;
    }
  }

  openText(envelope: Buffer): string | null {
    return this.open(envelope)?.toString('utf8') ?? null;
  }

  /**
   * A keyed hash (HMAC-SHA-256, base64url) under today's key of `purpose`: the same value gives the same hash all
   * day, in every process, and nothing once the day's key is destroyed. For recognising a client (rate limits)
   * without keeping its address: the hash changes every UTC day and cannot be reversed without the key.
   */
  mac(purpose: KeyPurpose, value: string, at = this.clock.now()): string {
    const key = this.key(`${purpose}/${dayOf(at)}`, { create: true })!;
    return createHmac('sha256', key).update(value).digest('base64url');
  }

  /**
   * A keyed hash under the one key of a long-lived purpose (never rotated, never destroyed by retention): the same
   * value gives the same hash on every day, in every process. For finding a sender again (their messages, their
   * opt-out) without keeping their number; the value cannot be recovered from it without the key — but whoever holds
   * the key (KEYS_DIR) can try every phone number in seconds, so it protects against a database dump only.
   */
  stableMac(purpose: KeyPurpose, value: string): string {
    const key = this.key(`${purpose}/${LONG_LIVED_DAY}`, { create: true })!;
    return createHmac('sha256', key).update(value).digest('base64url');
  }

  /** The key id an envelope was sealed under (to find out what a row depends on). */
  keyIdOf(envelope: Buffer): string | null {
    return parseEnvelope(envelope)?.keyId ?? null;
  }

  /** Every key that exists for a purpose, with the day it is for, oldest first. */
  keys(purpose: KeyPurpose): { keyId: string; day: string; dayStartMs: number }[] {
    const dir = path.join(this.dir, purpose);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names
      .filter((name) => /^\d{4}-\d{2}-\d{2}\.key$/.test(name))
      .map((name) => name.slice(0, 10))
      .sort()
      .map((day) => ({ keyId: `${purpose}/${day}`, day, dayStartMs: Date.parse(`${day}T00:00:00Z`) }));
  }

  /** The moment a day's key stops being used for new data (the end of that UTC day). */
  static dayEndMs(dayStartMs: number): number {
    return dayStartMs + DAY_MS;
  }

  /**
   * Destroys a key: the file is overwritten with zeros, flushed, and unlinked, and the directory is flushed.
   * Everything sealed under it is unreadable from then on, in this process at once and in others within a minute.
   */
  destroy(keyId: string): void {
    const file = this.fileOf(keyId);
    try {
      const fd = openSync(file, 'r+');
      try {
        writeSync(fd, Buffer.alloc(Math.max(KEY_BYTES, statSync(file).size)), 0, undefined, 0);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      unlinkSync(file);
      syncDir(path.dirname(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.cache.delete(keyId);
  }

  private key(keyId: string, { create }: { create: boolean }): Buffer | null {
    const now = Date.now();
    const cached = this.cache.get(keyId);
    if (cached && now - cached.checkedAt < RECHECK_MS) return cached.key;
    const file = this.fileOf(keyId);
    let key: Buffer | null = null;
    try {
      key = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (create) key = this.create(file);
    }
    if (key?.length !== KEY_BYTES) {
      this.cache.delete(keyId);
      return null;
    }
    this.cache.set(keyId, { key, checkedAt: now });
    return key;
  }

  /** Writes a new key to a temporary file, then links it into place; if another process won, uses theirs. */
  private create(file: string): Buffer {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(KEY_BYTES));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temporary, file);
      syncDir(path.dirname(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(temporary, { force: true });
    }
    return readFileSync(file);
  }

  private fileOf(keyId: string): string {
    const [purpose, day] = keyId.split('/');
    if (!purpose || !day || !/^[a-z][a-z0-9-]*$/.test(purpose) || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a key id: ${keyId}`);
    return path.join(this.dir, purpose, `${day}.key`);
  }
}

function encrypt(keyId: string, key: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId, 'ascii'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, Buffer.from([keyId.length]), Buffer.from(keyId, 'ascii'), iv, cipher.getAuthTag(), body]);
}

function parseEnvelope(envelope: Buffer): { keyId: string; iv: Buffer; tag: Buffer; body: Buffer } | null {
  if (envelope.length < MAGIC.length + 1 || !envelope.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const idLength = envelope[MAGIC.length]!;
  const idStart = MAGIC.length + 1;
  const ivStart = idStart + idLength;
  const tagStart = ivStart + IV_BYTES;
  const bodyStart = tagStart + TAG_BYTES;
  if (envelope.length < bodyStart) return null;
  return {
    keyId: envelope.subarray(idStart, ivStart).toString('ascii'),
    iv: envelope.subarray(ivStart, tagStart),
    tag: envelope.subarray(tagStart, bodyStart),
    body: envelope.subarray(bodyStart),
  };
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
