import type { Role, SessionUser } from '@centinela/contracts';
import { roles } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';

/** The verified identity behind a request or socket. */
export type AuthUser = SessionUser & { sessionStartedAt: number; expiresAt: number };

type Claims = { role: Role; name: string; rid: string | null; sat: number };

/** How many verified tokens each process remembers (a few MB at most); the oldest is forgotten first. */
const REMEMBERED_TOKENS = 10_000;

/**
 * Short-lived HS256 access tokens. A session can be refreshed until SESSION_MAX_HOURS after sign-in.
 *
 * Verifying a token costs ~140 µs of CPU through WebCrypto (`npm run bench -- --intake --profile`: 5 % of a hotline
 * call's API time), and every request of a screen or phone sends the same token until it expires. So a verified token's
 * identity is remembered until that expiry: the answer is a pure function of the token and the key, so nothing here
 * needs to agree across processes, and a forged or expired token is never remembered.
 */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  private readonly verifyKey: Promise<webcrypto.CryptoKey>;
  private readonly verified = new Map<string, AuthUser>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (!config.jwtSecret) throw new Error('JWT secret missing: main.ts loads or creates one before the app starts');
    this.key = new TextEncoder().encode(config.jwtSecret);
    this.verifyKey = webcrypto.subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  }

  async issue(user: SessionUser, sessionStartedAt = Date.now()): Promise<{ accessToken: string; expiresAt: Date }> {
    const sessionEnd = sessionStartedAt + this.config.sessionMaxHours * 3_600_000;
    const expiresAt = new Date(Math.min(Date.now() + this.config.accessTokenTtlSeconds * 1000, sessionEnd));
    const claims: Claims = { role: user.role, name: user.username, rid: user.responderId, sat: sessionStartedAt };
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { accessToken, expiresAt };
  }

  /** The user a token names; `unauthenticated` for a missing, forged, malformed or expired token. */
  async verify(token: unknown): Promise<AuthUser> {
    if (typeof token !== 'string' || token.length === 0) throw new DomainError('unauthenticated', 'sign in first: no access token');
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return { ...known };
    if (known) this.verified.delete(token);
    const user = await this.verifyOnce(token);
    if (this.verified.size >= REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, user);
    return { ...user };
  }

  private async verifyOnce(token: string): Promise<AuthUser> {
    try {
      const { payload } = await jwtVerify<Claims>(token, await this.verifyKey, { algorithms: ['HS256'] });
      if (!payload.sub || !roles.includes(payload.role)) throw new Error('malformed claims');
      return {
        id: payload.sub,
        username: payload.name,
        role: payload.role,
        responderId: payload.rid ?? null,
        sessionStartedAt: payload.sat,
        expiresAt: (payload.exp ?? 0) * 1000,
      };
    } catch {
      throw new DomainError('unauthenticated', 'the access token is invalid or has expired; sign in again');
    }
  }

  canRefresh(user: AuthUser): boolean {
    return Date.now() < user.sessionStartedAt + this.config.sessionMaxHours * 3_600_000;
  }
}
