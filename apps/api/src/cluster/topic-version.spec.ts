import { TopicVersion } from './topic-version.js';

describe('TopicVersion', () => {
  it('applies messages that come in order and is behind only the versions it never saw', () => {
    const v = new TopicVersion();
    v.reloaded(3);
    expect([v.received(4), v.received(5)]).toEqual(['apply', 'apply']);
    expect([v.upTo, v.behind(5), v.behind(6)]).toEqual([5, false, true]);
  });

  it('applies another process’s lower version that arrives after its own change took a higher one', () => {
    const v = new TopicVersion();
    v.reloaded(3);
    v.own(5); // the other transaction committed 4 first; its notification is still on its way
    expect(v.upTo).toBe(3);
    expect(v.received(4)).toBe('apply');
    expect(v.upTo).toBe(5);
    expect(v.behind(5)).toBe(false);
  });

  it('asks for a reload when a version below one received never arrived, and not again once reloaded', () => {
    const v = new TopicVersion();
    v.reloaded(3);
    expect(v.received(5)).toBe('reload');
    v.reloaded(5);
    expect(v.upTo).toBe(5);
    expect(v.received(6)).toBe('apply');
    expect(v.upTo).toBe(6);
  });

  it('still applies a message already covered by a reload (the change is read again, never lost)', () => {
    const v = new TopicVersion();
    v.reloaded(7);
    expect(v.received(6)).toBe('apply');
    expect(v.received(7)).toBe('apply');
    expect(v.upTo).toBe(7);
  });

  it('keeps its own versions ahead of a reload that read less, and absorbs them once the gap is filled', () => {
    const v = new TopicVersion();
    v.own(2);
    v.own(4);
    v.reloaded(1);
    expect(v.upTo).toBe(2);
    expect(v.received(3)).toBe('apply');
    expect(v.upTo).toBe(4);
  });
});
