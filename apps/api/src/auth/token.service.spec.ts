import { jest } from '@jest/globals';
import { SignJWT } from 'jose';
import { loadConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { ClusterChannel, TopicSubscriber } from '../cluster/cluster-channel.js';
import type { UnitOfWork } from '../database/unit-of-work.js';
import { SessionsEnded } from '../sessions/sessions.events.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { TokenService } from './token.service.js';

/**
 * Verified tokens are remembered until they expire: never past that, never a token that failed, and never a token
 * whose session ended. The session is looked up once per token, not per request.
 */
describe('TokenService', () => {
  const secret = 's'.repeat(40);
  const open = new Set<string>(['5e55f0a1-0000-4000-8000-000000000001', '5e55f0a1-0000-4000-8000-000000000002']);
  const lookups: string[] = [];
  const sessions = {
    isOpen: (id: string) => {
      lookups.push(id);
      return Promise.resolve(open.has(id));
    },
  } as unknown as SessionsService;
  const uow = { db: {}, deliver: () => Promise.resolve() } as unknown as UnitOfWork;
  const subscribers = new Map<string, TopicSubscriber>();
  const cluster = { subscribe: (topic: string, subscriber: TopicSubscriber) => subscribers.set(topic, subscriber) } as unknown as ClusterChannel;
  const tokens = new TokenService(loadConfig({ JWT_SECRET: secret, ACCESS_TOKEN_TTL_SECONDS: '60' }), uow, sessions, cluster);
  const user = { id: '7f6c0b7e-7f1a-4c43-9b1e-3c3a4f0c2d11', username: 'ana', role: 'dispatcher' as const, responderId: null };
  const session = { id: '5e55f0a1-0000-4000-8000-000000000001', startedAt: Date.now() };
  const unauthenticated = expect.objectContaining({ code: 'unauthenticated' });

  tokens.onModuleInit();
  afterEach(() => jest.useRealTimers());

  it('refuses a remembered token once it has expired', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: Date.parse('2026-11-30T21:00:00Z') });
    const { accessToken } = await tokens.issue(user, { id: '5e55f0a1-0000-4000-8000-000000000001', startedAt: Date.now() });
    expect(await tokens.verify(accessToken)).toMatchObject({ id: user.id, role: 'dispatcher' });
    jest.setSystemTime(Date.parse('2026-11-30T21:00:59Z'));
    expect(await tokens.verify(accessToken)).toMatchObject({ id: user.id }); // still valid, from memory
    jest.setSystemTime(Date.parse('2026-11-30T21:01:00Z'));
    await expect(tokens.verify(accessToken)).rejects.toEqual(unauthenticated);
    await expect(tokens.verify(accessToken)).rejects.toEqual(unauthenticated);
  });

  it('never remembers a forged token, and hands out copies', async () => {
    const forged = await new SignJWT({ role: 'coordinator', name: 'x', rid: null, sat: Date.now() })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('f'.repeat(40)));
    for (let i = 0; i < 2; i++) await expect(tokens.verify(forged)).rejects.toBeInstanceOf(DomainError);
    const { accessToken } = await tokens.issue(user, session);
    for (let i = 0; i < 2; i++) (await tokens.verify(accessToken)).role = 'coordinator'; // a caller changing its copy
    expect((await tokens.verify(accessToken)).role).toBe('dispatcher');
  });

  it('looks a session up once per token, refuses an ended one, and forgets its tokens when it ends', async () => {
    const first = await tokens.issue(user, { id: '5e55f0a1-0000-4000-8000-000000000002', startedAt: Date.now() });
    lookups.length = 0;
    for (let i = 0; i < 3; i++) expect(await tokens.verify(first.accessToken)).toMatchObject({ sessionId: '5e55f0a1-0000-4000-8000-000000000002' });
    expect(lookups).toEqual(['5e55f0a1-0000-4000-8000-000000000002']);
    open.delete('5e55f0a1-0000-4000-8000-000000000002');
    expect(await tokens.verify(first.accessToken)).toMatchObject({ sessionId: '5e55f0a1-0000-4000-8000-000000000002' }); // remembered until told
    tokens.forget(new SessionsEnded(['5e55f0a1-0000-4000-8000-000000000002']));
    await expect(tokens.verify(first.accessToken)).rejects.toEqual(expect.objectContaining({ message: expect.stringMatching(/session has ended/) }));
    const ended = await tokens.issue(user, { id: '5e55f0a1-0000-4000-8000-0000000000ff', startedAt: Date.now() });
    await expect(tokens.verify(ended.accessToken)).rejects.toEqual(unauthenticated);
  });

  it('forgets every remembered token after a lost connection to the other processes (a NOTIFY is not replayed)', async () => {
    const { accessToken } = await tokens.issue(user, session);
    await tokens.verify(accessToken);
    lookups.length = 0;
    await tokens.verify(accessToken);
    expect(lookups).toEqual([]);
    await subscribers.get('sessions')!.resync();
    await tokens.verify(accessToken);
    expect(lookups).toEqual(['5e55f0a1-0000-4000-8000-000000000001']);
  });
});
