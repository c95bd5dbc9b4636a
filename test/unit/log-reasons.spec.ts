import { readFileSync } from 'node:fs';
import path from 'node:path';
import { systemLogReasonOf, systemLogReasons, systemReason } from '../../libs/contracts/src/log-reasons.js';

/**
 * The reasons Centinela writes into an incident's log are said in the reader's language: each has its
 * `timeline.systemReason.<code>` text (locales.spec checks every language has what English has), and an old
 * entry, written before codes, is known by its exact English text. Text people typed is left alone.
 */
const english = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../apps/web/src/shared/i18n/locales/en.json'), 'utf8')) as {
  timeline: { systemReason: Record<string, string> };
};

describe('system log reasons', () => {
  it('has an English text for each reason the server writes, and none for a reason it does not', () => {
    expect(Object.keys(english.timeline.systemReason).sort()).toEqual(Object.keys(systemLogReasons).sort());
  });

  it('knows a reason by its code, or by its exact text in entries written before codes', () => {
    expect(systemReason('verifierDispatched')).toEqual({ reason: 'a verifier was dispatched', reasonCode: 'verifierDispatched' });
    expect(systemLogReasonOf('drillEnded', 'drill ended')).toBe('drillEnded');
    expect(systemLogReasonOf(undefined, 'a verifier was dispatched')).toBe('verifierDispatched');
    expect(systemLogReasonOf(undefined, 'signed out')).toBe('signedOut');
  });

  it('leaves what people typed alone, even a code-like word', () => {
    expect(systemLogReasonOf(undefined, 'two callers and a photo')).toBeNull();
    expect(systemLogReasonOf(undefined, 'Drill ended')).toBeNull();
    expect(systemLogReasonOf(undefined, 'drillEnded')).toBeNull();
    expect(systemLogReasonOf('toString', 'anything')).toBeNull();
    expect(systemLogReasonOf(undefined, undefined)).toBeNull();
  });
});
