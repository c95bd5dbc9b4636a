import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import { SignedOut } from '../auth/auth.events.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ClaimsService } from './claims.service.js';
import { IncidentChanged, IncidentsTouched } from './incidents.events.js';
import { IncidentsService } from './incidents.service.js';

/**
 * Reacts to what happened elsewhere, after it committed: sends the new view of every touched incident (once
 * per change, off the request's transaction), and releases a dispatcher's claims when they sign out.
 */
@Injectable()
export class IncidentBroadcaster {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentsService,
    private readonly claims: ClaimsService,
  ) {}

  @OnDomainEvent(IncidentsTouched)
  async onTouched({ ids }: IncidentsTouched): Promise<void> {
    const views = await this.incidents.views([...new Set(ids)]);
    await this.uow.deliver(views.map((view) => new IncidentChanged(view)));
  }

  @OnDomainEvent(SignedOut)
  async onSignedOut({ user }: SignedOut): Promise<void> {
    if (user.role !== 'responder') await this.claims.releaseAllOf(user.id);
  }
}
