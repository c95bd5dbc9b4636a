import { createHash } from 'node:crypto';
import type { EvidenceExportQuery, IncidentView, TimelineEntry, Witness } from '@centinela/contracts';
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
 *
 * The export leaves the system with no expiry, so it leaves out what the system itself keeps only for a while:
 * witnesses' contacts and notes (unless a dispatcher asks for them, which the incident's log records) and
 * responders' distances, ETAs and expected arrival times (kept only until the dispatch ends). The manifest says so.
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

  async export(user: AuthUser, incidentId: string, query: EvidenceExportQuery = {}): Promise<{ zip: Uint8Array; filename: string }> {
    const withContacts = query.include === 'witness-contacts';
    const view = await this.incidents.get(incidentId);
    // The record of real incidents holds no practice runs: a drill's report is its record.
    if (view.incident.drill) throw new DomainError('conflict', 'a drill is practice, not evidence: see its drill report').because('evidence.drill');
    const generatedAt = new Date(this.clock.now());
    const [timeline, witnesses, followUps, photos] = await Promise.all([
      this.incidentLog.timeline(incidentId),
      this.record.witnessesOf(incidentId),
      this.record.followUpsOf(incidentId),
      this.media.ofIncident(incidentId),
    ]);
    const files: Record<string, Uint8Array> = {
      'record.json': strToU8(
        JSON.stringify({ ...withoutDistances(view), witnesses: withContacts ? witnesses : witnesses.map(withoutContact), followUps }, null, 2),
      ),
      'timeline.json': strToU8(JSON.stringify(timeline.map(timelineWithoutDistances), null, 2)),
    };
    const integrity: { path: string; recordedSha256: string; matches: boolean }[] = [];
    for (const photo of photos) {
      const bytes = await this.media.read(photo);
      const path = `media/${photo.id}.${photo.contentType.split('/')[1]}`;
      files[path] = bytes;
      integrity.push({ path, recordedSha256: photo.sha256, matches: sha256(bytes) === photo.sha256 });
    }
    const entries = Object.entries(files).map(([path, bytes]) => ({ path, bytes: bytes.length, sha256: sha256(bytes) }));
    const leftOut = [
      ...(withContacts ? [] : ["witnesses' contacts and notes (a dispatcher can ask for them: include=witness-contacts, recorded in the incident's log)"]),
      "responders' distances, ETAs and expected arrival times (derived from where they were)",
    ];
    const manifest = {
      incidentId,
      generatedAt: generatedAt.toISOString(),
      generatedBy: user.username,
      included: withContacts ? ['witness-contacts'] : [],
      leftOut,
      files: entries,
      mediaIntegrity: integrity,
    };
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
        detail: withContacts ? { sha256: sha256(zip), witnessContacts: true } : { sha256: sha256(zip) },
      });
    });
    return { zip, filename: `centinela-incident-${incidentId}-${generatedAt.toISOString().slice(0, 10)}.zip` };
  }
}

/** A witness without their contact or note: that they were recorded, and when. */
const withoutContact = ({ contact: _contact, note: _note, ...rest }: Witness) => rest;

/** The record with no responder's distance, ETA or expected arrival on its pings. */
function withoutDistances(view: IncidentView): IncidentView {
  return {
    ...view,
    dispatches: view.dispatches.map((d) => ({ ...d, pings: d.pings.map((p) => ({ ...p, distanceMeters: null, etaSeconds: null, arrivalAt: null })) })),
  };
}

/** Timeline details that come from where a responder was: a ping's ETA, an answer's arrival, a verdict's distance. */
const POSITIONAL = ['etaSeconds', 'arrivalAt', 'distanceMeters'];

function timelineWithoutDistances(entry: TimelineEntry): TimelineEntry {
  if (!POSITIONAL.some((k) => k in entry.detail)) return entry;
  return { ...entry, detail: Object.fromEntries(Object.entries(entry.detail).filter(([k]) => !POSITIONAL.includes(k))) };
}
