import type { LoginRequest, LoginResponse, SessionUser } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RateLimits } from '../rate-limits/rate-limits.service.js';
import { UsersService } from '../users/users.service.js';
import { SignedOut } from './auth.events.js';
import { decoyHash, verifyPassword } from '../users/passwords.js';
import { type AuthUser, TokenService } from './token.service.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly rateLimits: RateLimits,
    private readonly uow: UnitOfWork,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  async login({ username, password }: LoginRequest, clientAddress: string): Promise<LoginResponse> {
    const key = username.toLowerCase();
    await this.rateLimits.checkLogin(key, clientAddress);
    const user = await this.users.findForSignIn(key);
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
    if (!user || !valid) {
      await this.rateLimits.loginFailed(key, clientAddress);
      throw new DomainError('unauthenticated', 'wrong username or password');
    }
    await this.rateLimits.loginSucceeded(key, clientAddress);
    return this.session({ id: user.id, username: user.username, role: user.role, responderId: user.responderId });
  }

  /** A fresh token for a still-valid one, within the session's maximum age. */
  async refresh(user: AuthUser): Promise<LoginResponse> {
    if (!this.tokens.canRefresh(user)) throw new DomainError('unauthenticated', 'the session has ended; sign in again');
    const { sessionStartedAt, expiresAt: _expiresAt, ...session } = user;
    return this.session(session, sessionStartedAt);
  }

  /** Tokens are stateless; signing out tells whoever holds something for this user to let go of it. */
  logout(user: AuthUser): Promise<void> {
    return this.uow.deliver([new SignedOut(user)]);
  }

  private async session(user: SessionUser, sessionStartedAt?: number): Promise<LoginResponse> {
    const { accessToken, expiresAt } = await this.tokens.issue(user, sessionStartedAt);
    return { accessToken, expiresAt: expiresAt.toISOString(), user };
  }
}
