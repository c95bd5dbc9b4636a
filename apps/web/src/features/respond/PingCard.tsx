import type { Answer, Ping } from '@centinela/contracts';
import { distanceMeters } from '@centinela/geo';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shared/api/client';
import { minutesSince } from '../../shared/ui/time';
import { answer, isQueued } from './answer-queue';
import { VerdictPanel } from './Verdict';

/** What a responder can say next (the server enforces the same order). */
const NEXT: Record<Ping['status'], Answer[]> = {
  pending: ['accepted', 'declined'],
  accepted: ['en_route', 'on_scene', 'declined'],
  en_route: ['on_scene', 'declined'],
  on_scene: ['done'],
  declined: ['accepted'],
  done: [],
  covered: [],
  cancelled: [],
};

const formatDistance = (m: number) => (m < 1000 ? `${Math.round(m / 10) * 10} m` : `${(m / 1000).toFixed(1)} km`);

type Props = { ping: Ping; now: number; position: [number, number] | null; fresh: boolean; onAnswered: (ping: Ping) => void };

export function PingCard({ ping, now, position, fresh, onAnswered }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [lon, lat] = ping.sighting.location.coordinates as [number, number];

  const send = async (status: Answer, etaMinutes?: number) => {
    setBusy(true);
    setError(null);
    try {
      const updated = await answer(ping.id, { status, ...(etaMinutes !== undefined ? { etaMinutes } : {}) });
      if (updated) onAnswered(updated);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const arrivesIn = ping.arrivalAt ? Math.max(0, Math.round((Date.parse(ping.arrivalAt) - now) / 60_000)) : null;
  return (
    <li className={`card ping ${ping.status}${fresh ? ' fresh' : ''}`} data-testid={`ping-${ping.id}`} data-status={ping.status}>
      <div className="row between">
        <strong>
          {ping.drill && (
            <span className="badge drill" data-testid="drill-badge">
              {t('drills.badge')}
            </span>
          )}{' '}
          {t(`activity.${ping.sighting.activity}`)} · {t(`agency.${ping.sighting.agency}`)}
        </strong>
        <span className={`ping-status ${ping.status}`}>{t(`pingStatus.${ping.status}`)}</span>
      </div>
      <p className="small">{t('respond.askedAs', { capability: t(`capability.${ping.capability}`) })}</p>
      {ping.sighting.locationDescription && <p>{ping.sighting.locationDescription}</p>}
      {ping.note && <p className="note">“{ping.note}”</p>}
      <p className="muted small">
        {t('time.observedAgo', { count: minutesSince(ping.sighting.observedAt, now) })}
        {position && <> · {t('respond.away', { distance: formatDistance(distanceMeters(position, [lon, lat])) })}</>}
        {arrivesIn !== null && ['accepted', 'en_route'].includes(ping.status) && <> · {t('respond.youArriveIn', { minutes: arrivesIn })}</>}
      </p>
      <p className="small">
        <a href={`geo:${lat},${lon}?q=${lat},${lon}`}>{t('respond.openInMaps')}</a> ·{' '}
        <a href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=18/${lat}/${lon}`} target="_blank" rel="noreferrer">
          OpenStreetMap
        </a>
      </p>
      {ping.status === 'on_scene' && <VerdictPanel pingId={ping.id} />}
      {ping.status === 'covered' && <p className="ok">{t('respond.coveredThanks')}</p>}
      {ping.status === 'cancelled' && <p className="muted">{t('respond.calledOff')}</p>}
      {ping.team.length > 0 && (
        <div className="team" data-testid="team">
          <span className="small muted">{t('respond.alsoGoing')}</span>
          <ul>
            {ping.team.map((m) => (
              <li key={m.alias}>
                {m.alias} · {t(`pingStatus.${m.status}`)}
                {m.arrivalAt && ['accepted', 'en_route'].includes(m.status) && (
                  <> · {t('dispatch.arrivesIn', { minutes: Math.max(0, Math.round((Date.parse(m.arrivalAt) - now) / 60_000)) })}</>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {NEXT[ping.status].length > 0 && (
        <div className="actions">
          {NEXT[ping.status].map((status) => (
            <button
              key={status}
              type="button"
              className={status === 'accepted' ? 'primary' : status === 'on_scene' || status === 'en_route' ? 'secondary' : ''}
              disabled={busy}
              onClick={() => void send(status)}
            >
              {t(`respond.${status}`)}
            </button>
          ))}
        </div>
      )}
      {ping.status === 'pending' && (
        <div className="eta-choices" role="group" aria-label={t('respond.acceptWithEta')}>
          <span className="small muted">{t('respond.acceptWithEta')}</span>
          {[5, 10, 15, 20].map((m) => (
            <button key={m} type="button" className="chip" disabled={busy} onClick={() => void send('accepted', m)}>
              {t('respond.minutes', { count: m })}
            </button>
          ))}
        </div>
      )}
      {isQueued(ping.id) && <p className="hint">{t('respond.queued')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
