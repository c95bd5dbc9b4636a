import type { SightingView, ThreadSighting } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { KeyRing } from '../crypto/key-ring.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { IncidentLog } from '../incidents/incident-log.js';
import { MediaService } from '../media/media.service.js';
import { SightingsService } from '../sightings/sightings.service.js';
import { ThreadUpdated } from './threads.events.js';
import { ThreadsRepository } from './threads.repository.js';
import { summaryOf } from './threads.service.js';

/**
 * "Turn into sighting": the dispatcher's SALUTE from a thread becomes a sighting through the ordinary intake
 * (channel = the thread's), the thread keeps the link, the incident's record says it came from the thread, and the
 * thread's photos join the incident through the media pipeline.
 */
@Injectable()
export class ThreadSightingsService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly threads: ThreadsRepository,
    private readonly sightings: SightingsService,
    private readonly incidentLog: IncidentLog,
    private readonly media: MediaService,
  ) {}

  async create(threadId: string, input: ThreadSighting, user: AuthUser): Promise<SightingView> {
    const thread = await this.threads.sender(this.uow.db, threadId);
    if (!thread) throw DomainError.notFound('thread');
    if (thread.sightingId)
      throw DomainError.conflict('this thread was already turned into a sighting', { sightingId: thread.sightingId }).because('thread.alreadySighting');
    const view = await this.sightings.logged({ ...input, channel: thread.channel }, user.id);
    const { sighting } = view;
    const linked = await this.uow.run(async (tx) => {
      if (!(await this.threads.link(tx.db, threadId, sighting.id))) return false;
      await this.incidentLog.appendIn(tx, {
        incidentId: sighting.incidentId,
        at: new Date(this.clock.now()),
        userId: user.id,
        actor: user.username,
        kind: 'thread',
        detail: { threadId, channel: thread.channel, sightingId: sighting.id },
      });
      tx.publish(new ThreadUpdated(summaryOf((await this.threads.find(tx.db, threadId))!)));
      return true;
    });
    if (!linked) throw DomainError.conflict('this thread was already turned into a sighting').because('thread.alreadySighting');
    for (const p of await this.threads.photos(this.uow.db, threadId)) {
      const bytes = this.keys.open(p.photo);
      if (bytes)
        await this.media.store(bytes, p.photoType, { incidentId: sighting.incidentId, sightingId: sighting.id, user, source: `${thread.channel} thread` });
    }
    return view;
  }
}
