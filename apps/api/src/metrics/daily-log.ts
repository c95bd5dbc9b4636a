import type { DailyLogEntry, DailyLogFacts } from '@centinela/contracts';
import type { DailyLogRow } from './daily-log.repository.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const code = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null;

/**
 * What a log line says as codes and numbers, from the parts the SQL returned: kinds, statuses, counts and
 * directory names only — never free text (notes, reasons, other-agency text, place descriptions). The page says
 * it in the reader's language; `summarize` puts it in English words for the CSV and the printable page.
 */
export function factsOf(row: DailyLogRow): DailyLogFacts {
  const p = row.parts;
  switch (row.kind) {
    case 'sighting':
      return { kind: 'sighting', activity: code(p.activity), agency: code(p.agency), agents: num(p.agents), vehicles: num(p.vehicles) };
    case 'incident':
      return { kind: 'incident' };
    case 'referral':
      return { kind: 'referral', organization: str(p.organization), service: str(p.service) };
    case 'merged':
      return { kind: 'merged', from: str(p.from).slice(0, 8) };
    case 'status':
    case 'verdict':
      return { kind: row.kind, from: code(p.from), to: code(p.to) };
    case 'dispatch':
      return {
        kind: 'dispatch',
        needs: (Array.isArray(p.needs) ? (p.needs as { capability?: unknown; count?: unknown }[]) : []).map((n) => ({
          capability: str(n.capability),
          count: num(n.count) ?? 0,
        })),
      };
    case 'pings':
      return { kind: 'pings', pinged: num(p.pinged) ?? 0, accepted: num(p.accepted) ?? 0, onScene: num(p.onScene) ?? 0, declined: num(p.declined) ?? 0 };
  }
}

/** A log line in a few English words (the CSV's and the printable page's "what"), from its facts. */
export function summarize(facts: DailyLogFacts): string {
  switch (facts.kind) {
    case 'sighting': {
      const size = facts.agents !== null || facts.vehicles !== null ? `${facts.agents ?? '?'} agents, ${facts.vehicles ?? '?'} vehicles` : '';
      return [facts.activity ?? '', facts.agency === 'unknown' ? '' : (facts.agency ?? ''), size].filter(Boolean).join(' · ');
    }
    case 'incident':
      return 'opened';
    case 'referral':
      return `referred to ${facts.organization} — ${facts.service}`;
    case 'merged':
      return `merged with ${facts.from}`;
    case 'status':
    case 'verdict':
      return [facts.from ?? '', '→', facts.to ?? ''].filter(Boolean).join(' ');
    case 'dispatch':
      return facts.needs.map((n) => `${n.capability} ×${n.count}`).join(', ');
    case 'pings':
      return `${facts.pinged} pinged · ${facts.accepted} accepted · ${facts.onScene} on scene · ${facts.declined} declined`;
  }
}

export const toEntry = (row: DailyLogRow): DailyLogEntry => {
  const { parts: _parts, ...rest } = row;
  const facts = factsOf(row);
  return { ...rest, summary: summarize(facts), facts };
};
