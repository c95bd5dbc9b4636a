import type { CreateShiftTemplate, ShiftTemplate, Zone } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../../shared/api/client';
import { useIdempotencyKeys } from '../../../shared/api/idempotency';
import { useFormat } from '../../../shared/i18n/format';

/** A coordinator adds a weekly shift: day, hours (network time), who (operators or a zone's responders), how many. */
export function ShiftForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const keys = useIdempotencyKeys();
  const [body, setBody] = useState<CreateShiftTemplate>({ weekday: 1, start: '06:00', end: '09:00', role: 'operator', minStaff: 1 });
  const [zones, setZones] = useState<Zone[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Zone[]>('GET', '/api/zones').then(setZones, () => setZones([]));
  }, []);
  const set = (patch: Partial<CreateShiftTemplate>) => setBody((b) => ({ ...b, ...patch }));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const sent = body.role === 'operator' ? { ...body, zoneId: null } : body;
    api<ShiftTemplate>('POST', '/api/shifts', sent, { 'idempotency-key': keys.keyFor(sent) }).then(
      () => {
        keys.reset();
        setError(null);
        onSaved();
      },
      (err: unknown) => setError(describeError(err)),
    );
  };
  return (
    <form className="card shift-form" onSubmit={submit} data-testid="shift-form">
      <label>
        {t('shifts.day')}
        <select value={body.weekday} onChange={(e) => set({ weekday: Number(e.target.value) })} name="weekday">
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <option key={d} value={d}>
              {format.weekday(d)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('shifts.start')}
        <input type="time" required value={body.start} onChange={(e) => set({ start: e.target.value })} name="start" />
      </label>
      <label>
        {t('shifts.end')}
        <input type="time" required value={body.end} onChange={(e) => set({ end: e.target.value })} name="end" />
      </label>
      <label>
        {t('shifts.who')}
        <select value={body.role} onChange={(e) => set({ role: e.target.value as CreateShiftTemplate['role'] })} name="role">
          <option value="operator">{t('shifts.role.operator')}</option>
          <option value="responder">{t('shifts.role.responder')}</option>
        </select>
      </label>
      {body.role === 'responder' && (
        <label>
          {t('shifts.zone')}
          <select value={body.zoneId ?? ''} onChange={(e) => set({ zoneId: e.target.value || null })} name="zone">
            <option value="">{t('shifts.anyZone')}</option>
            {zones.map((z) => (
              <option key={z.id} value={z.id}>
                {z.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('shifts.minStaff')}
        <input type="number" min={1} max={50} required value={body.minStaff} onChange={(e) => set({ minStaff: Number(e.target.value) })} name="minStaff" />
      </label>
      <button type="submit" className="primary" data-testid="add-shift">
        {t('shifts.add')}
      </button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}
