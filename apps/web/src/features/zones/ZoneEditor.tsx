import { type Capability, capabilities, type Responder, type Zone } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';

type Props = {
  zone: Zone;
  responders: Responder[];
  editingShape: boolean;
  onEditShape: () => void;
  onSaveShape: () => Promise<void>;
  onCancelShape: () => void;
  onDeleted: () => void;
};

const messageOf = describeError;

/** A selected zone: rename, reshape, assign responders, delete. */
export function ZoneEditor({ zone, responders, editingShape, onEditShape, onSaveShape, onCancelShape, onDeleted }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(zone.name);
  const [assigned, setAssigned] = useState(new Set(zone.responderIds));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [show, setShow] = useState<'all' | 'assigned' | 'onDuty' | 'unassigned'>('all');
  const [capability, setCapability] = useState<Capability | ''>('');
  const needle = query.trim().toLocaleLowerCase();
  const visible = responders.filter(
    (r) =>
      (!needle || r.alias.toLocaleLowerCase().includes(needle)) &&
      (!capability || r.capabilities.includes(capability)) &&
      (show === 'all' || (show === 'assigned' && assigned.has(r.id)) || (show === 'unassigned' && !assigned.has(r.id)) || (show === 'onDuty' && r.onDuty)),
  );
  useEffect(() => {
    setName(zone.name);
    setAssigned(new Set(zone.responderIds));
  }, [zone]);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setError(null);
    setSaved(null);
    try {
      await work();
      setSaved(done);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const rename = (event: SubmitEvent) => {
    event.preventDefault();
    void run(() => api('PATCH', `/api/zones/${zone.id}`, { name }), t('zones.saved'));
  };
  const toggle = (id: string) =>
    setAssigned((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const saveResponders = () => void run(() => api('PUT', `/api/zones/${zone.id}/responders`, { responderIds: [...assigned] }), t('zones.saved'));
  const remove = () => {
    if (!window.confirm(t('zones.confirmDelete', { name: zone.name }))) return;
    void run(() => api('DELETE', `/api/zones/${zone.id}`).then(onDeleted), t('zones.deleted'));
  };

  return (
    <section className="zone-editor" data-testid="zone-editor">
      <form onSubmit={rename} className="row">
        <label className="grow">
          {t('zones.name')}
          <input name="zoneName" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
        </label>
        <button type="submit" disabled={name.trim() === zone.name}>
          {t('zones.rename')}
        </button>
      </form>
      <div className="row">
        {editingShape ? (
          <>
            <button type="button" className="primary" onClick={() => void run(onSaveShape, t('zones.saved'))}>
              {t('zones.saveShape')}
            </button>
            <button type="button" onClick={onCancelShape}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <button type="button" onClick={onEditShape}>
            {t('zones.editShape')}
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="danger" onClick={remove}>
          {t('zones.delete')}
        </button>
      </div>
      {editingShape && <p className="muted small">{t('zones.editShapeHint')}</p>}
      <h2 className="subsection-title">{t('zones.responders')}</h2>
      <div className="row wrap assign-filters">
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('zones.findResponder')}
          aria-label={t('zones.findResponder')}
          data-testid="assign-search"
        />
        <select value={show} onChange={(e) => setShow(e.target.value as typeof show)} aria-label={t('zones.show')} data-testid="assign-filter">
          {(['all', 'assigned', 'onDuty', 'unassigned'] as const).map((f) => (
            <option key={f} value={f}>
              {t(`zones.filter.${f}`)}
            </option>
          ))}
        </select>
        <select value={capability} onChange={(e) => setCapability(e.target.value as typeof capability)} aria-label={t('responders.capabilities')}>
          <option value="">{t('zones.anyCapability')}</option>
          {capabilities.map((c) => (
            <option key={c} value={c}>
              {t(`capability.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="small muted">{t('zones.assignedCount', { count: assigned.size, shown: visible.length })}</p>
      <ul className="checklist" data-testid="assign-list">
        {visible.map((r) => (
          <li key={r.id}>
            <label>
              <input type="checkbox" checked={assigned.has(r.id)} onChange={() => toggle(r.id)} />
              {r.alias} {r.onDuty && <span className="badge on-duty">{t('respond.onDuty')}</span>}
            </label>
          </li>
        ))}
      </ul>
      <button type="button" onClick={saveResponders}>
        {t('zones.saveResponders')}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className="ok" role="status">
          {saved}
        </p>
      )}
    </section>
  );
}
