import { DomainError } from './domain-error.js';

describe('DomainError.invalid', () => {
  it('names each problem', () => {
    const error = DomainError.invalid([
      { path: 'location', message: 'is required' },
      { path: 'observedAt', message: 'must be a date' },
    ]);
    expect(error.message).toBe('location: is required; observedAt: must be a date');
    expect(error.issues).toHaveLength(2);
  });

  it('keeps the answer short when a body has thousands of bad keys, or very long ones', () => {
    const issues = Array.from({ length: 22_000 }, (_, i) => ({ path: `key${i}`, message: 'unknown field' }));
    issues.unshift({ path: `${'k'.repeat(199)}😀${'k'.repeat(50_000)}`, message: 'unknown field' });
    const error = DomainError.invalid(issues);
    expect(error.issues).toHaveLength(20);
    expect(error.message).toMatch(/; and 21981 more problems$/);
    expect(error.message.length).toBeLessThan(2_000);
    // Clipped on a whole character, never half of an emoji.
    expect(error.issues![0]!.path).toBe(`${'k'.repeat(199)}…`);
  });
});
