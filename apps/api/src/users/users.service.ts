import {
  type AccountAccess,
  type Capability,
  aliasSchema,
  passwordSchema,
  type Role,
  roleSchema,
  type SessionUser,
  type StaffAccount,
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
import { AccountErasure } from '../retention/account-erasure.js';
import type { FormerAccount } from '../retention/retention-rule.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { InvitesRepository } from './invites.repository.js';
import { hashPassword } from './passwords.js';
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
    private readonly invites: InvitesRepository,
    private readonly erasure: AccountErasure,
  ) {}

  createAccount(input: NewAccount): Promise<SessionUser> {
    return this.uow.run((tx) => this.createAccountIn(tx, input));
  }

  /** Creates the account inside the caller's transaction (an invite being accepted, say). */
  async createAccountIn(tx: Tx, input: NewAccount): Promise<SessionUser> {
    const { profile, ...fields } = input;
    const parsed = newAccountSchema.safeParse(fields);
    if (!parsed.success) throw DomainError.invalid(fieldIssues(parsed.error, undefined, { value: fields }));
    const { username, password, role, alias } = parsed.data;
    if (role === 'responder') await this.responders.assertAliasFree(tx.db, alias ?? username);
    const passwordHash = await hashPassword(password);
    const user = await this.users.insert(tx.db, { username, passwordHash, role });
    if (!user) throw DomainError.invalid([{ path: 'username', message: `"${username}" is taken` }]).because('account.usernameTaken', { username });
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
      if (!target || target.deleted) throw DomainError.notFound('account');
      if (target.userId === byUserId)
        throw DomainError.conflict('you cannot end your own access; ask another coordinator').because('account.cannotEndOwnAccess');
      await this.lockBoth(tx, target.userId, byUserId);
      const account = (await this.users.setDisabled(tx.db, target.userId, true))!;
      // Nothing may reach the seized phone or count on its owner: off duty (its live location forgotten, its push
      // subscriptions deleted), and what the account held let go, as at a sign-out on every device.
      if (target.responderId) await this.responders.setOnDutyIn(tx, target.responderId, false);
      tx.publish(new SignedOut({ id: account.userId, role: account.role, responderId: target.responderId }));
      return accessOf(account, await this.sessions.endAllOfIn(tx, account.userId));
    });
  }

  /**
   * Deletes a person's account (someone who left the network and asks to be forgotten, or an account nobody uses): in
   * one transaction their sessions end, their responder profile leaves every zone and roster, and every store of
   * personal data deletes what it keeps about them (AccountErasure: push subscriptions, shifts, calendar feed,
   * hotline phone and email, the invite they came from) and shows what it keeps of their doings (log entries, photos,
   * exports, alerts) under the blank name. The account's row stays as a blank tombstone (`former-<id>`, no password,
   * no alias) so the incident record still resolves. Deleting an account that is already deleted changes nothing (a
   * retried request); a coordinator cannot delete their own.
   */
  deleteAccount(id: string, byUserId: string | null): Promise<void> {
    return this.uow.run(async (tx) => {
      const target = await this.users.findAccess(tx.db, id);
      if (!target) throw DomainError.notFound('account');
      if (target.userId === byUserId)
        throw DomainError.conflict('you cannot delete your own account; ask another coordinator').because('account.cannotDeleteOwnAccount');
      await this.lockBoth(tx, target.userId, byUserId);
      const { deleted, alias } = (await this.users.findAccess(tx.db, target.userId))!;
      if (deleted) return;
      const username = formerUsername(target.userId);
      const account: FormerAccount = {
        userId: target.userId,
        responderId: target.responderId,
        label: target.responderId ? formerAlias(target.responderId) : username,
        names: alias ? [target.username, alias] : [target.username],
      };
      if (target.responderId) {
        await this.invites.deleteOfResponder(tx.db, target.responderId);
        await this.responders.eraseIn(tx, target.responderId, account.label);
      }
      await this.erasure.forgetIn(tx, account);
      await this.sessions.endAllOfIn(tx, target.userId);
      await this.users.markDeleted(tx.db, target.userId, username);
      tx.publish(new SignedOut({ id: target.userId, role: target.role, responderId: target.responderId }));
    });
  }

  /**
   * Locks the target's and the acting coordinator's rows, in one order, and refuses when the coordinator's own access
   * was ended meanwhile: of two coordinators acting on each other at once (or a seized phone racing the real
   * coordinator), the second waits for the first and is then refused.
   */
  private async lockBoth(tx: Tx, targetUserId: string, byUserId: string | null): Promise<void> {
    const locked = await this.users.lockForAccessChange(tx.db, byUserId ? [targetUserId, byUserId] : [targetUserId]);
    if (byUserId && locked.get(byUserId) !== false) throw new DomainError('forbidden', 'your own access has been ended').because('account.ownAccessEnded');
  }

  /** Lets a person whose access was ended sign in again (their old sessions stay ended). */
  restoreAccess(id: string, byUserId: string | null): Promise<AccountAccess> {
    return this.uow.run(async (tx) => {
      if (byUserId && (await this.users.lockForAccessChange(tx.db, [byUserId])).get(byUserId) !== false) {
        throw new DomainError('forbidden', 'your own access has been ended').because('account.ownAccessEnded');
      }
      const account = await this.users.setDisabled(tx.db, id, false);
      if (!account) throw DomainError.notFound('account');
      // Every open roster shows the access back (the profile carries `accessEnded`).
      const { responderId } = (await this.users.findAccess(tx.db, account.userId))!;
      if (responderId) await this.responders.published(tx, responderId);
      return accessOf(account, 0);
    });
  }

  /** Dispatchers' and coordinators' accounts, for coordinators to manage. */
  async staff(): Promise<StaffAccount[]> {
    return (await this.users.staff(this.uow.db)).map((row) => ({ ...row, disabledAt: row.disabledAt ? new Date(row.disabledAt).toISOString() : null }));
  }

  /** The user id of an account, for the command line; null if there is none. */
  findIdByUsername(username: string): Promise<string | null> {
    return this.users.findIdByUsername(this.uow.db, username);
  }

  countAccounts(): Promise<number> {
    return this.users.count(this.uow.db);
  }
}

/** A deleted account's username: longer than any username may be (40), so nobody can ever hold it. */
const formerUsername = (userId: string) => `former-${userId}`;
/**
 * A deleted responder's alias: 8 characters of the profile's id tell two apart in one incident; no living responder
 * may start an alias with these words (aliasProblem).
 */
const formerAlias = (responderId: string) => `former responder ${responderId.slice(0, 8)}`;

const accessOf = (row: AccessRow, sessionsEnded: number): AccountAccess => ({
  userId: row.userId,
  username: row.username,
  role: row.role,
  disabledAt: row.disabledAt ? new Date(row.disabledAt).toISOString() : null,
  sessionsEnded,
});
