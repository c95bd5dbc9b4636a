import { type Capability, passwordSchema, type Role, roleSchema, type SessionUser, type TravelMode, usernameSchema } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '../common/errors/domain-error.js';
import { fieldIssues } from '../common/validation/zod.pipe.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { RespondersService } from '../responders/responders.service.js';
import { hashPassword } from './passwords.js';
import { type UserRow, UsersRepository } from './users.repository.js';

const newAccountSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
  /** What other people see for a responder; defaults to the username. Never a real name unless they choose it. */
  alias: z.string().trim().min(1).max(40).optional(),
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

  countAccounts(): Promise<number> {
    return this.users.count(this.uow.db);
  }
}
