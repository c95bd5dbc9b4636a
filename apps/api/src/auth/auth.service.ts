import type { LoginRequest, LoginResponse, SessionUser } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RateLimits } from '../rate-limits/rate-limits.service.js';
import { UsersService } from '../users/users.service.js';
import { SignedOut } from './auth.events.js';
import { decoyHash, verifyPassword } from '../users/passwords.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { type AuthUser, TokenService } from './token.service.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly rateLimits: RateLimits,
    private readonly uow: UnitOfWork,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
  ) {}

  async login({ username, password }: LoginRequest, clientAddress: string): Promise<LoginResponse> {
    const key = username.toLowerCase();
    // Counted as a failure from here on, until the right password takes it back (RateLimits.beginLogin).
    await this.rateLimits.beginLogin(key, clientAddress);
    const user = await this.users.findForSignIn(key);
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
    // A disabled account (a coordinator ended the access) fails exactly like a wrong password.
    if (!user || !valid || user.disabledAt) {
      throw new DomainError('unauthenticated', 'wrong username or password');
    }
    const startedAt = Date.now();
    const sessionId = await this.sessions.start(user.id, new Date(startedAt), new Date(this.tokens.sessionEnd(startedAt)));
    if (!sessionId) throw new DomainError('unauthenticated', 'wrong username or password');
    await this.rateLimits.loginSucceeded(key, clientAddress);
    return this.session({ id: user.id, username: user.username, role: user.role, responderId: user.responderId }, { id: sessionId, startedAt });
  }

  /** A fresh token for a still-valid one, while its session exists and within its maximum age. */
  async refresh(user: AuthUser): Promise<LoginResponse> {
    if (!(await this.tokens.canRefresh(user))) throw this.tokens.ended();
    const { sessionId, sessionStartedAt, expiresAt: _expiresAt, ...session } = user;
    // A token from before sessions existed gets one now, with its sign-in time (unless the account was disabled).
    const id = sessionId ?? (await this.sessions.start(user.id, new Date(sessionStartedAt), new Date(this.tokens.sessionEnd(sessionStartedAt))));
    if (!id) throw this.tokens.ended();
    return this.session(session, { id, startedAt: sessionStartedAt });
  }

  /**
   * Ends this device's session: its row is deleted, every process forgets its tokens and disconnects its sockets
   * (SessionsEnded), and whoever holds something for this user lets go of it (SignedOut).
   */
  logout(user: AuthUser): Promise<void> {
    return this.uow.run(async (tx) => {
      if (user.sessionId) await this.sessions.endIn(tx, user.sessionId);
      tx.publish(new SignedOut(user));
    });
  }

  private async session(user: SessionUser, session: { id: string; startedAt: number }): Promise<LoginResponse> {
    const { accessToken, expiresAt } = await this.tokens.issue(user, session);
    return { accessToken, expiresAt: expiresAt.toISOString(), user };
  }
}
