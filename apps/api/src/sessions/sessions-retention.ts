import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RetainsData, type RetentionProvider, type RetentionRule } from '../retention/retention-rule.js';
import { SessionsRepository } from './sessions.repository.js';

/** Sessions say when someone signed in: each row goes once it can no longer be refreshed. */
@Injectable()
@RetainsData()
export class SessionsRetention implements RetentionProvider {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sessions: SessionsRepository,
  ) {}

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Sessions: an account id, when it signed in and until when it may be refreshed (no device, no address)',
        keptFor: (config) =>
          `until sign-out, until a coordinator ends the access, or at most ${config.sessionMaxHours} hours after sign-in (SESSION_MAX_HOURS)`,
        why: 'a signed-in phone is checked against it, so sign-out and a seized phone can be cut off; a list of sign-ins is not kept',
        purge: (now) => this.sessions.purgeExpired(this.uow.db, new Date(now)),
      },
    ];
  }
}
