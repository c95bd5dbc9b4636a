import { type FollowUp, followUpKinds, type IncidentView, type MediaItem, type Witness } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/i18n/format';
import { api, describeError } from '../../shared/api/client';
import { uploadPhoto, useAuthorizedImage } from '../../shared/api/files';
import { FileField } from '../../shared/ui/FileField';

function Photo({ item }: { item: MediaItem }) {
  const url = useAuthorizedImage(`/api/media/${item.id}`);
  return (
    <a href={url ?? undefined} target="_blank" rel="noreferrer" title={`SHA-256 ${item.sha256}`}>
      {url ? <img src={url} alt="" width={96} /> : <span className="thumb" />}
      <span className="small muted">{item.source}</span>
    </a>
  );
}

export function Photos({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  return (
    <section data-testid="photos">
      <h3>{t('incident.photos')}</h3>
      <div className="photos">
        {view.media.map((m) => (
          <Photo key={m.id} item={m} />
        ))}
      </div>
      <FileField
        className="small"
        label={t('incident.addPhoto')}
        accept="image/jpeg,image/png,image/webp"
        onFile={(file) => {
          void uploadPhoto<MediaItem>(`/api/incidents/${view.incident.id}/media`, file).then(
            () => setError(null),
            (err: unknown) => setError(describeError(err)),
          );
        }}
      />
      <p className="small muted">{t('incident.photoPrivacy')}</p>
      {error && <p className="error">{error}</p>}
    </section>
  );
}

export function Witnesses({ incidentId, version }: { incidentId: string; version: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [witnesses, setWitnesses] = useState<Witness[]>([]);
  const [contact, setContact] = useState('');
  const [note, setNote] = useState('');
  useEffect(() => {
    void api<Witness[]>('GET', `/api/incidents/${incidentId}/witnesses`).then(setWitnesses);
  }, [incidentId, version]);
  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    setWitnesses(await api<Witness[]>('POST', `/api/incidents/${incidentId}/witnesses`, { contact, ...(note ? { note } : {}) }));
    setContact('');
    setNote('');
  };
  return (
    <section data-testid="witnesses">
      <h3>{t('incident.witnesses')}</h3>
      <ul className="plain">
        {witnesses.map((w) => (
          <li key={w.id}>
            {w.contact} {w.note && <span className="muted">— {w.note}</span>}{' '}
            <span className="small muted">{t('incident.deletedOn', { date: format.date(w.deleteAfter) })}</span>
          </li>
        ))}
      </ul>
      <form className="row" onSubmit={(e) => void add(e)}>
        <input
          name="contact"
          value={contact}
          onChange={(e) => setContact(e.target.value)}
          placeholder={t('incident.witnessContact')}
          maxLength={300}
          required
        />
        <input name="witnessNote" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('incident.witnessNote')} maxLength={1000} />
        <button type="submit">{t('incident.add')}</button>
      </form>
    </section>
  );
}

export function FollowUps({ incidentId, version, stamp = 0 }: { incidentId: string; version: number; stamp?: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [items, setItems] = useState<FollowUp[]>([]);
  const [kind, setKind] = useState<(typeof followUpKinds)[number]>('family_contacted');
  const [note, setNote] = useState('');
  const [due, setDue] = useState(() => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
  const [error, setError] = useState<string | null>(null);
  const load = () => void api<FollowUp[]>('GET', `/api/incidents/${incidentId}/follow-ups`).then(setItems);
  useEffect(load, [incidentId, version, stamp]);
  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    try {
      await api('POST', `/api/incidents/${incidentId}/follow-ups`, { kind, note, dueAt: new Date(`${due}T17:00:00`).toISOString() });
      setNote('');
      setError(null);
      load();
    } catch (err) {
      setError(describeError(err));
    }
  };
  const toggle = async (f: FollowUp) => {
    await api('PATCH', `/api/follow-ups/${f.id}`, { done: !f.doneAt });
    load();
  };
  return (
    <section data-testid="follow-ups">
      <h3>{t('incident.followUps')}</h3>
      <ul className="plain">
        {items.map((f) => (
          <li key={f.id} className={f.doneAt ? 'done' : ''}>
            <label className="inline">
              <input type="checkbox" checked={!!f.doneAt} onChange={() => void toggle(f)} />
              {t(`followUp.${f.kind}`)} · {format.date(f.dueAt)} {f.note && <span className="muted">— {f.note}</span>}
            </label>
          </li>
        ))}
      </ul>
      <form className="row wrap" onSubmit={(e) => void add(e)}>
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} aria-label={t('incident.followUpKind')}>
          {followUpKinds.map((k) => (
            <option key={k} value={k}>
              {t(`followUp.${k}`)}
            </option>
          ))}
        </select>
        <input type="date" name="due" value={due} onChange={(e) => setDue(e.target.value)} required aria-label={t('incident.followUpDue')} />
        <input
          name="followUpNote"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('incident.followUpNote')}
          aria-label={t('incident.followUpNote')}
        />
        <button type="submit">{t('incident.add')}</button>
      </form>
      {error && <p className="error">{error}</p>}
    </section>
  );
}

export function Debrief({ view, run }: { view: IncidentView; run: (work: () => Promise<IncidentView>) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [text, setText] = useState(view.incident.debrief);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(view.incident.debrief);
  }, [view.incident.debrief, editing]);
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    if (await run(() => api<IncidentView>('PUT', `/api/incidents/${view.incident.id}/debrief`, { text, version: view.incident.version }))) setEditing(false);
  };
  return (
    <section data-testid="debrief">
      <h3>{t('incident.debrief')}</h3>
      <form onSubmit={(e) => void save(e)}>
        <textarea
          rows={3}
          value={text}
          onFocus={() => setEditing(true)}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('incident.debriefPlaceholder')}
        />
        {editing && (
          <button type="submit" className="small">
            {t('incident.saveDebrief')}
          </button>
        )}
      </form>
    </section>
  );
}
