import { cutText, textProblem } from './input-hygiene.js';

describe('cutText', () => {
  it('keeps text within the limit as it is', () => {
    expect(cutText('short', 80)).toBe('short');
  });

  it('never cuts a character in half: an emoji, a flag, a family, an accented letter stay whole or go whole', () => {
    expect(cutText(`${'A'.repeat(79)}😀`, 80)).toBe('A'.repeat(79));
    expect(cutText(`ab🇲🇽`, 3)).toBe('ab');
    expect(cutText(`x👨‍👩‍👧`, 6)).toBe('x');
    expect(cutText('cafe\u0301!', 4)).toBe('caf');
    for (let max = 0; max < 12; max++) expect(textProblem(cutText('😀a😀🇲🇽é', max))).toBeNull();
  });
});

describe('textProblem', () => {
  it('refuses Unicode noncharacters of every plane', () => {
    for (const c of ['\uFDD0', '\uFDEF', '\uFFFE', '\uFFFF', '\u{1FFFE}', '\u{10FFFF}']) expect(textProblem(`a${c}b`)).toMatch(/noncharacter/);
    expect(textProblem('\uFFFD \uFDCF \uFDF0 😀')).toBeNull();
  });
});
