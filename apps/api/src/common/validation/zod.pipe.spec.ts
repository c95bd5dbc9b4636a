import { alertRejectionSchema, createSightingSchema } from '@centinela/contracts';
import { DomainError } from '../errors/domain-error.js';
import { ZodPipe } from './zod.pipe.js';

/** The issues of the 400 a body gets through a contract. */
function issuesOf(pipe: ZodPipe<never>, body: unknown) {
  try {
    pipe.transform(body);
  } catch (error) {
    if (error instanceof DomainError) return error.issues ?? [];
    throw error;
  }
  throw new Error('the body passed');
}

describe('ZodPipe: each field issue carries a code the web app says in its reader language', () => {
  const sighting = new ZodPipe(createSightingSchema as never);
  const valid = { location: { type: 'Point', coordinates: [-87.65, 41.85] }, observedAt: new Date().toISOString(), channel: 'hotline-call' };

  it('tells a missing field from one of the wrong type', () => {
    const { channel: _missing, ...rest } = valid;
    expect(issuesOf(sighting, rest)).toEqual([expect.objectContaining({ path: 'channel', code: 'required' })]);
    expect(issuesOf(sighting, { ...valid, channel: 7 })).toEqual([expect.objectContaining({ path: 'channel', code: 'invalidOption' })]);
    expect(issuesOf(sighting, { ...valid, notes: 7 })).toEqual([expect.objectContaining({ path: 'notes', code: 'invalidType' })]);
  });

  it('names the bound of a number, a text and an unknown field', () => {
    expect(issuesOf(sighting, { ...valid, size: { agents: 5000 } })).toEqual([
      expect.objectContaining({ path: 'size.agents', code: 'tooBig', params: { maximum: '1000' } }),
    ]);
    expect(issuesOf(sighting, { ...valid, notes: 'x'.repeat(2001) })).toEqual([
      expect.objectContaining({ path: 'notes', code: 'tooLong', params: { maximum: '2000' } }),
    ]);
    expect(issuesOf(sighting, { ...valid, reporterPhone: '+13125550100' })).toEqual([
      { path: 'reporterPhone', message: 'unknown field', code: 'unknownField' },
    ]);
  });

  it("keeps a contract's own words beside the code", () => {
    expect(issuesOf(new ZodPipe(alertRejectionSchema as never), { reason: '   ' })).toEqual([{ path: 'reason', message: 'say why', code: 'required' }]);
  });
});
