import type { Role, SessionUser } from '@centinela/contracts';
import { roles } from '@centinela/contracts';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { ClusterChannel } from '../cluster/cluster-channel.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { SESSIONS_TOPIC, SessionsEnded, SessionsResynced } from '../sessions/sessions.events.js';
import { SessionsService } from '../sessions/sessions.service.js';

/** The verified identity behind a request or socket, and the server-side session it belongs to. */
export type AuthUser = SessionUser & {
  /** Null only for a token issued before sessions existed (LEGACY below). */
  sessionId: string | null;
  sessionStartedAt: number;
  expiresAt: number;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Claims = { role: Role; name: string; rid: string | null; sat: number; sid?: string };

/** How many verified tokens each process remembers (a few MB at most); the oldest is forgotten first. */
const REMEMBERED_TOKENS = 10_000;

/**
 * Short-lived HS256 access tokens, each naming its server-side session (the `sessions` row created at sign-in).
 * A session can be refreshed while its row exists, until SESSION_MAX_HOURS after sign-in.
 *
 * Verifying a token costs ~140 µs of CPU through WebCrypto (`npm run bench -- --intake --profile`: 5 % of a hotline
 * call's API time) plus a look-up of its session, and every request of a screen or phone sends the same token until
 * it expires. So a verified token's identity is remembered until that expiry — once per token per process, never a
 * forged or expired token, nor one whose session has ended. Ending a session (sign-out, a coordinator ending someone's
 * access) is announced to every process at commit (SessionsEnded over the cluster channel): each forgets that
 * session's tokens. A process that may have missed an announcement (lost LISTEN connection, version gap) forgets
 * every remembered token.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  private readonly key: Uint8Array;
  private readonly verifyKey: Promise<webcrypto.CryptoKey>;
  private readonly verified = new Map<string, AuthUser>();
  /** Bumped whenever tokens are forgotten: a verification that raced with it is not remembered. */
  private forgetting = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly sessions: SessionsService,
    private readonly cluster: ClusterChannel,
  ) {
    if (!config.jwtSecret) throw new Error('JWT secret missing: main.ts loads or creates one before the app starts');
    this.key = new TextEncoder().encode(config.jwtSecret);
    this.verifyKey = webcrypto.subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  }

  onModuleInit(): void {
    this.cluster.subscribe(
      SESSIONS_TOPIC,
      {
        // Another process ended sessions: handled here as if ended locally (tokens forgotten, sockets disconnected).
        apply: (data) => this.uow.deliver([new SessionsEnded((data as { ids: string[] }).ids)]),
        resync: () => {
          this.forgetAll();
          return this.uow.deliver([new SessionsResynced()]);
        },
      },
      { versioned: true },
    );
  }

  async issue(user: SessionUser, session: { id: string; startedAt: number }): Promise<{ accessToken: string; expiresAt: Date }> {
    const sessionEnd = this.sessionEnd(session.startedAt);
    const expiresAt = new Date(Math.min(Date.now() + this.config.accessTokenTtlSeconds * 1000, sessionEnd));
    const claims: Claims = { role: user.role, name: user.username, rid: user.responderId, sat: session.startedAt, sid: session.id };
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { accessToken, expiresAt };
  }

  /** The user a token names; `unauthenticated` for a missing, forged, malformed or expired token, or an ended session. */
  async verify(token: unknown): Promise<AuthUser> {
    if (typeof token !== 'string' || token.length === 0) throw new DomainError('unauthenticated', 'sign in first: no access token');
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return { ...known };
    if (known) this.verified.delete(token);
    const user = await this.verifyOnce(token);
    const round = this.forgetting;
    // LEGACY: a token signed before the upgrade that added sessions names none. It is honoured until it expires
    // (ACCESS_TOKEN_TTL_SECONDS) and exchanged for one with a session at its refresh, so an upgrade does not sign out
    // every phone on shift; it cannot be ended early, which only matters in those first minutes.
    if (user.sessionId !== null && !(await this.sessions.isOpen(user.sessionId))) throw this.ended();
    // Sessions were ended while we looked: this one may be among them, so it is checked again next time.
    if (round !== this.forgetting) return user;
    if (this.verified.size >= REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, user);
    return { ...user };
  }

  private async verifyOnce(token: string): Promise<AuthUser> {
    try {
      const { payload } = await jwtVerify<Claims>(token, await this.verifyKey, { algorithms: ['HS256'] });
      if (!payload.sub || !roles.includes(payload.role) || (payload.sid !== undefined && (typeof payload.sid !== 'string' || !UUID.test(payload.sid))))
        throw new Error('malformed claims');
      // LEGACY tokens live no longer than this server's own tokens would, whatever lifetime they were signed with.
      const legacyEnd = payload.sid === undefined && payload.iat !== undefined ? (payload.iat + this.config.accessTokenTtlSeconds) * 1000 : Infinity;
      const expiresAt = Math.min((payload.exp ?? 0) * 1000, legacyEnd);
      if (expiresAt <= Date.now()) throw new Error('expired');
      return {
        id: payload.sub,
        username: payload.name,
        role: payload.role,
        responderId: payload.rid ?? null,
        sessionId: payload.sid ?? null,
        sessionStartedAt: payload.sat,
        expiresAt,
      };
    } catch {
      throw new DomainError('unauthenticated', 'the access token is invalid or has expired; sign in again');
    }
  }

  /** When a session started now would end (SESSION_MAX_HOURS). */
  sessionEnd(startedAt: number): number {
    return startedAt + this.config.sessionMaxHours * 3_600_000;
  }

  /** Whether a session may still be refreshed: within its maximum age, and its row still there. */
  async canRefresh(user: AuthUser): Promise<boolean> {
    return Date.now() < this.sessionEnd(user.sessionStartedAt) && (user.sessionId === null || (await this.sessions.isOpen(user.sessionId)));
  }

  /** Which of these sessions still exist (sockets check theirs after a resync). */
  openSessions(ids: readonly string[]): Promise<Set<string>> {
    return this.sessions.openAmong(ids);
  }

  ended(): DomainError {
    return new DomainError('unauthenticated', 'the session has ended; sign in again');
  }

  @OnDomainEvent(SessionsEnded)
  forget({ sessionIds }: SessionsEnded): void {
    this.forgetting++;
    const ended = new Set(sessionIds);
    for (const [token, user] of this.verified) if (user.sessionId !== null && ended.has(user.sessionId)) this.verified.delete(token);
  }

  private forgetAll(): void {
    this.forgetting++;
    this.verified.clear();
  }
}
