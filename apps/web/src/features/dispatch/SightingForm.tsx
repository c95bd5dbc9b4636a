import {
  activities,
  agencies,
  type CreateSighting,
  channels,
  type GeocodeResult,
  type HotlineCall,
  type SightingView,
  type ThreadSummary,
} from '@centinela/contracts';
import { type RefObject, type SubmitEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, describeError, describeIssue } from '../../shared/api/client';
import { useFirstAttempt, useIdempotencyKeys } from '../../shared/api/idempotency';
import { useFormat } from '../../shared/i18n/format';
import { ConfirmDanger } from '../../shared/ui/ConfirmDanger';
import { PlaceSearch } from '../geocoding/PlaceSearch';
import { useDiscardGuard } from './useDiscardGuard';
import type { Suggestion } from './useDraft';

type Props = {
  at: [number, number];
  /** What the place is called (a search answer, or reverse geocoding of a click): fills the description. */
  suggestion: Suggestion | null;
  streetMap: boolean;
  near: () => [number, number] | null;
  searchRef: RefObject<HTMLInputElement | null>;
  onRelocate: (result: GeocodeResult) => void;
  onSubmitting: (at: [number, number]) => void;
  onCreated: (view: SightingView) => void;
  onCancel: () => void;
  /**
   * Set by the form to what Esc does here (the page's own Esc shortcut calls it too): closes an untouched form, and
   * asks before throwing away one with anything entered.
   */
  escapeRef?: RefObject<(() => void) | null>;
  /** Turning a message thread into a sighting: sent to the thread, which keeps it; the channel is the thread's. */
  thread?: ThreadSummary | null;
  /** Logged from a hotline call: channel `hotline-call`, linked to the call (its timeline records the call). */
  call?: HotlineCall | null;
};

const optionalInt = (value: string): number | undefined => (value.trim() === '' ? undefined : Number.parseInt(value, 10));

/**
 * Logging a sighting from a call, SALUTE-ordered: Size, Activity, Location, Unit/Uniform, Time observed,
 * Equipment. Only the place and time are required; everything else can be added as the caller speaks.
 */
