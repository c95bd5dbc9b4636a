import { type Dispatch, type IncidentStatus, type IncidentView, isVerified, type Sighting } from '@centinela/contracts';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../shared/i18n/format';
import { api } from '../../shared/api/client';
import { useSession } from '../../shared/api/session';
import { sessionStore } from '../../shared/api/session-store';
import { DispatchPanel, NeedsForm } from './DispatchPanel';
import { statusBadgeColors } from './colors';
import { ResponseClock } from './ResponseClock';
import { Debrief, FollowUps, Photos, Witnesses } from './RecordPanels';
import { IncidentReferrals } from '../referrals/components/IncidentReferrals';
import { StatusActions } from './StatusActions';
import { Timeline } from './Timeline';
import { useIncidentAction } from './useIncidentAction';
import { latestSighting } from './useIncidents';

type Props = {
  view: IncidentView;
  others: IncidentView[];
  now: number;
  pendingStatus: IncidentStatus | null;
  onPendingDone: () => void;
  onUpdated: (view: IncidentView) => void;
  onDispatch: (dispatch: Dispatch) => void;
  onClose: () => void;
};

function SightingCard({ sighting, canSplit, onSplit }: { sighting: Sighting; canSplit: boolean; onSplit: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const size = [
    sighting.size.agents !== null && t('salute.agentsCount', { count: sighting.size.agents }),
    sighting.size.vehicles !== null && t('salute.vehiclesCount', { count: sighting.size.vehicles }),
  ].filter(Boolean);
  const rows: [string, string][] = [
    [t('salute.size'), size.join(', ')],
    [t('salute.locationDescription'), sighting.locationDescription],
    [t('salute.uniform'), sighting.uniform],
    [t('salute.equipment'), sighting.equipment],
    [t('salute.notes'), sighting.notes],
  ];
  return (
    <li className="sighting-card" data-testid={`sighting-${sighting.id}`}>
      <div className="row between">
        <strong>
          {t(`activity.${sighting.activity}`)} · {t(`agency.${sighting.agency}`)}
        </strong>
        <span className="small muted">
          {t(`channel.${sighting.channel}`)} · {format.time(sighting.observedAt)}
          {sighting.confirms && <> · ✓ {t('incident.confirming')}</>}
        </span>
      </div>
      <dl>
        {rows
          .filter(([, v]) => v)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {canSplit && (
        <button type="button" className="link small" onClick={onSplit} data-testid="split">
          {t('incident.split')}
        </button>
      )}
    </li>
  );
}

/**
 * When agents were first seen: the window runs from the first report, not from the latest — a verifier confirming on
 * scene (a responder's sighting) or a neighbour calling again does not restart it.
 */
const firstSeen = (sightings: readonly Sighting[]): string | undefined =>
  sightings
    .filter((s) => s.channel !== 'responder')
    .map((s) => s.observedAt)
    .sort()[0];

/** One incident in full: the clock, status and why, who handles it, dispatches, sightings, and its record. */
export function IncidentDrawer({ view, others, now, pendingStatus, onPendingDone, onUpdated, onDispatch, onClose }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession()?.user;
  const { incident, sightings, zones, dispatches } = view;
  const { run, message } = useIncidentAction(onUpdated);
  const [dispatching, setDispatching] = useState(false);
  const [note, setNote] = useState('');
  const [mergeWith, setMergeWith] = useState('');
  /** Bumped when the record grows without a new version (a note, a referral), so its panels reload. */
  const [recordStamp, setRecordStamp] = useState(0);
  const [withContacts, setWithContacts] = useState(false);
  const head = latestSighting(view);
  const mine = incident.claim?.userId === me?.id;

  const claim = () => run(() => api<IncidentView>(mine ? 'DELETE' : 'POST', `/api/incidents/${incident.id}/claim`, mine ? undefined : {}));
  const addNote = async (e: SubmitEvent) => {
    e.preventDefault();
    if (await run(() => api<IncidentView>('POST', `/api/incidents/${incident.id}/notes`, { text: note }))) {
      setNote('');
      setRecordStamp((n) => n + 1);
    }
  };
  const merge = async () => {
    const other = others.find((o) => o.incident.id === mergeWith);
    if (!other) return;
    await run(() =>
      api<IncidentView>('POST', `/api/incidents/${incident.id}/merge`, {
        otherIncidentId: other.incident.id,
        version: incident.version,
        otherVersion: other.incident.version,
      }),
    );
    setMergeWith('');
  };
  const exportZip = async () => {
    const query = withContacts ? '?include=witness-contacts' : '';
    const response = await fetch(`/api/incidents/${incident.id}/export${query}`, {
      headers: { authorization: `Bearer ${sessionStore.get()?.accessToken ?? ''}` },
    });
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: `centinela-incident-${incident.id}.zip` });
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section className="details drawer" data-testid="incident-drawer" data-version={incident.version} aria-labelledby="incident-title">
      <div className="row between">
        <h2 id="incident-title">
          {incident.drill && (
            <span className="badge drill" data-testid="drill-badge">
              {t('drills.badge')}
            </span>
          )}{' '}
          {t(`activity.${head.activity}`)} · {t(`agency.${head.agency}`)}
        </h2>
        <button type="button" className="link" onClick={onClose} aria-label={t('common.close')}>
          ✕
        </button>
      </div>
      <div className="row between">
        <span className="badge" style={{ background: statusBadgeColors[incident.status] }} data-testid="incident-status">
          {t(`status.${incident.status}`)}
          {incident.status === 'other_agency' && incident.otherAgency && `: ${incident.otherAgency}`}
        </span>
        <span className="small muted">{t('triage.sources', { count: incident.sources.total, channels: zones.map((z) => z.name).join(', ') })}</span>
        <button type="button" className={mine ? '' : 'secondary'} onClick={() => void claim()} data-testid="claim-button">
          {mine ? t('triage.release') : incident.claim ? t('triage.handledBy', { name: incident.claim.username }) : t('triage.claim')}
        </button>
      </div>
      <ResponseClock observedAt={firstSeen(sightings) ?? incident.openedAt} now={now} />
      {message && (
        <p className={message.kind === 'conflict' ? 'hint' : 'error'} role="alert" data-testid="incident-message">
          {message.text}
        </p>
      )}
      <StatusActions view={view} pending={pendingStatus} onPendingDone={onPendingDone} run={run} />
      {incident.status === 'confirmed' && (
        <Link className="button primary" to={`/alerts/compose?incident=${incident.id}`} data-testid="compose-alert">
          {incident.drill ? t('communityAlerts.composeDrill') : t('communityAlerts.composeFromIncident')}
        </Link>
      )}

      <div className="row between wrap">
        <h3>{t('dispatch.responders')}</h3>
        <span className="row wrap">
          <button
            type="button"
            className={dispatches.some((d) => d.status !== 'cancelled') ? '' : 'primary'}
            onClick={() =>
              void api<Dispatch>('POST', `/api/incidents/${incident.id}/dispatches`, { needs: [{ capability: 'verifier', count: 2 }] }).then(onDispatch)
            }
            data-testid="dispatch-verifiers"
          >
            {t('triage.dispatchVerifiers')}
          </button>
          <button type="button" onClick={() => setDispatching((v) => !v)} data-testid="dispatch-open">
            {t('dispatch.dispatch')}
          </button>
        </span>
      </div>
      {dispatching && (
        <NeedsForm
          initial={[]}
          withNote
          submitLabel={t('dispatch.send')}
          onSubmit={async (needs, dispatchNote) => {
            onDispatch(await api<Dispatch>('POST', `/api/incidents/${incident.id}/dispatches`, { needs, ...(dispatchNote ? { note: dispatchNote } : {}) }));
            setDispatching(false);
          }}
        />
      )}
      {dispatches.length === 0 && !dispatching && (
        <p className="muted small">{head.channel === 'web' ? t('dispatch.publicNotPinged') : t('dispatch.notDispatched')}</p>
      )}
      {[...dispatches].reverse().map((d) => (
        <DispatchPanel key={d.id} dispatch={d} verified={isVerified(incident.status)} now={now} onChanged={onDispatch} />
      ))}

      <h3>{t('incident.sightings', { count: sightings.length })}</h3>
      <ol className="plain">
        {[...sightings].reverse().map((s) => (
          <SightingCard
            key={s.id}
            sighting={s}
            canSplit={sightings.length > 1}
            onSplit={() => void run(() => api<IncidentView>('POST', `/api/incidents/${incident.id}/split`, { sightingId: s.id, version: incident.version }))}
          />
        ))}
      </ol>
      {others.length > 0 && (
        <div className="row">
          <select value={mergeWith} onChange={(e) => setMergeWith(e.target.value)} aria-label={t('incident.mergeWith')} data-testid="merge-select">
            <option value="">{t('incident.mergeWith')}</option>
            {others.map((o) => (
              <option key={o.incident.id} value={o.incident.id}>
                {t(`activity.${latestSighting(o).activity}`)} · {latestSighting(o).locationDescription || o.zones.map((z) => z.name).join(', ')} ·{' '}
                {format.time(o.incident.lastObservedAt)}
              </option>
            ))}
          </select>
          <button type="button" disabled={!mergeWith} onClick={() => void merge()} data-testid="merge">
            {t('incident.merge')}
          </button>
        </div>
      )}

      <h3>{t('incident.timeline')}</h3>
      <form className="row" onSubmit={(e) => void addNote(e)}>
        <input name="note" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('incident.notePlaceholder')} maxLength={4000} />
        <button type="submit" disabled={!note.trim()}>
          {t('incident.addNote')}
        </button>
      </form>
      <Timeline incidentId={incident.id} version={incident.version} stamp={recordStamp} />
      <Photos view={view} />
      <Witnesses incidentId={incident.id} version={incident.version} />
      <IncidentReferrals
        incidentId={incident.id}
        version={incident.version}
        lon={incident.location.coordinates[0]!}
        lat={incident.location.coordinates[1]!}
        onReferred={() => setRecordStamp((n) => n + 1)}
      />
      <FollowUps incidentId={incident.id} version={incident.version} stamp={recordStamp} />
      <Debrief view={view} run={run} />
      {!incident.drill && (
        <div className="export">
          <label className="inline">
            <input type="checkbox" checked={withContacts} onChange={(e) => setWithContacts(e.target.checked)} data-testid="export-witness-contacts" />{' '}
            {t('incident.exportWitnessContacts')}
          </label>
          {withContacts && <p className="warning small">{t('incident.exportWitnessContactsWarning')}</p>}
          <button type="button" onClick={() => void exportZip()} data-testid="export">
            {t('incident.export')}
          </button>
        </div>
      )}
    </section>
  );
}
