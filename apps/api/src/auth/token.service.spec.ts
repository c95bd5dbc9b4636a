import { jest } from '@jest/globals';
import { SignJWT } from 'jose';
import { loadConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors/domain-error.js';
import { TokenService } from './token.service.js';

/** Verified tokens are remembered until they expire: never past that, and never a token that failed. */
describe('TokenService', () => {
  const secret = 's'.repeat(40);
  const tokens = new TokenService(loadConfig({ JWT_SECRET: secret, ACCESS_TOKEN_TTL_SECONDS: '60' }));
  const user = { id: '7f6c0b7e-7f1a-4c43-9b1e-3c3a4f0c2d11', username: 'ana', role: 'dispatcher' as const, responderId: null };
  const unauthenticated = expect.objectContaining({ code: 'unauthenticated' });

  afterEach(() => jest.useRealTimers());

  it('refuses a remembered token once it has expired', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: Date.parse('2026-11-30T21:00:00Z') });
    const { accessToken } = await tokens.issue(user);
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
    const { accessToken } = await tokens.issue(user);
    for (let i = 0; i < 2; i++) (await tokens.verify(accessToken)).role = 'coordinator'; // a caller changing its copy
    expect((await tokens.verify(accessToken)).role).toBe('dispatcher');
  });
});
