import { Injectable } from '@nestjs/common';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { SessionsEnded } from './sessions.events.js';
import { SessionsRepository } from './sessions.repository.js';

/** Server-side sessions: started at sign-in, checked by tokens, ended at sign-out or by a coordinator. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sessions: SessionsRepository,
  ) {}

  /** A new session's id; null if the user's sign-in is disabled (see SessionsRepository.start). */
  start(userId: string, startedAt: Date, expiresAt: Date): Promise<string | null> {
    return this.sessions.start(this.uow.db, userId, startedAt, expiresAt);
  }

  isOpen(id: string): Promise<boolean> {
    return this.sessions.isOpen(this.uow.db, id);
  }

  openAmong(ids: readonly string[]): Promise<Set<string>> {
    return this.sessions.openAmong(this.uow.db, ids);
  }

  /** Ends one session in the caller's transaction; every process hears of it once it commits. */
  async endIn(tx: Tx, id: string): Promise<void> {
    await this.sessions.end(tx.db, id);
    tx.publish(new SessionsEnded([id]));
  }

  /** Ends every session of a user in the caller's transaction; how many there were. */
  async endAllOfIn(tx: Tx, userId: string): Promise<number> {
    const ended = await this.sessions.endAllOf(tx.db, userId);
    if (ended.length > 0) tx.publish(new SessionsEnded(ended));
    return ended.length;
  }
}
