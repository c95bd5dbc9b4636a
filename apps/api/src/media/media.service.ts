import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaItem } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { KeyRing } from '../crypto/key-ring.js';
import { OPEN_RECORD } from '../crypto/sealing.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { IncidentsTouched } from '../incidents/incidents.events.js';
import { IncidentLog } from '../incidents/incident-log.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { type MediaFile, MediaRepository } from './media.repository.js';
import { type CleanPhoto, cleanPhoto } from './photo.js';

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * Photos of incidents: cleaned of metadata, hashed, sealed (encrypted) and kept under DATA_DIR/media (mode 600), on
 * the incident's record. The SHA-256 is of the clean photo, as the evidence export delivers it.
 */
@Injectable()
export class MediaService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly media: MediaRepository,
    private readonly incidents: IncidentsService,
    private readonly incidentLog: IncidentLog,
    private readonly keys: KeyRing,
  ) {}

  fileOf(id: string, contentType: string): string {
    return path.join(this.config.media.dir, `${id}.${EXTENSION[contentType]}`);
  }

  /** Stores a photo for an incident. `source` is how the record names who sent it. */
  async store(
    input: Buffer,
    declaredType: string | undefined,
    to: { incidentId: string; sightingId?: string | null; user: Pick<AuthUser, 'id'> | null; source: string },
  ): Promise<MediaItem> {
    return this.storeClean(await this.clean(input, declaredType), to);
  }

  /** Checks and cleans a photo (see cleanPhoto) under the configured pixel limit, before anything is stored. */
  clean(input: Buffer, declaredType: string | undefined): Promise<CleanPhoto> {
    return cleanPhoto(input, declaredType, this.config.media.maxPixels);
  }

  /** Stores a photo already cleaned (checked before anything else of a request was stored). */
  async storeClean(
    photo: CleanPhoto,
    to: { incidentId: string; sightingId?: string | null; user: Pick<AuthUser, 'id'> | null; source: string },
  ): Promise<MediaItem> {
    const id = randomUUID();
    const file = this.fileOf(id, photo.contentType);
    // Sealed on disk like the incident's text: unreadable once the record's key is destroyed.
    const sealed = this.keys.seal(OPEN_RECORD, photo.bytes);
    await mkdir(this.config.media.dir, { recursive: true, mode: 0o700 });
    await writeFile(file, sealed, { mode: 0o600 });
    try {
      return await this.uow.run(async (tx) => {
        await this.incidents.lockedIn(tx, to.incidentId);
        const now = new Date(this.clock.now());
        const item = await this.media.insert(tx.db, id, {
          incidentId: to.incidentId,
          sightingId: to.sightingId ?? null,
          contentType: photo.contentType,
          bytes: photo.bytes.length,
          width: photo.width,
          height: photo.height,
          sha256: photo.sha256,
          uploadedBy: to.user?.id ?? null,
          source: to.source,
          createdAt: now,
          sealedKey: this.keys.keyIdOf(sealed)!,
        });
        await this.incidentLog.appendIn(tx, {
          incidentId: to.incidentId,
          at: now,
          userId: to.user?.id ?? null,
          actor: to.source,
          kind: 'media',
          detail: { mediaId: id, sha256: photo.sha256 },
        });
        tx.publish(new IncidentsTouched([to.incidentId]));
        return item;
      });
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
  }

  /** A responder's photo from the scene, through their own on-scene ping. */
  async storeFromPing(input: Buffer, declaredType: string | undefined, pingId: string, user: AuthUser): Promise<MediaItem> {
    const ping = await this.media.pingIncident(this.uow.db, pingId);
    if (!ping) throw DomainError.notFound('ping');
    if (ping.responderId !== user.responderId) throw new DomainError('forbidden', 'this ping was sent to another responder').because('ping.otherResponder');
    if (ping.status !== 'on_scene' && ping.status !== 'done')
      throw new DomainError('conflict', 'photos come from responders on scene').because('photo.notOnScene');
    return this.store(input, declaredType, { incidentId: ping.incidentId, user, source: ping.alias });
  }

  /** An incident's photos as stored (for the evidence export, which reads each one). */
  ofIncident(incidentId: string): Promise<(MediaFile & { sha256: string; bytes: number })[]> {
    return this.media.ofIncident(this.uow.db, incidentId);
  }

  /** The photo's bytes for whoever may see them; 410 once its key is destroyed. */
  async open(id: string): Promise<{ bytes: Buffer; contentType: string }> {
    const item = await this.media.find(this.uow.db, id);
    if (!item) throw DomainError.notFound('photo');
    return { bytes: await this.read(item), contentType: item.contentType };
  }

  /** A stored photo's clean bytes (decrypted; files from before sealing are read as they are). */
  async read(file: MediaFile): Promise<Buffer> {
    const stored = await readFile(this.fileOf(file.id, file.contentType));
    if (!file.sealedKey) return stored;
    const bytes = this.keys.open(stored);
    if (!bytes) throw new DomainError('gone', 'this photo was deleted under the retention policy').because('photo.deleted');
    return bytes;
  }

  /** Seals a photo file again under another key, replacing the file atomically. Returns the new key id. */
  async reseal(file: MediaFile, purpose: string): Promise<string> {
    const sealed = this.keys.seal(purpose, await this.read(file));
    const target = this.fileOf(file.id, file.contentType);
    const temporary = `${target}.${randomUUID()}.tmp`;
    await writeFile(temporary, sealed, { mode: 0o600 });
    await rename(temporary, target);
    return this.keys.keyIdOf(sealed)!;
  }

  /** Every photo file on disk, by media id, with when it was last written. */
  async files(): Promise<{ id: string; path: string; writtenAt: number }[]> {
    const names = await readdir(this.config.media.dir).catch(() => [] as string[]);
    const found: { id: string; path: string; writtenAt: number }[] = [];
    for (const name of names) {
      const match = /^([0-9a-f-]{36})\.(jpeg|png|webp)$/.exec(name);
      if (!match) continue;
      const file = path.join(this.config.media.dir, name);
      const info = await stat(file).catch(() => null);
      if (info) found.push({ id: match[1]!, path: file, writtenAt: info.mtimeMs });
    }
    return found;
  }
}
