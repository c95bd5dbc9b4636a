import type { IncidentStatus, IncidentView } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../shared/api/session';
import { minutesSince } from '../../shared/ui/time';
import { statusColors } from './colors';
import { pingCounts } from './ping-counts';
import { latestSighting, NEW_FOR_MS } from './useIncidents';

export const queueFilters = ['live', 'unverified', 'confirmed', 'closed'] as const;
export type QueueFilter = (typeof queueFilters)[number];
const unverified: IncidentStatus[] = ['reported', 'verifying'];
export const passes = (filter: QueueFilter, status: IncidentStatus) =>
  filter === 'live' ||
  (filter === 'unverified' && unverified.includes(status)) ||
  (filter === 'confirmed' && (status === 'confirmed' || status === 'other_agency')) ||
  (filter === 'closed' && (status === 'false_alarm' || status === 'unverifiable'));

type Props = {
  views: IncidentView[];
  now: number;
  selectedId: string | null;
  filter: QueueFilter;
  onFilter: (f: QueueFilter) => void;
  onSelect: (id: string) => void;
  /** Incidents with reports nobody on this screen has looked at yet. */
  unseen?: readonly string[];
};

/** The triage queue: one line per incident, unverified and newest first, with who is handling it. */
export function IncidentQueue({ views, now, selectedId, filter, onFilter, onSelect, unseen = [] }: Props) {
  const { t } = useTranslation();
  const me = useSession()?.user.id;
  return (
    <>
      <div className="filters pad-x" role="tablist" aria-label={t('triage.filter')}>
        {queueFilters.map((f) => (
          <button
            key={f}
            type="button"
            role="tab"
            aria-selected={filter === f}
            className={`chip${filter === f ? ' on' : ''}`}
            onClick={() => onFilter(f)}
            data-testid={`filter-${f}`}
          >
            {t(`triage.${f}`)}
          </button>
        ))}
      </div>
      {views.length === 0 && <p className="muted pad">{t('dispatch.queueEmpty')}</p>}
      <ol className="queue" aria-label={t('dispatch.queue')}>
        {views.map((view) => {
          const { incident, dispatches, zones } = view;
          const head = latestSighting(view);
          const counts = pingCounts(dispatches);
          const isNew = now - Date.parse(head.reportedAt) < NEW_FOR_MS;
          const channels = Object.entries(incident.sources.byChannel)
            .map(([c, n]) => t(`triage.channelCount.${c}`, { count: n }))
            .join(', ');
          return (
            <li key={incident.id}>
              <button
                type="button"
                className={`queue-item${incident.id === selectedId ? ' selected' : ''}${isNew ? ' new' : ''}${unseen.includes(incident.id) ? ' unseen' : ''}`}
                data-testid={`incident-${incident.id}`}
                data-status={incident.status}
                onClick={() => onSelect(incident.id)}
              >
                <span className="status-dot" style={{ background: statusColors[incident.status] }} aria-hidden />
                <span className="queue-main">
                  <strong>
                    {incident.drill && <span className="badge drill">{t('drills.badge')}</span>}
                    {unseen.includes(incident.id) && <span className="badge unseen-badge">{t('alerts.unseen')}</span>} {t(`activity.${head.activity}`)} ·{' '}
                    {t(`agency.${head.agency}`)}
                  </strong>
                  <span className="muted">{head.locationDescription || zones.map((z) => z.name).join(', ') || t('dispatch.noZone')}</span>
                  <span className="small">
                    {t('time.observedAgo', { count: minutesSince(incident.lastObservedAt, now) })} · {t(`status.${incident.status}`)} ·{' '}
                    <span data-testid="sources">{t('triage.sources', { count: incident.sources.total, channels })}</span>
                  </span>
                  {dispatches.length > 0 && (
                    <span className="small" data-testid="ping-counts">
                      {t('dispatch.pingCounts', {
                        going: counts.accepted + counts.en_route,
                        onScene: counts.on_scene,
                        pending: counts.pending,
                        declined: counts.declined,
                      })}
                    </span>
                  )}
                  {incident.claim && (
                    <span className={`small claim${incident.claim.userId === me ? ' mine' : ''}`} data-testid="claim">
                      {incident.claim.userId === me ? t('triage.youHandle') : t('triage.handledBy', { name: incident.claim.username })}
                    </span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </>
  );
}
