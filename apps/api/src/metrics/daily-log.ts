import type { DailyLogEntry } from '@centinela/contracts';
import type { DailyLogRow } from './daily-log.repository.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/**
 * A log line in a few words (the CSV's and the printable page's "what"), from the parts the SQL returned: kinds,
 * statuses, counts and directory names only — never free text (notes, reasons, other-agency text, place descriptions).
 */
export function summarize(row: DailyLogRow): string {
  const p = row.parts;
  switch (row.kind) {
    case 'sighting': {
      const size = p.agents !== null || p.vehicles !== null ? `${str(p.agents) || '?'} agents, ${str(p.vehicles) || '?'} vehicles` : '';
      return [str(p.activity), str(p.agency) === 'unknown' ? '' : str(p.agency), size].filter(Boolean).join(' · ');
    }
    case 'incident':
      return 'opened';
    case 'referral':
      return `referred to ${str(p.organization)} — ${str(p.service)}`;
    case 'merged':
      return `merged with ${str(p.from).slice(0, 8)}`;
    case 'status':
    case 'verdict':
      return [str(p.from), '→', str(p.to)].filter(Boolean).join(' ');
    case 'dispatch':
      return (Array.isArray(p.needs) ? (p.needs as { capability?: unknown; count?: unknown }[]) : [])
        .map((n) => `${str(n.capability)} ×${str(n.count)}`)
        .join(', ');
    case 'pings':
      return `${str(p.pinged)} pinged · ${str(p.accepted)} accepted · ${str(p.onScene)} on scene · ${str(p.declined)} declined`;
    default:
      return '';
  }
}

export const toEntry = (row: DailyLogRow): DailyLogEntry => {
  const { parts: _parts, ...rest } = row;
  return { ...rest, summary: summarize(row) };
};
