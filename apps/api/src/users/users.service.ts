import {
  type AccountAccess,
  type Capability,
  aliasSchema,
  passwordSchema,
  type Role,
  roleSchema,
  type SessionUser,
  type TravelMode,
  usernameSchema,
} from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { SignedOut } from '../auth/auth.events.js';
import { DomainError } from '../common/errors/domain-error.js';
import { fieldIssues } from '../common/validation/zod.pipe.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { RespondersService } from '../responders/responders.service.js';
import { hashPassword } from './passwords.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { type AccessRow, type UserRow, UsersRepository } from './users.repository.js';

const newAccountSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
  /** What other people see for a responder; defaults to the username. Never a real name unless they choose it. */
  alias: aliasSchema.optional(),
});

export type NewAccount = {
  username: string;
  password: string;
  role: Role;
  alias?: string;
  /** A responder's profile; a plain verifier who walks when not given. */
  profile?: { capabilities: Capability[]; languages: string[]; travelMode: TravelMode };
};

/** Accounts: a user, and for the responder role its responder profile, created together. */
@Injectable()
export class UsersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UsersRepository,
    private readonly responders: RespondersService,
    private readonly sessions: SessionsService,
  ) {}

  createAccount(input: NewAccount): Promise<SessionUser> {
    return this.uow.run((tx) => this.createAccountIn(tx, input));
  }

  /** Creates the account inside the caller's transaction (an invite being accepted, say). */
  async createAccountIn(tx: Tx, input: NewAccount): Promise<SessionUser> {
    const { profile, ...fields } = input;
    const parsed = newAccountSchema.safeParse(fields);
    if (!parsed.success) throw DomainError.invalid(fieldIssues(parsed.error));
    const { username, password, role, alias } = parsed.data;
    if (role === 'responder') await this.responders.assertAliasFree(tx.db, alias ?? username);
    const passwordHash = await hashPassword(password);
    const user = await this.users.insert(tx.db, { username, passwordHash, role });
    if (!user) throw DomainError.invalid([{ path: 'username', message: `"${username}" is taken` }]);
    let responderId: string | null = null;
    if (role === 'responder') {
      responderId = await this.responders.createIn(tx, {
        userId: user.id,
        alias: alias ?? username,
        ...(profile ?? { capabilities: ['verifier'], languages: [], travelMode: 'walk' }),
      });
    }
    return { id: user.id, username: username.toLowerCase(), role, responderId };
  }

  /** The account signing in under `username` (lower-cased), with its password hash; null if there is none. */
  findForSignIn(username: string): Promise<UserRow | null> {
    return this.users.findByUsername(this.uow.db, username);
  }

  /**
   * Ends a person's access (a phone lost or seized, someone who left): sign-in is disabled and every session of theirs
   * ends in the same transaction; every process then forgets their tokens and disconnects their sockets. `id` is a
   * user id or a responder profile's id; `byUserId` the coordinator doing it (null: the command line). A coordinator
   * cannot end their own access (they would lock themselves out).
   */
  endAccess(id: string, byUserId: string | null): Promise<AccountAccess> {
    return this.uow.run(async (tx) => {
      const target = await this.users.findAccess(tx.db, id);
      if (!target) throw DomainError.notFound('account');
      if (target.userId === byUserId) throw DomainError.conflict('you cannot end your own access; ask another coordinator');
      // The coordinator must still have access when this commits: of two coordinators ending each other's access at
      // once (or a seized phone racing the real coordinator), the second waits for the first and is then refused.
      const locked = await this.users.lockForAccessChange(tx.db, byUserId ? [target.userId, byUserId] : [target.userId]);
      if (byUserId && locked.get(byUserId) !== false) throw new DomainError('forbidden', 'your own access has been ended');
      const account = (await this.users.setDisabled(tx.db, target.userId, true))!;
      // Nothing may reach the seized phone or count on its owner: off duty (its live location forgotten, its push
      // subscriptions deleted), and what the account held let go, as at a sign-out on every device.
      if (target.responderId) await this.responders.setOnDutyIn(tx, target.responderId, false);
      tx.publish(new SignedOut({ id: account.userId, role: account.role, responderId: target.responderId }));
      return accessOf(account, await this.sessions.endAllOfIn(tx, account.userId));
    });
  }

  /** Lets a person whose access was ended sign in again (their old sessions stay ended). */
  restoreAccess(id: string, byUserId: string | null): Promise<AccountAccess> {
    return this.uow.run(async (tx) => {
      if (byUserId && (await this.users.lockForAccessChange(tx.db, [byUserId])).get(byUserId) !== false) {
        throw new DomainError('forbidden', 'your own access has been ended');
      }
      const account = await this.users.setDisabled(tx.db, id, false);
      if (!account) throw DomainError.notFound('account');
      return accessOf(account, 0);
    });
  }

  /** The user id of an account, for the command line; null if there is none. */
  findIdByUsername(username: string): Promise<string | null> {
    return this.users.findIdByUsername(this.uow.db, username);
  }

  countAccounts(): Promise<number> {
    return this.users.count(this.uow.db);
  }
}

const accessOf = (row: AccessRow, sessionsEnded: number): AccountAccess => ({
  userId: row.userId,
  username: row.username,
  role: row.role,
  disabledAt: row.disabledAt ? new Date(row.disabledAt).toISOString() : null,
  sessionsEnded,
});