export function SightingForm({
  at,
  suggestion,
  streetMap,
  near,
  searchRef,
  onRelocate,
  onSubmitting,
  onCreated,
  onCancel,
  escapeRef,
  thread = null,
  call = null,
}: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const describeRef = useRef<HTMLInputElement>(null);
  /** The last name the map offered: replaced by the next one unless the dispatcher has typed over it. */
  const offered = useRef('');
  const [agents, setAgents] = useState('');
  const [vehicles, setVehicles] = useState('');
  const [activity, setActivity] = useState<(typeof activities)[number]>('other');
  const [locationDescription, setLocationDescription] = useState('');
  const [agency, setAgency] = useState<(typeof agencies)[number]>('unknown');
  const [uniform, setUniform] = useState('');
  const [minutesAgo, setMinutesAgo] = useState('0');
  const [equipment, setEquipment] = useState('');
  const [notes, setNotes] = useState('');
  const [channel, setChannel] = useState<(typeof channels)[number]>('hotline-call');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const keys = useIdempotencyKeys();
  const attempt = useFirstAttempt();
  /** Anything the dispatcher entered (the place's name the map offered and the pin itself are not theirs to lose). */
  const entered =
    (locationDescription.trim() !== '' && locationDescription !== offered.current) ||
    [agents, vehicles, uniform, equipment, notes].some((v) => v.trim() !== '') ||
    activity !== 'other' ||
    agency !== 'unknown' ||
    minutesAgo !== '0' ||
    channel !== 'hotline-call';
  const discard = useDiscardGuard({ entered, onDiscard: onCancel, fallbackFocus: describeRef, escapeRef });

  // Moving the pin keeps everything typed; the place's name fills the description only while it is the map's own.
  useEffect(() => {
    if (!suggestion) return;
    setLocationDescription((current) => {
      if (current.trim() !== '' && current !== offered.current) return current;
      offered.current = suggestion.text;
      return suggestion.text;
    });
    const input = describeRef.current;
    if (input && document.activeElement !== input) {
      input.focus();
      requestAnimationFrame(() => input.setSelectionRange(input.value.length, input.value.length));
    }
  }, [suggestion]);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    onSubmitting(at);
    const body: CreateSighting = {
      location: { type: 'Point', coordinates: at },
      observedAt: new Date(attempt.at() - (optionalInt(minutesAgo) ?? 0) * 60_000).toISOString(),
      channel,
      size: { agents: optionalInt(agents) ?? null, vehicles: optionalInt(vehicles) ?? null },
      activity,
      agency,
      locationDescription,
      uniform,
      equipment,
      notes,
    };
    try {
      const { channel: _channel, ...linked } = body;
      const created = thread
        ? await api<SightingView>('POST', `/api/threads/${thread.id}/sighting`, linked, { 'idempotency-key': keys.keyFor(linked) })
        : call
          ? await api<SightingView>('POST', `/api/hotline/calls/${call.id}/sighting`, linked, { 'idempotency-key': keys.keyFor(linked) })
          : await api<SightingView>('POST', '/api/sightings', body, { 'idempotency-key': keys.keyFor(body) });
      keys.reset();
      attempt.reset();
      onCreated(created);
    } catch (e) {
      // A refusal (4xx) means the dispatcher will change something: the next try is a new submission.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) attempt.reset();
      setErrors(e instanceof ApiError && !e.reason && e.issues?.length ? e.issues.map((i) => describeIssue(i)) : [describeError(e)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="panel-form"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          // Handled here, not by the page's shortcut as well: one Esc is one step.
          e.preventDefault();
          e.stopPropagation();
          discard.escape();
        }
        // Enter on a list (activity, agency, channel) sends too, so the whole call can be logged by keyboard.
        if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'SELECT') {
          e.preventDefault();
          e.currentTarget.requestSubmit();
        }
      }}
      data-testid="sighting-form"
    >
      <h2>{t('dispatch.newSighting')}</h2>
      {thread && (
        <p className="small" data-testid="from-thread">
          {t('threads.fromThread', { label: thread.label })}
        </p>
      )}
      {call && (
        <p className="call-link small" data-testid="form-call">
          {t('hotline.formFromCall', { time: format.time(call.startedAt), language: call.language ? format.language(call.language) : '—' })}
        </p>
      )}
      {streetMap && <PlaceSearch scope="staff" near={near} onPick={onRelocate} inputRef={searchRef} placeholder={t('search.movePin')} testId="form-search" />}
      <p className="muted small" data-testid="draft-at">
        {t('dispatch.at', { lat: at[1].toFixed(5), lon: at[0].toFixed(5) })} · {t('dispatch.dragPin')}
      </p>
      <label>
        {t('salute.locationDescription')}
        <input
          ref={describeRef}
          name="locationDescription"
          value={locationDescription}
          onChange={(e) => setLocationDescription(e.target.value)}
          maxLength={300}
          autoFocus
          placeholder={t('salute.locationPlaceholder')}
        />
      </label>
      <div className="row">
        <label>
          {t('salute.activity')}
          <select name="activity" value={activity} onChange={(e) => setActivity(e.target.value as typeof activity)}>
            {activities.map((a) => (
              <option key={a} value={a}>
                {t(`activity.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('salute.agency')}
          <select name="agency" value={agency} onChange={(e) => setAgency(e.target.value as typeof agency)}>
            {agencies.map((a) => (
              <option key={a} value={a}>
                {/* Under the "Agency" label, "Unknown agency" says it twice and does not fit the sidebar. */}
                {a === 'unknown' ? t('salute.agencyNotKnown') : t(`agency.${a}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label>
          {t('salute.agents')}
          <input name="agents" type="number" min={0} max={1000} inputMode="numeric" value={agents} onChange={(e) => setAgents(e.target.value)} />
        </label>
        <label>
          {t('salute.vehicles')}
          <input name="vehicles" type="number" min={0} max={1000} inputMode="numeric" value={vehicles} onChange={(e) => setVehicles(e.target.value)} />
        </label>
        <label>
          {t('salute.minutesAgo')}
          <input name="minutesAgo" type="number" min={0} max={1440} inputMode="numeric" value={minutesAgo} onChange={(e) => setMinutesAgo(e.target.value)} />
        </label>
      </div>
      <label>
        {t('salute.uniform')}
        <input name="uniform" value={uniform} onChange={(e) => setUniform(e.target.value)} maxLength={300} placeholder={t('salute.uniformPlaceholder')} />
      </label>
      <label>
        {t('salute.equipment')}
        <input
          name="equipment"
          value={equipment}
          onChange={(e) => setEquipment(e.target.value)}
          maxLength={500}
          placeholder={t('salute.equipmentPlaceholder')}
        />
      </label>
      <label>
        {t('salute.notes')}
        <textarea name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} rows={3} />
      </label>
      <label hidden={call !== null || thread !== null}>
        {t('salute.channel')}
        <select name="channel" value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)}>
          {channels.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </label>
      {errors.length > 0 && (
        <ul className="error" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {discard.asking && (
        <ConfirmDanger
          className="notice"
          question={t('dispatch.discardQuestion')}
          yes={t('dispatch.discard')}
          no={t('dispatch.keepEditing')}
          onYes={onCancel}
          onNo={discard.keepEditing}
          focusNo
          testId="discard-sighting"
        />
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {t('dispatch.logSighting')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
