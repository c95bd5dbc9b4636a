import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { MediaItem } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { IncidentsTouched } from '../incidents/incidents.events.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { MediaRepository } from './media.repository.js';
import { type CleanPhoto, cleanPhoto } from './photo.js';

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/** Photos of incidents: cleaned of metadata, hashed, kept under DATA_DIR/media (mode 600), on the incident's record. */
@Injectable()
export class MediaService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly media: MediaRepository,
    private readonly incidents: IncidentsRepository,
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
    return this.storeClean(await cleanPhoto(input, declaredType), to);
  }

  /** Stores a photo already cleaned (checked before anything else of a request was stored). */
  async storeClean(
    photo: CleanPhoto,
    to: { incidentId: string; sightingId?: string | null; user: Pick<AuthUser, 'id'> | null; source: string },
  ): Promise<MediaItem> {
    const id = randomUUID();
    const file = this.fileOf(id, photo.contentType);
    await mkdir(this.config.media.dir, { recursive: true, mode: 0o700 });
    await writeFile(file, photo.bytes, { mode: 0o600 });
    try {
      return await this.uow.run(async (tx) => {
        if (!(await this.incidents.lock(tx.db, to.incidentId))) throw DomainError.notFound('incident');
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
        });
        await this.incidents.log(tx.db, {
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
    if (ping.responderId !== user.responderId) throw new DomainError('forbidden', 'this ping was sent to another responder');
    if (ping.status !== 'on_scene' && ping.status !== 'done') throw new DomainError('conflict', 'photos come from responders on scene');
    return this.store(input, declaredType, { incidentId: ping.incidentId, user, source: ping.alias });
  }

  async open(id: string): Promise<{ stream: Readable; contentType: string }> {
    const item = await this.media.find(this.uow.db, id);
    if (!item) throw DomainError.notFound('photo');
    return { stream: createReadStream(this.fileOf(id, item.contentType)), contentType: item.contentType };
  }
}
