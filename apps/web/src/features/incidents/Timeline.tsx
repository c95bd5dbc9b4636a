import { systemLogReasonOf, type TimelineEntry } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { useFormat } from '../../shared/i18n/format';

/** Actors that are not people: said in the reader's language. People's usernames and aliases stay as they are. */
const ACTORS: Record<string, string> = { system: 'system', 'public report': 'publicReport', responder: 'responder', automatic: 'automatic' };

/** A reason Centinela wrote (by its code, or its exact English text in older entries) in the reader's language; people's text as it is. */
function reasonText(t: TFunction, code: unknown, text: unknown): string {
  const known = systemLogReasonOf(code, text);
  return known ? t(`timeline.systemReason.${known}`) : typeof text === 'string' ? text : '';
}

/** What a timeline line says, from its kind and detail. */
function describe(t: TFunction, e: TimelineEntry, format: ReturnType<typeof useFormat>): string {
  const d = e.detail as Record<string, string | number | null | undefined>;
  switch (e.kind) {
    case 'sighting':
      return t('timeline.sighting', { channel: t(`channel.${d.channel}`), place: d.locationDescription ?? '' });
    case 'dispatched':
      return t('timeline.dispatched', { note: d.note ?? '' });
    case 'pinged':
      return t('timeline.pinged', { alias: d.alias, capability: t(`capability.${d.capability}`), wave: d.wave });
    case 'answer':
      return t('timeline.answer', { status: t(`pingStatus.${d.status}`) });
    case 'status':
      return t('timeline.status', { from: t(`status.${d.from}`), to: t(`status.${d.to}`), reason: reasonText(t, d.reasonCode, d.reason) });
    case 'released':
      return d.why ? t('timeline.releasedBecause', { why: reasonText(t, d.whyCode, d.why) }) : t('timeline.released');
    case 'verdict': {
      const line = t('timeline.status', { from: t(`status.${d.from}`), to: t(`status.${d.to}`), reason: d.note ?? '' });
      // Once the dispatch is over the distance is dropped (it says where the responder was); `located` stays.
      if (typeof d.distanceMeters !== 'number' && e.detail.located === true)
        return `${line} · ${t(e.detail.atScene === false ? 'timeline.verdictAway' : 'timeline.verdictAtScene')}`;
      if (typeof d.distanceMeters !== 'number') return `${line} · ${t('timeline.verdictNoLocation')}`;
      return `${line} · ${t(e.detail.atScene === false ? 'timeline.verdictFar' : 'timeline.verdictNear', { meters: d.distanceMeters })}`;
    }
    case 'note':
      return String(d.text ?? '');
    case 'call':
      return t('timeline.call', {
        language: d.language ? format.language(String(d.language)) : '—',
        duration: format.duration(typeof d.durationSeconds === 'number' ? d.durationSeconds : null),
      });
    case 'referral':
      return t('timeline.referral', { organization: d.organization ?? '', service: d.service ?? '' });
    default:
      return t(`timeline.${e.kind}`, { ...d, defaultValue: e.kind });
  }
}

/**
 * The incident's record, in order, with who did each thing. Reloaded whenever the incident changes, and when
 * `stamp` does (additions to the record, such as notes and referrals, leave the incident's version as it was).
 */
export function Timeline({ incidentId, version, stamp = 0 }: { incidentId: string; version: number; stamp?: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  useEffect(() => {
    let live = true;
    void api<TimelineEntry[]>('GET', `/api/incidents/${incidentId}/timeline`).then((e) => live && setEntries(e));
    return () => {
      live = false;
    };
  }, [incidentId, version, stamp]);
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((e, i) => (
        <li key={i} className={`tl-${e.kind}`}>
          <time className="muted small" dateTime={e.at}>
            {format.timeWithSeconds(e.at)}
          </time>
          <span>
            {e.actor && <strong>{ACTORS[e.actor] ? t(`timeline.actor.${ACTORS[e.actor]}`) : e.actor}: </strong>}
            {describe(t, e, format)}
          </span>
        </li>
      ))}
    </ol>
  );
}
