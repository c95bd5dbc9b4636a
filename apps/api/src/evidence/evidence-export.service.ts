import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { strToU8, zipSync } from 'fflate';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { IncidentLog } from '../incidents/incident-log.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { RecordService } from '../incidents/record.service.js';
import { MediaService } from '../media/media.service.js';
import { EvidenceExportsRepository } from './evidence-exports.repository.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * One incident as a ZIP for legal defense: `record.json` (the incident, its sightings with SALUTE, dispatches
 * and pings, witnesses, follow-ups, debrief), `timeline.json`, every photo under `media/`, and a manifest of
 * SHA-256 hashes (`manifest.json`, and `SHA256SUMS` for `sha256sum -c`). Photos' hashes are the ones recorded at
 * upload, checked against the files now. Every export is written to the audit log: who, when, and the ZIP's hash.
 */
@Injectable()
export class EvidenceExportService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentsService,
    private readonly incidentLog: IncidentLog,
    private readonly record: RecordService,
    private readonly media: MediaService,
    private readonly exports: EvidenceExportsRepository,
  ) {}

  async export(user: AuthUser, incidentId: string): Promise<{ zip: Uint8Array; filename: string }> {
    const view = await this.incidents.get(incidentId);
    // The record of real incidents holds no practice runs: a drill's report is its record.
    if (view.incident.drill) throw new DomainError('conflict', 'a drill is practice, not evidence: see its drill report');
    const generatedAt = new Date(this.clock.now());
    const [timeline, witnesses, followUps, photos] = await Promise.all([
      this.incidentLog.timeline(incidentId),
      this.record.witnessesOf(incidentId),
      this.record.followUpsOf(incidentId),
      this.media.ofIncident(incidentId),
    ]);
    const files: Record<string, Uint8Array> = {
      'record.json': strToU8(JSON.stringify({ ...view, witnesses, followUps }, null, 2)),
      'timeline.json': strToU8(JSON.stringify(timeline, null, 2)),
    };
    const integrity: { path: string; recordedSha256: string; matches: boolean }[] = [];
    for (const photo of photos) {
      const bytes = await this.media.read(photo);
      const path = `media/${photo.id}.${photo.contentType.split('/')[1]}`;
      files[path] = bytes;
      integrity.push({ path, recordedSha256: photo.sha256, matches: sha256(bytes) === photo.sha256 });
    }
    const entries = Object.entries(files).map(([path, bytes]) => ({ path, bytes: bytes.length, sha256: sha256(bytes) }));
    const manifest = { incidentId, generatedAt: generatedAt.toISOString(), generatedBy: user.username, files: entries, mediaIntegrity: integrity };
    files['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2));
    files.SHA256SUMS = strToU8(entries.map((e) => `${e.sha256}  ${e.path}`).join('\n') + '\n');

    const zip = zipSync(files, { level: 6, mtime: generatedAt });
    await this.uow.run(async (tx) => {
      await this.exports.record(tx.db, { incidentId, userId: user.id, actor: user.username, at: generatedAt, sha256: sha256(zip), bytes: zip.length });
      await this.incidentLog.appendIn(tx, {
        incidentId,
        at: generatedAt,
        userId: user.id,
        actor: user.username,
        kind: 'exported',
        detail: { sha256: sha256(zip) },
      });
    });
    return { zip, filename: `centinela-incident-${incidentId}-${generatedAt.toISOString().slice(0, 10)}.zip` };
  }
}
